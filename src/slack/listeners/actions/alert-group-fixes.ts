// Fix buttons of a blocked save (in the preview and in the channel notification); each behind a Yes dialog.
import type { App } from '@slack/bolt'
import { z } from 'zod'
import { alertGroupFixMessage } from '../../../messages/results.ts'
import { escaped } from '../../blocks/mrkdwn.ts'
import type { SlackDeps } from '../../deps.ts'
import { buttonHandler } from '../../handlers/button-handler.ts'
import { ACTION } from '../../ids.ts'

const alertFixValue = z.object({
  c: z.number().int(),
  a: z.number().int().positive(),
  u: z.number().int().positive(),
})
const parseFix = (value: string | undefined) => alertFixValue.parse(JSON.parse(value ?? '{}'))

export function registerAlertGroupFixes(app: App, deps: SlackDeps) {
  app.action(
    ACTION.fixRemoveAlertMember,
    buttonHandler(deps, 'editCustomers', async ({ action }, actor) => {
      const fix = parseFix(action.value)
      return escaped(
        alertGroupFixMessage(await deps.services.customers.removeAlertGroupMember(actor, fix.a, fix.u)),
      )
    }),
  )
  app.action(
    ACTION.fixDeleteAlertGroup,
    buttonHandler(deps, 'editCustomers', async ({ action }, actor) =>
      escaped(
        alertGroupFixMessage(await deps.services.customers.deleteAlertGroup(actor, parseFix(action.value).a)),
      ),
    ),
  )
}
