// Options for the forms' external selects (lists can exceed Slack's 100 static options).
import type { App } from '@slack/bolt'
import { searchCustomers, searchGroups, searchMspUsers } from '../../../services/queries/options.ts'
import type { SlackDeps } from '../../deps.ts'
import { ACTION } from '../../ids.ts'
import { option } from '../../views/blocks.ts'
import { checkStaff } from '../with-staff.ts'

export function registerFormOptions(app: App, deps: SlackDeps) {
  app.options(ACTION.pickGroups, async ({ ack, options }) => {
    await ack({ options: (await searchGroups(deps.db, options.value)).map(option) })
  })
  const users = async ({
    ack,
    options,
  }: {
    ack: (r: { options: ReturnType<typeof option>[] }) => Promise<void>
    options: { value: string }
  }) => {
    await ack({ options: (await searchMspUsers(deps.db, options.value)).map(option) })
  }
  app.options(ACTION.pickUsers, users)
  app.options(ACTION.pickAccountContact, users)
  app.options(ACTION.pickCustomers, async ({ ack, options, body, client }) => {
    const staff = await checkStaff(deps, client, body.user.id, 'read')
    const found = staff.ok ? await searchCustomers(deps.db, staff.actor, options.value) : []
    await ack({ options: found.map(option) })
  })
}
