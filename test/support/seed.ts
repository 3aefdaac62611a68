// Builds a database world by names, for service tests against the real database.
//
//   const w = await seedWorld(prisma, {
//     users: [{ name: 'Priya', role: 'admin', slackUserId: 'U1' }, { name: 'Alex' }],
//     customers: [{ name: 'Zylker', accountContact: 'Alex', alertGroups: [{ name: 'Ops', members: ['Alex'] }] }],
//     groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex'], default: true }],
//   })
//   w.userId('Alex'); w.customerId('Zylker'); w.groupId('Zoho'); w.alertGroupId('Zylker', 'Ops')
//
// The materialized Association table is filled from `deriveAssociations`, exactly as the services keep it.
// An Account Contact or alert group member who is not associated with the customer is a mistake in the
// spec and throws (the services never produce such a world).
import { expect } from 'vitest'
import type { Db } from '../../src/db/client.ts'
import { deriveAssociations, pairKey } from '../../src/domain/memberships.ts'
import type { StaffRole } from '../../src/domain/roles.ts'
import type { StaffActor } from '../../src/services/actor.ts'

export interface UserSpec {
  name: string
  /** Default `<name lower>@msp.example`; stored lower-cased. */
  email?: string
  /** Default `technician`. */
  role?: StaffRole
  slackUserId?: string
}

export interface AlertGroupSpec {
  name: string
  members: string[]
}

export interface CustomerSpec {
  name: string
  accountContact?: string
  alertGroups?: AlertGroupSpec[]
  directUsers?: string[]
  dataCenter?: 'us' | 'eu'
  portalDomain?: string
}

export interface GroupSpec {
  name: string
  customers?: string[]
  users?: string[]
  default?: boolean
}

export interface SettingsSpec {
  groupMode?: 'shared' | 'exclusive'
  maxCustomersPerGroup?: number
  maxGroupsPerUser?: number
  portalDeleteNeedsApproval?: boolean
}

export interface SeedSpec {
  users?: UserSpec[]
  customers?: CustomerSpec[]
  groups?: GroupSpec[]
  settings?: SettingsSpec
}

export interface SeededWorld {
  userId(name: string): number
  customerId(name: string): number
  groupId(name: string): number
  alertGroupId(customer: string, name: string): number
  userIds(...names: string[]): number[]
  customerIds(...names: string[]): number[]
  groupIds(...names: string[]): number[]
  /** The staff actor of a seeded user: its Slack user id (or `U-<name>`), name, id and role. */
  actor(name: string, role?: StaffRole): StaffActor
}

export const defaultEmail = (name: string) => `${name.trim().toLowerCase().replace(/\s+/g, '.')}@msp.example`

function lookup(kind: string, map: ReadonlyMap<string, number>, name: string): number {
  const id = map.get(name)
  if (id === undefined) throw new Error(`seedWorld: unknown ${kind} "${name}"`)
  return id
}

