// Options for the forms' external selects (lists can exceed Slack's 100 static options).
import type { App } from '@slack/bolt'
import type { CustomerOptionItem } from '../../../services/queries/options.ts'
import { option } from '../../blocks/block-kit.ts'
import { clip, OPTION_TEXT_MAX } from '../../blocks/limits.ts'
import type { SlackDeps } from '../../deps.ts'
import { checkStaff } from '../../handlers/check-staff.ts'
import { ACTION } from '../../ids.ts'
import { decodeMetadata } from '../../metadata.ts'

type Option = ReturnType<typeof option>

interface OptionsArgs {
  ack: (r: { options: Option[] }) => Promise<void>
  options: { value: string }
  body: { user: { id: string } }
  client: Parameters<typeof checkStaff>[1]
}

/** The longest part of an option text the taking groups may use. */
const TAKEN_BY_MAX = 40

/** Exclusive mode: "Acme (taken by Zoho)", the name clipped so the text fits Slack's 75 characters. */
export function customerOptionText(c: CustomerOptionItem): string {
  if (c.takenBy.length === 0) return clip(c.name, OPTION_TEXT_MAX)
  const suffix = ` (taken by ${clip(c.takenBy.join(', '), TAKEN_BY_MAX)})`
  return `${clip(c.name, OPTION_TEXT_MAX - suffix.length)}${suffix}`
}

export function registerFormOptions(app: App, deps: SlackDeps) {
  /** Options only for a mapped staff member; anyone else gets none. */
  const forStaff =
    (search: (value: string) => Promise<Array<{ id: number; name: string }>>) =>
    async ({ ack, options, body, client }: OptionsArgs) => {
      const staff = await checkStaff(deps, client, body.user.id, 'read')
      await ack({ options: staff.ok ? (await search(options.value)).map(option) : [] })
    }
  app.options(
    ACTION.pickGroups,
    forStaff((value) => deps.services.groups.search(value)),
  )
  const users = forStaff((value) => deps.services.mspUsers.search(value))
  app.options(ACTION.pickUsers, users)
  app.options(ACTION.pickAccountContact, users)
  app.options(ACTION.pickCustomers, async ({ ack, options, body, client }) => {
    const staff = await checkStaff(deps, client, body.user.id, 'read')
    // The group being edited (none in Add Customer Group) does not count as taking its own customers.
    const editingGroupId = decodeMetadata(body.view?.private_metadata).id
    const found = staff.ok
      ? await deps.services.customers.search(staff.actor, options.value, editingGroupId)
      : []
    await ack({ options: found.map((c) => option({ id: c.id, name: customerOptionText(c) })) })
  })
}
