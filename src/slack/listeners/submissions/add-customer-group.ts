import type { App } from '@slack/bolt'
import { fieldErrors } from '../../answers/answer-save.ts'
import { replyPrivately } from '../../answers/reply-privately.ts'
import { mrkdwn } from '../../blocks/mrkdwn.ts'
import type { SlackDeps } from '../../deps.ts'
import { formHandler } from '../../handlers/form-handler.ts'
import { ACTION, BLOCK, CALLBACK } from '../../ids.ts'
import { isChecked, selectedIds, textValue } from '../../parsing/view-state.ts'
import { GROUP_FIELD_BLOCKS } from './customer-group.ts'

export function registerAddCustomerGroupSubmit(app: App, deps: SlackDeps) {
  app.view(
    CALLBACK.addCustomerGroup,
    formHandler(deps, 'editGroups', async ({ ack, client }, { actor, meta, state }) => {
      const input = {
        name: textValue(state, BLOCK.name, ACTION.groupName),
        customerIds: selectedIds(state, BLOCK.customers, ACTION.pickCustomers),
        userIds: selectedIds(state, BLOCK.users, ACTION.pickUsers),
        isDefault: isChecked(state, BLOCK.isDefault, ACTION.isDefault, 'default'),
      }
      const outcome = await deps.services.groups.add(actor, input)
      if (outcome.status === 'invalid') {
        await ack({ response_action: 'errors', errors: fieldErrors(outcome.problems, GROUP_FIELD_BLOCKS) })
        return
      }
      await ack({ response_action: 'clear' })
      const text =
        outcome.status === 'applied'
          ? mrkdwn`:white_check_mark: Added group ${input.name.trim()}: ${outcome.summary}.`
          : mrkdwn`Group ${input.name.trim()} was not added (${outcome.status}).`
      await replyPrivately(client, actor.slackUserId ?? '', meta, { text })
    }),
  )
}