export async function seedWorld(prisma: Db, spec: SeedSpec): Promise<SeededWorld> {
  if (spec.settings) {
    await prisma.setting.upsert({
      where: { id: 1 },
      create: { id: 1, ...spec.settings },
      update: spec.settings,
    })
  }

  const users = new Map<string, number>()
  const userSpecs = new Map<string, UserSpec>()
  for (const u of spec.users ?? []) {
    if (users.has(u.name)) throw new Error(`seedWorld: user "${u.name}" declared twice`)
    const row = await prisma.mspUser.create({
      data: {
        name: u.name,
        email: (u.email ?? defaultEmail(u.name)).toLowerCase(),
        role: u.role ?? 'technician',
        slackUserId: u.slackUserId ?? null,
      },
    })
    users.set(u.name, row.id)
    userSpecs.set(u.name, u)
  }
  const userId = (name: string) => lookup('user', users, name)

  const customers = new Map<string, number>()
  for (const c of spec.customers ?? []) {
    if (customers.has(c.name)) throw new Error(`seedWorld: customer "${c.name}" declared twice`)
    const row = await prisma.customer.create({
      data: {
        name: c.name,
        nameKey: c.name.trim().toLowerCase(),
        dataCenter: c.dataCenter ?? 'us',
        portalDomain: c.portalDomain ?? null,
        accountContactId: c.accountContact === undefined ? null : userId(c.accountContact),
      },
    })
    customers.set(c.name, row.id)
  }
  const customerId = (name: string) => lookup('customer', customers, name)

  const groups = new Map<string, number>()
  for (const g of spec.groups ?? []) {
    if (groups.has(g.name)) throw new Error(`seedWorld: group "${g.name}" declared twice`)
    const row = await prisma.customerGroup.create({
      data: { name: g.name, nameKey: g.name.trim().toLowerCase(), isDefault: g.default ?? false },
    })
    groups.set(g.name, row.id)
  }
  const groupId = (name: string) => lookup('group', groups, name)

  const groupCustomers = (spec.groups ?? []).flatMap((g) =>
    (g.customers ?? []).map((c) => [groupId(g.name), customerId(c)] as const),
  )
  const groupUsers = (spec.groups ?? []).flatMap((g) =>
    (g.users ?? []).map((u) => [groupId(g.name), userId(u)] as const),
  )
  const directLinks = (spec.customers ?? []).flatMap((c) =>
    (c.directUsers ?? []).map((u) => [userId(u), customerId(c.name)] as const),
  )
  if (groupCustomers.length > 0)
    await prisma.groupCustomer.createMany({
      data: groupCustomers.map(([gId, cId]) => ({ groupId: gId, customerId: cId })),
    })
  if (groupUsers.length > 0)
    await prisma.groupMember.createMany({
      data: groupUsers.map(([gId, uId]) => ({ groupId: gId, mspUserId: uId })),
    })
  if (directLinks.length > 0)
    await prisma.directLink.createMany({
      data: directLinks.map(([uId, cId]) => ({ mspUserId: uId, customerId: cId })),
    })

  const pairs = deriveAssociations({ groupCustomers, groupUsers, directLinks })
  if (pairs.length > 0)
    await prisma.association.createMany({ data: pairs.map(([u, c]) => ({ mspUserId: u, customerId: c })) })
  const associated = new Set(pairs.map(([u, c]) => pairKey(u, c)))
  const requireAssociated = (user: string, customer: string, as: string) => {
    if (!associated.has(pairKey(userId(user), customerId(customer))))
      throw new Error(`seedWorld: ${user} is ${as} of ${customer} but not associated with it`)
  }

  const alertGroups = new Map<string, number>()
  for (const c of spec.customers ?? []) {
    if (c.accountContact !== undefined) requireAssociated(c.accountContact, c.name, 'the Account Contact')
    for (const a of c.alertGroups ?? []) {
      const row = await prisma.alertGroup.create({
        data: { customerId: customerId(c.name), name: a.name, nameKey: a.name.trim().toLowerCase() },
      })
      alertGroups.set(`${c.name}/${a.name}`, row.id)
      for (const m of a.members) requireAssociated(m, c.name, `in alert group ${a.name}`)
      if (a.members.length > 0)
        await prisma.alertGroupMember.createMany({
          data: a.members.map((m) => ({ alertGroupId: row.id, mspUserId: userId(m) })),
        })
    }
  }

  const ids = (of: (name: string) => number) => (names: string[]) => names.map(of)
  return {
    userId,
    customerId,
    groupId,
    alertGroupId: (customer, name) => lookup('alert group', alertGroups, `${customer}/${name}`),
    userIds: (...names) => ids(userId)(names),
    customerIds: (...names) => ids(customerId)(names),
    groupIds: (...names) => ids(groupId)(names),
    actor(name, role) {
      const u = userSpecs.get(name)
      if (!u) throw new Error(`seedWorld: unknown user "${name}"`)
      return {
        slackUserId: u.slackUserId ?? `U-${name}`,
        name,
        mspUserId: userId(name),
        role: role ?? u.role ?? 'technician',
      }
    },
  }
}

async function namesById(prisma: Db) {
  const [users, customers] = await Promise.all([
    prisma.mspUser.findMany({ select: { id: true, name: true } }),
    prisma.customer.findMany({ select: { id: true, name: true } }),
  ])
  const u = new Map(users.map((r) => [r.id, r.name]))
  const c = new Map(customers.map((r) => [r.id, r.name]))
  return (userId: number, customerId: number) =>
    `${u.get(userId) ?? `user #${userId}`}→${c.get(customerId) ?? `customer #${customerId}`}`
}

/** The materialized Association table as sorted "User→Customer" names. */
export async function associationPairs(prisma: Db): Promise<string[]> {
  const [name, rows] = await Promise.all([namesById(prisma), prisma.association.findMany()])
  return rows.map((r) => name(r.mspUserId, r.customerId)).sort()
}

/** The materialized Association table holds exactly the derived pairs. */
export async function expectMaterializedMatchesDerived(prisma: Db): Promise<void> {
  expect(await associationPairs(prisma)).toEqual(await derivedPairs(prisma))
}

