// Named seed worlds and input builders shared by the service tests (all by names, over `seedWorld`).
//
//   const { w, priya } = await seedStaffWorld(prisma(), alexInTwoGroups())
//   await editMspUser(prisma(), priya, userInput(w, 'Alex', ['Site24x7']))
//
// A world function returns a `SeedSpec` without the staff; `extra` replaces whole keys of it (a test that
// needs other customers or groups states them all), so every test shows what it changes.
import type { Db } from '../../src/db/client.ts'
import type { StaffRole } from '../../src/domain/roles.ts'
import type { StaffActor } from '../../src/services/actor.ts'
import type { CustomerPreferencesInput } from '../../src/services/customers/edit-customer-preferences.ts'
import type { CustomerGroupInput } from '../../src/services/groups/edit-customer-group.ts'
import type { MspUserInput } from '../../src/services/users/edit-msp-user.ts'
import { type SeededWorld, type SeedSpec, seedWorld, type UserSpec } from './seed.ts'

// ---------------------------------------------------------------------------------------------------------
// The staff: one MSP user of each role, with Slack ids U1–U4, in no group and linked to no customer.
// ---------------------------------------------------------------------------------------------------------

export const staff = {
  priya: { name: 'Priya', role: 'admin', slackUserId: 'U1' },
  mona: { name: 'Mona', role: 'manager', slackUserId: 'U2' },
  tess: { name: 'Tess', role: 'technician', slackUserId: 'U3' },
  vic: { name: 'Vic', role: 'viewer', slackUserId: 'U4' },
} as const satisfies Record<string, UserSpec>

/** Priya (admin, U1), Mona (manager, U2), Tess (technician, U3), Vic (viewer, U4). */
export const staffRoster: readonly UserSpec[] = [staff.priya, staff.mona, staff.tess, staff.vic]

export interface StaffWorld {
  w: SeededWorld
  /** Priya as the acting admin. */
  priya: StaffActor
}

/**
 * Seeds `spec` with the staff `members` (default: the whole roster) as its first users, before the spec's
 * own; the members must include Priya. A world places staff in groups or on customers by name.
 */
export async function seedStaffWorld(
  prisma: Db,
  spec: SeedSpec,
  members: readonly UserSpec[] = staffRoster,
): Promise<StaffWorld> {
  const w = await seedWorld(prisma, { ...spec, users: [...members, ...(spec.users ?? [])] })
  return { w, priya: w.actor('Priya') }
}

// ---------------------------------------------------------------------------------------------------------
// Worlds (without the staff)
// ---------------------------------------------------------------------------------------------------------

/**
 * Zylker in Zoho (Alex); Acme in Site24x7 (Bea, Mona) with Tess and Vic linked directly; Carl in no group.
 * (Edit Customer Preferences.)
 */
export const zylkerInZohoAcmeInSite24x7 = (extra: Partial<SeedSpec> = {}): SeedSpec => ({
  users: [{ name: 'Alex' }, { name: 'Bea' }, { name: 'Carl' }],
  customers: [{ name: 'Zylker' }, { name: 'Acme', directUsers: ['Tess', 'Vic'] }],
  groups: [
    { name: 'Zoho', customers: ['Zylker'], users: ['Alex'] },
    { name: 'Site24x7', customers: ['Acme'], users: ['Bea', 'Mona'] },
  ],
  ...extra,
})

/** Zoho: Zylker, Acme / Alex. Site24x7: Acme / Alex, Mona. Cloud: Globex / nobody. (Edit User.) */
export const alexInTwoGroups = (extra: Partial<SeedSpec> = {}): SeedSpec => ({
  users: [{ name: 'Alex', role: 'technician' }],
  customers: [{ name: 'Zylker' }, { name: 'Acme' }, { name: 'Globex' }],
  groups: [
    { name: 'Zoho', customers: ['Zylker', 'Acme'], users: ['Alex'] },
    { name: 'Site24x7', customers: ['Acme'], users: ['Alex', 'Mona'] },
    { name: 'Cloud', customers: ['Globex'] },
  ],
  ...extra,
})

