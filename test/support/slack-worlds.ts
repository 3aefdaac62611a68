// Named seed worlds of the Slack tests, by names over `seedWorld` and the staff of worlds.ts.
//
//   const w = await seedSlackWorld(t, { customers: [{ name: 'Zylker' }] })          // + the /msp staff
//   const w = await seedSlackWorld(t, zylkerGuardedInZoho(['Tess']), [staff.priya, staff.tess])
//
// Two casts of staff, by the Slack ids their tests use:
// - the form tests (test/slack/forms) act as worlds.ts's `staff`: Priya U1, Mona U2, Tess U3, Vic U4;
// - the /msp command tests (test/slack/subcommands) act as `slackStaff`, with readable Slack ids
//   (`U0PRIYA`, …) that show in mentions and in the audit: Priya and Vic are worlds.ts's, Maya is a
//   manager and Alex a technician, and a world places them in groups by name.

import { type SeededWorld, type SeedSpec, seedWorld, type UserSpec } from './seed.ts'
import type { SlackAppHarness } from './slack-app.ts'
import { staff } from './worlds.ts'

// ---------------------------------------------------------------------------------------------------------
// The staff of the /msp command tests
// ---------------------------------------------------------------------------------------------------------

export const slackStaff = {
  priya: { ...staff.priya, slackUserId: 'U0PRIYA' },
  maya: { name: 'Maya', role: 'manager', slackUserId: 'U0MAYA' },
  alex: { name: 'Alex', role: 'technician', slackUserId: 'U0ALEX' },
  vic: { ...staff.vic, slackUserId: 'U0VIC' },
} as const satisfies Record<string, UserSpec>

/** Admin Priya (U0PRIYA), manager Maya (U0MAYA), technician Alex (U0ALEX), viewer Vic (U0VIC). */
export const slackStaffRoster: readonly UserSpec[] = [
  slackStaff.priya,
  slackStaff.maya,
  slackStaff.alex,
  slackStaff.vic,
]

/** A member of the Slack workspace whose profile email is in no MSP user's record: `t.fake.addUser(slackStranger)`. */
export const slackStranger = {
  id: 'U0STRANGER',
  email: 'stranger@elsewhere.example',
  name: 'stranger',
} as const

/**
 * Seeds `spec` into the Slack app's database with the staff `members` (default: the whole `slackStaffRoster`)
 * as its first users, before the spec's own. A world places staff in groups or on customers by name.
 */
export function seedSlackWorld(
  t: SlackAppHarness,
  spec: SeedSpec,
  members: readonly UserSpec[] = slackStaffRoster,
): Promise<SeededWorld> {
  return seedWorld(t.db(), { ...spec, users: [...members, ...(spec.users ?? [])] })
}

// ---------------------------------------------------------------------------------------------------------
// Worlds (without the staff)
// ---------------------------------------------------------------------------------------------------------

/**
 * A save that takes Zylker out of Zoho is blocked twice: Zylker's Account Contact is Alex, and Bo is the
 * only member of its alert group Ops; both reach Zylker only through Zoho (Zylker, Acme / Alex, Bo, and the
 * staff named in `alsoInZoho`). Carl is in no group (someone to link directly). (Blocked saves, robustness.)
 */
export const zylkerGuardedInZoho = (alsoInZoho: readonly string[] = []): SeedSpec => ({
  users: [{ name: 'Alex' }, { name: 'Bo' }, { name: 'Carl' }],
  customers: [
    { name: 'Zylker', accountContact: 'Alex', alertGroups: [{ name: 'Ops', members: ['Bo'] }] },
    { name: 'Acme' },
  ],
  groups: [{ name: 'Zoho', customers: ['Zylker', 'Acme'], users: ['Alex', 'Bo', ...alsoInZoho] }],
})