/** The audit log, oldest first. */
export const auditRows = (prisma: Db) => prisma.auditLog.findMany({ orderBy: { id: 'asc' } })

export type AuditRow = Awaited<ReturnType<typeof auditRows>>[number]

/**
 * Exactly one audit row was written and it matches `expected` (as `toMatchObject`: arrays in it must match
 * whole, e.g. `customers: ['Acme', 'Zylker']`). Returns the row for further checks.
 */
export async function expectAuditedOnce(prisma: Db, expected: Record<string, unknown>): Promise<AuditRow> {
  const audit = await auditRows(prisma)
  expect(audit).toHaveLength(1)
  expect(audit[0]).toMatchObject(expected)
  return audit[0] as AuditRow
}

/**
 * Nothing was written since `before` (a `membershipDump`): every association-related row is as it was,
 * and the audit log holds exactly `auditActions` (default none: a refused or invalid save audits nothing;
 * a blocked one audits its `*.blocked` action).
 */
export async function expectNothingWritten(
  prisma: Db,
  before: MembershipDump,
  auditActions: string[] = [],
): Promise<void> {
  expect(await membershipDump(prisma)).toEqual(before)
  expect((await auditRows(prisma)).map((a) => a.action)).toEqual(auditActions)
}

/** The associations the membership tables justify (via `deriveAssociations`), as sorted "User→Customer". */
export async function derivedPairs(prisma: Db): Promise<string[]> {
  const [name, groupCustomers, groupUsers, directLinks] = await Promise.all([
    namesById(prisma),
    prisma.groupCustomer.findMany(),
    prisma.groupMember.findMany(),
    prisma.directLink.findMany(),
  ])
  return deriveAssociations({
    groupCustomers: groupCustomers.map((r) => [r.groupId, r.customerId] as const),
    groupUsers: groupUsers.map((r) => [r.groupId, r.mspUserId] as const),
    directLinks: directLinks.map((r) => [r.mspUserId, r.customerId] as const),
  })
    .map(([u, c]) => name(u, c))
    .sort()
}

/**
 * Every association-related row by names, for "nothing changed" comparisons: group customers, group
 * members, direct links, associations, alert group members, account contacts, groups (name, default).
 */
export type MembershipDump = Awaited<ReturnType<typeof membershipDump>>

export async function membershipDump(prisma: Db) {
  const [groupCustomers, groupMembers, directLinks, associations, alertMembers, customers, groups, users] =
    await Promise.all([
      prisma.groupCustomer.findMany({ include: { group: true, customer: true } }),
      prisma.groupMember.findMany({ include: { group: true, mspUser: true } }),
      prisma.directLink.findMany({ include: { customer: true, mspUser: true } }),
      associationPairs(prisma),
      prisma.alertGroupMember.findMany({
        include: { alertGroup: { include: { customer: true } }, mspUser: true },
      }),
      prisma.customer.findMany({ include: { accountContact: true } }),
      prisma.customerGroup.findMany(),
      prisma.mspUser.findMany(),
    ])
  return {
    groupCustomers: groupCustomers.map((r) => `${r.group.name}∋${r.customer.name}`).sort(),
    groupMembers: groupMembers.map((r) => `${r.group.name}∋${r.mspUser.name}`).sort(),
    directLinks: directLinks.map((r) => `${r.mspUser.name}→${r.customer.name}`).sort(),
    associations,
    alertGroupMembers: alertMembers
      .map((r) => `${r.alertGroup.customer.name}/${r.alertGroup.name}∋${r.mspUser.name}`)
      .sort(),
    accountContacts: customers.map((c) => `${c.name}:${c.accountContact?.name ?? '-'}`).sort(),
    groups: groups.map((g) => `${g.name}${g.isDefault ? ' (default)' : ''}`).sort(),
    roles: users.map((u) => `${u.name}:${u.role}`).sort(),
  }
}

/**
 * Narrows a service outcome to the expected status, or throws with the whole outcome (so a failing test
 * shows the problems, blocked pairs or preview it got instead).
 */
export function outcomeAs<O extends { status: string }, S extends O['status']>(
  outcome: O,
  status: S,
): Extract<O, { status: S }> {
  if (outcome.status !== status)
    throw new Error(
      `expected status '${status}', got '${outcome.status}': ${JSON.stringify(outcome, null, 2)}`,
    )
  return outcome as Extract<O, { status: S }>
}
