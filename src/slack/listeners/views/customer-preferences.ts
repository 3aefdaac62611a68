import type { App } from '@slack/bolt'
import { editCustomerPreferences } from '../../../services/customers/edit-customer-preferences.ts'
import { customerPreferences } from '../../../services/queries/customers.ts'
import type { SlackDeps } from '../../deps.ts'
import { ACTION, BLOCK, CALLBACK } from '../../ids.ts'
import { selectedId, selectedIds } from '../../parsing/view-state.ts'
import { customerPreferencesView } from '../../views/customer-preferences.ts'
import { answerSave } from './answer-save.ts'
import { changedMeanwhile } from './changed-meanwhile.ts'
import { formHandler } from './run-form.ts'

export function registerCustomerPreferencesSubmit(app: App, deps: SlackDeps) {
  app.view(
    CALLBACK.customerPreferences,
    formHandler(deps, 'editAssociations', async ({ ack, client }, { actor, meta, state }) => {
      const customerId = meta.id ?? 0
      const input = {
        customerId,
        groupIds: selectedIds(state, BLOCK.groups, ACTION.pickGroups),
        directUserIds: selectedIds(state, BLOCK.directUsers, ACTION.pickUsers),
        accountContactId: selectedId(state, BLOCK.accountContact, ACTION.pickAccountContact),
      }
      const subject = meta.subject ?? 'the customer'
      await answerSave(deps, client, ack, {
        outcome: await editCustomerPreferences(deps.db, actor, input, undefined, meta.version),
        reopen: async () =>
          customerPreferencesView(
            await customerPreferences(deps.db, customerId),
            meta,
            changedMeanwhile(subject),
          ),
        save: { form: 'customer-preferences', input, version: meta.version },
        subject,
        meta: { ...meta, subject },
        actor,
        blocks: {
          groups: BLOCK.groups,
          directUsers: BLOCK.directUsers,
          accountContact: BLOCK.accountContact,
        },
        previewAction: 'push',
      })
    }),
  )
}
