import type { App } from '@slack/bolt'
import { editCustomerGroup } from '../../../services/groups/edit-customer-group.ts'
import { customerGroupDetail } from '../../../services/queries/groups.ts'
import type { SlackDeps } from '../../deps.ts'
import { ACTION, BLOCK, CALLBACK } from '../../ids.ts'
import { isChecked, selectedIds, textValue } from '../../parsing/view-state.ts'
import { customerGroupView } from '../../views/customer-group.ts'
import { answerSave } from './answer-save.ts'
import { changedMeanwhile } from './changed-meanwhile.ts'
import { formHandler } from './run-form.ts'

export const GROUP_FIELD_BLOCKS = {
  name: BLOCK.name,
  customers: BLOCK.customers,
  users: BLOCK.users,
} as const

export function registerCustomerGroupSubmit(app: App, deps: SlackDeps) {
  app.view(
    CALLBACK.customerGroup,
    formHandler(deps, 'editGroups', async ({ ack, client }, { actor, meta, state }) => {
      const input = {
        groupId: meta.id ?? 0,
        name: textValue(state, BLOCK.name, ACTION.groupName),
        customerIds: selectedIds(state, BLOCK.customers, ACTION.pickCustomers),
        userIds: selectedIds(state, BLOCK.users, ACTION.pickUsers),
        isDefault: isChecked(state, BLOCK.isDefault, ACTION.isDefault, 'default'),
      }
      const subject = `group ${input.name.trim()}`
      await answerSave(deps, client, ack, {
        outcome: await editCustomerGroup(deps.db, actor, input, undefined, meta.version),
        reopen: async () => {
          const current = await customerGroupDetail(deps.db, input.groupId)
          return customerGroupView(current, meta, changedMeanwhile(`Group ${current.group.name}`))
        },
        save: { form: 'customer-group', input, version: meta.version },
        subject,
        meta: { ...meta, subject },
        actor,
        blocks: GROUP_FIELD_BLOCKS,
        previewAction: 'push',
      })
    }),
  )
}
