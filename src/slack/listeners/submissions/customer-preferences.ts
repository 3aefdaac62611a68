import type { App } from '@slack/bolt'
import { changedMeanwhileMessage } from '../../../messages/problems.ts'
import { answerSave } from '../../answers/answer-save.ts'
import { customerPreferencesView } from '../../blocks/customer-preferences.ts'
import type { SlackDeps } from '../../deps.ts'
import { formHandler } from '../../handlers/form-handler.ts'
import { ACTION, BLOCK, CALLBACK } from '../../ids.ts'
import { selectedId, selectedIds } from '../../parsing/view-state.ts'

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
        outcome: await deps.services.customers.editPreferences(actor, input, undefined, meta.version),
        reopen: async () =>
          customerPreferencesView(
            await deps.services.customers.preferences(customerId),
            meta,
            changedMeanwhileMessage(subject),
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
