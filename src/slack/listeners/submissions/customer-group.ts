import type { App } from '@slack/bolt'
import { changedMeanwhileMessage } from '../../../messages/problems.ts'
import { answerSave } from '../../answers/answer-save.ts'
import { customerGroupView } from '../../blocks/customer-group.ts'
import type { SlackDeps } from '../../deps.ts'
import { formHandler } from '../../handlers/form-handler.ts'
import { ACTION, BLOCK, CALLBACK } from '../../ids.ts'
import { isChecked, selectedIds, textValue } from '../../parsing/view-state.ts'

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
        outcome: await deps.services.groups.edit(actor, input, undefined, meta.version),
        reopen: async () => {
          const current = await deps.services.groups.detail(input.groupId)
          return customerGroupView(current, meta, changedMeanwhileMessage(`Group ${current.group.name}`))
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
