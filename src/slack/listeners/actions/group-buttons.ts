// Buttons inside Edit Customer Group: Associated Users, and Delete Group (behind a confirm dialog).
import type { App } from '@slack/bolt'
import { z } from 'zod'
import { groupDeletedMessage } from '../../../messages/results.ts'
import { groupUsersView } from '../../blocks/customer-group.ts'
import { escaped } from '../../blocks/mrkdwn.ts'
import { noticeView } from '../../blocks/notice.ts'
import type { SlackDeps } from '../../deps.ts'
import { buttonHandler, showModal } from '../../handlers/button-handler.ts'
import { ACTION } from '../../ids.ts'

const idValue = z.coerce.number().int().positive()

export function registerGroupButtons(app: App, deps: SlackDeps) {
  app.action(
    ACTION.showGroupUsers,
    buttonHandler(deps, 'read', async (args) => {
      const detail = await deps.services.groups.detail(idValue.parse(args.action.value))
      await showModal(args, groupUsersView(detail.group, detail.users))
      return undefined
    }),
  )
  app.action(
    ACTION.deleteGroup,
    buttonHandler(deps, 'editGroups', async (args, actor) => {
      const { name } = await deps.services.groups.delete(actor, idValue.parse(args.action.value))
      const message = escaped(groupDeletedMessage(name))
      const view = args.body.view
      if (view) {
        await args.client.views.update({ view_id: view.id, view: noticeView('Group deleted', message) })
        return undefined
      }
      return message
    }),
  )
}