/**
 * Zoho (the default): Zylker, Acme / Alex. Site24x7: Initech / Bea, Mona. Empty: no customers / Alex.
 * Globex in no group. (Customer groups.)
 */
export const defaultZohoAndEmptyGroup = (extra: Partial<SeedSpec> = {}): SeedSpec => ({
  users: [{ name: 'Alex' }, { name: 'Bea' }],
  customers: [{ name: 'Zylker' }, { name: 'Acme' }, { name: 'Initech' }, { name: 'Globex' }],
  groups: [
    { name: 'Zoho', customers: ['Zylker', 'Acme'], users: ['Alex'], default: true },
    { name: 'Site24x7', customers: ['Initech'], users: ['Bea', 'Mona'] },
    { name: 'Empty', users: ['Alex'] },
  ],
  ...extra,
})

/** Zoho: Zylker, Acme / Alex. Site24x7: Acme / Bea. Cloud: Globex / Carl. (Concurrent saves.) */
export const oneUserPerGroup = (): SeedSpec => ({
  users: [{ name: 'Alex' }, { name: 'Bea' }, { name: 'Carl' }],
  customers: [{ name: 'Zylker' }, { name: 'Acme' }, { name: 'Globex' }],
  groups: [
    { name: 'Zoho', customers: ['Zylker', 'Acme'], users: ['Alex'] },
    { name: 'Site24x7', customers: ['Acme'], users: ['Bea'] },
    { name: 'Cloud', customers: ['Globex'], users: ['Carl'] },
  ],
})

/**
 * Zoho: Zylker, Acme / Alex. Site24x7: Zylker / Bea. Omar a second admin (Slack id U2, so seed it with the
 * staff `[staff.priya]` only). (Pending plans.)
 */
export const alexOnlyInZoho = (): SeedSpec => ({
  users: [{ name: 'Omar', role: 'admin', slackUserId: 'U2' }, { name: 'Alex' }, { name: 'Bea' }],
  customers: [{ name: 'Zylker' }, { name: 'Acme' }],
  groups: [
    { name: 'Zoho', customers: ['Zylker', 'Acme'], users: ['Alex'] },
    { name: 'Site24x7', customers: ['Zylker'], users: ['Bea'] },
  ],
})

/** `n` customer names for filling a group up to a limit: Filler 01, Filler 02, … */
export const fillers = (n: number) =>
  Array.from({ length: n }, (_, i) => `Filler ${String(i + 1).padStart(2, '0')}`)

/** A (user, customer) pair as the plan views show it: ids and names. */
export function pairOf(w: SeededWorld, user: string, customer: string) {
  return { userId: w.userId(user), customerId: w.customerId(customer), user, customer }
}

// ---------------------------------------------------------------------------------------------------------
// Form inputs by names
// ---------------------------------------------------------------------------------------------------------

/** The selections of Edit Customer Preferences by names. */
export interface PreferencesSelection {
  groups?: string[]
  directUsers?: string[]
  accountContact?: string | null
}

/** Edit Customer Preferences of `customer`: by default no groups, no direct users, no Account Contact. */
export function preferencesInput(
  w: SeededWorld,
  customer: string,
  selection: PreferencesSelection = {},
): CustomerPreferencesInput {
  const { groups = [], directUsers = [], accountContact = null } = selection
  return {
    customerId: w.customerId(customer),
    groupIds: w.groupIds(...groups),
    directUserIds: w.userIds(...directUsers),
    accountContactId: accountContact === null ? null : w.userId(accountContact),
  }
}

/** Edit Customer Group of `group`, keeping its name: its full customer and user selections. */
export function groupInput(
  w: SeededWorld,
  group: string,
  customers: string[],
  users: string[],
  isDefault = false,
): CustomerGroupInput {
  return {
    groupId: w.groupId(group),
    name: group,
    customerIds: w.customerIds(...customers),
    userIds: w.userIds(...users),
    isDefault,
  }
}

/** Edit User of `user`: the full group selection and the role (default technician). */
export function userInput(
  w: SeededWorld,
  user: string,
  groups: string[],
  role: StaffRole = 'technician',
): MspUserInput {
  return { userId: w.userId(user), role, groupIds: w.groupIds(...groups) }
}
