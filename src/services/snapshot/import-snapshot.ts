// `import <file.json>`: replaces the whole book with a snapshot, in one transaction.
// A bad snapshot changes nothing and names every bad entry (see validate-snapshot.ts).
import type { PrismaClient, TransactionClient } from '../../db/client.ts'
import { lockAssociations } from '../../db/transaction.ts'
import { customerUserNameKeys } from '../../domain/customer-users.ts'
import { deriveAssociations, type Memberships } from '../../domain/memberships.ts'
import { nameKey } from '../../domain/names.ts'
import { type Actor, CLI_ACTOR, recordAudit } from '../audit.ts'
import {
  insertAlertGroupMembers,
  insertAlertGroups as insertAlertGroupRows,
  insertCustomers as insertCustomerRows,
  insertCustomerUsers,
  insertMspUsers as insertMspUserRows,
  insertPairs,
  insertPortalUsers,
} from './insert-rows.ts'
import type { SnapshotIssue } from './snapshot-problems.ts'
import type { Snapshot } from './snapshot-schema.ts'
import { validateSnapshot } from './validate-snapshot.ts'

export interface SnapshotCounts {
  mspUsers: number
  customers: number
  groups: number
  alertGroups: number
  portalUsers: number
  customerUsers: number
  /** Materialized (MSP user, customer) associations: direct links and shared groups. */
  associations: number
}

export interface ImportResult {
  ok: true
  counts: SnapshotCounts
  /** The counts as one line, e.g. "5 MSP users, 5 customers, …" (also the audit row's target name). */
  summary: string
}

export interface ImportFailure {
  ok: false
  /** Every problem, with its JSON path (src/messages/snapshot.ts words them). */
  problems: SnapshotIssue[]
}

export const IMPORT_TRANSACTION_OPTIONS = { timeout: 120_000, maxWait: 30_000 }

/**
 * Groups per insert statement (the big tables go through insert-rows.ts). On the embedded database each
 * statement holds the main thread; createManyAndReturn (RETURNING ids) took ~30–45 ms for 100 rows on
 * PGlite, so groups go 25 at a time (~5–10 ms).
 */
const RETURNING_CHUNK = 25

export function summarizeCounts(counts: SnapshotCounts): string {
  const part = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
  return [
    part(counts.mspUsers, 'MSP user'),
    part(counts.customers, 'customer'),
    part(counts.groups, 'group'),
    part(counts.alertGroups, 'alert group'),
    part(counts.portalUsers, 'portal user'),
    part(counts.customerUsers, 'customer user'),
    part(counts.associations, 'association'),
  ].join(', ')
}

async function insertAllReturning<T, R>(
  rows: readonly T[],
  insert: (chunk: T[]) => Promise<R[]>,
): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < rows.length; i += RETURNING_CHUNK)
    out.push(...(await insert(rows.slice(i, i + RETURNING_CHUNK))))
  return out
}

/** Looks up an id the validation guarantees; a miss is a bug, not a user error. */
function idOf(map: ReadonlyMap<string, number>, key: string, what: string): number {
  const id = map.get(key)
  if (id === undefined) throw new Error(`snapshot import: no ${what} "${key}" (validation missed it)`)
  return id
}

export async function countBook(db: PrismaClient | TransactionClient): Promise<SnapshotCounts> {
  return {
    mspUsers: await db.mspUser.count(),
    customers: await db.customer.count(),
    groups: await db.customerGroup.count(),
    alertGroups: await db.alertGroup.count(),
    portalUsers: await db.portalUser.count(),
    customerUsers: await db.customerUser.count(),
    associations: await db.association.count(),
  }
}

/** Deletes every row of the book and of the work in progress on it (not migrations, not the audit log). */
async function clearBook(tx: TransactionClient): Promise<void> {
  await tx.association.deleteMany()
  await tx.directLink.deleteMany()
  await tx.groupMember.deleteMany()
  await tx.groupCustomer.deleteMany()
  await tx.alertGroupMember.deleteMany()
  await tx.alertGroup.deleteMany()
  await tx.portalInvitation.deleteMany()
  await tx.portalUser.deleteMany()
  await tx.customerUser.deleteMany()
  await tx.customer.deleteMany()
  await tx.customerGroup.deleteMany()
  await tx.mspUser.deleteMany()
  await tx.pendingPlan.deleteMany()
  await tx.approval.deleteMany()
  await tx.backgroundTask.deleteMany()
  await tx.idempotencyKey.deleteMany()
  await tx.outboxMail.deleteMany()
}

/** Ids of the rows just written, by the keys a snapshot refers to them with. */
interface BookIds {
  /** Email → MSP user id. */
  user(email: string): number
  /** Customer name (any case) → customer id. */
  customer(name: string): number
}

async function insertMspUsers(tx: TransactionClient, snapshot: Snapshot): Promise<Map<string, number>> {
  const users = await insertMspUserRows(
    tx,
    snapshot.mspUsers.map((u) => ({
      name: u.name,
      email: u.email,
      role: u.role,
      slackUserId: u.slackUserId ?? null,
    })),
  )
  return new Map(users.map((u) => [u.email, u.id]))
}

async function insertCustomers(
  tx: TransactionClient,
  snapshot: Snapshot,
  userId: (email: string) => number,
): Promise<Map<string, number>> {
  const customers = await insertCustomerRows(
    tx,
    snapshot.customers.map((c) => ({
      name: c.name,
      nameKey: nameKey(c.name),
      dataCenter: c.dataCenter,
      portalDomain: c.portalDomain ?? null,
      accountContactId: c.accountContact ? userId(c.accountContact) : null,
      subscriptionsPurchased: c.subscriptionsPurchased,
    })),
  )
  return new Map(customers.map((c) => [c.nameKey, c.id]))
}

/** MSP users, then customers (which point at their Account Contacts): the ids every later row needs. */
async function insertUsersAndCustomers(tx: TransactionClient, snapshot: Snapshot): Promise<BookIds> {
  const userIds = await insertMspUsers(tx, snapshot)
  const user = (email: string) => idOf(userIds, email, 'MSP user')
  const customerIds = await insertCustomers(tx, snapshot, user)
  return { user, customer: (name) => idOf(customerIds, nameKey(name), 'customer') }
}

/** The customer groups; returns name key → group id. */
async function insertGroups(tx: TransactionClient, snapshot: Snapshot): Promise<Map<string, number>> {
  const groups = await insertAllReturning(snapshot.groups, (chunk) =>
    tx.customerGroup.createManyAndReturn({
      data: chunk.map((g) => ({ name: g.name, nameKey: nameKey(g.name), isDefault: g.default })),
      select: { id: true, nameKey: true },
    }),
  )
  return new Map(groups.map((g) => [g.nameKey, g.id]))
}

/** The snapshot's group memberships and direct links in database ids. */
function membershipsOf(snapshot: Snapshot, ids: BookIds, groupIds: ReadonlyMap<string, number>): Memberships {
  const groupCustomers: Array<[number, number]> = []
  const groupUsers: Array<[number, number]> = []
  for (const group of snapshot.groups) {
    const groupId = idOf(groupIds, nameKey(group.name), 'group')
    for (const name of group.customers) groupCustomers.push([groupId, ids.customer(name)])
    for (const email of group.users) groupUsers.push([groupId, ids.user(email)])
  }
  const directLinks = snapshot.customers.flatMap((customer) =>
    customer.directUsers.map((email): [number, number] => [ids.user(email), ids.customer(customer.name)]),
  )
  return { groupCustomers, groupUsers, directLinks }
}

/** Group customers, group members, direct links, and the associations they justify (the domain's). */
async function insertMemberships(tx: TransactionClient, memberships: Memberships): Promise<number> {
  const { groupCustomers, groupUsers, directLinks } = memberships
  await insertPairs(tx, 'GroupCustomer', groupCustomers)
  await insertPairs(tx, 'GroupMember', groupUsers)
  await insertPairs(tx, 'DirectLink', directLinks)
  const associations = deriveAssociations(memberships)
  await insertPairs(tx, 'Association', associations)
  return associations.length
}

/** Every customer's alert groups and their members; returns how many alert groups. */
async function insertAlertGroups(tx: TransactionClient, snapshot: Snapshot, ids: BookIds): Promise<number> {
  const rows = snapshot.customers.flatMap((c) =>
    c.alertGroups.map((g) => ({ customerId: ids.customer(c.name), name: g.name, nameKey: nameKey(g.name) })),
  )
  const alertGroups = await insertAlertGroupRows(tx, rows)
  const alertGroupIds = new Map(alertGroups.map((g) => [`${g.customerId}\n${g.nameKey}`, g.id]))
  const members = snapshot.customers.flatMap((c) =>
    c.alertGroups.flatMap((g) => {
      const alertGroupId = idOf(alertGroupIds, `${ids.customer(c.name)}\n${nameKey(g.name)}`, 'alert group')
      return g.members.map((email): [number, number] => [alertGroupId, ids.user(email)])
    }),
  )
  await insertAlertGroupMembers(tx, members)
  return alertGroups.length
}

/** The customers' portal users and their own users (employees). */
async function insertCustomerPeople(tx: TransactionClient, snapshot: Snapshot, ids: BookIds): Promise<void> {
  await insertPortalUsers(
    tx,
    snapshot.portalUsers.map((p) => ({
      customerId: ids.customer(p.customer),
      name: p.name,
      email: p.email,
      status: p.status,
      role: p.role,
      isAdmin: p.admin,
    })),
  )
  await insertCustomerUsers(
    tx,
    snapshot.customerUsers.map((u) => ({
      customerId: ids.customer(u.customer),
      email: u.email,
      firstName: u.firstName,
      lastName: u.lastName,
      ...customerUserNameKeys(u),
      source: u.source,
      agentStatus: u.agentStatus,
      subscriptionExpiresAt: u.subscriptionExpiresAt,
      archived: u.archived,
      externalId: u.externalId ?? null,
    })),
  )
}

/** Writes a validated snapshot into an empty book, set-wise (a few statements per table). */
async function writeBook(tx: TransactionClient, snapshot: Snapshot): Promise<SnapshotCounts> {
  const ids = await insertUsersAndCustomers(tx, snapshot)
  const groupIds = await insertGroups(tx, snapshot)
  const associations = await insertMemberships(tx, membershipsOf(snapshot, ids, groupIds))
  const alertGroups = await insertAlertGroups(tx, snapshot, ids)
  await insertCustomerPeople(tx, snapshot, ids)
  const settings = snapshot.settings
  await tx.setting.upsert({ where: { id: 1 }, create: { id: 1, ...settings }, update: settings })
  return {
    mspUsers: snapshot.mspUsers.length,
    customers: snapshot.customers.length,
    groups: snapshot.groups.length,
    alertGroups,
    portalUsers: snapshot.portalUsers.length,
    customerUsers: snapshot.customerUsers.length,
    associations,
  }
}

/**
 * Validates `json` as a snapshot and, when it is good, replaces the whole book with it in one transaction
 * (settings upserted, associations materialized, one audit row). A bad snapshot changes nothing.
 */
export async function importSnapshot(
  prisma: PrismaClient,
  json: unknown,
  actor: Actor = CLI_ACTOR,
): Promise<ImportResult | ImportFailure> {
  const validation = await validateSnapshot(json)
  if (!validation.ok) return { ok: false, problems: validation.problems }
  return importValidSnapshot(prisma, validation.snapshot, actor)
}

/**
 * Replaces the whole book with a snapshot `validateSnapshot` accepted (its `snapshot`), in one transaction:
 * for a caller that validated already (the CLI checks the file before opening the database), so a big book
 * is not parsed and checked twice.
 */
export async function importValidSnapshot(
  prisma: PrismaClient,
  snapshot: Snapshot,
  actor: Actor = CLI_ACTOR,
): Promise<ImportResult> {
  const counts = await prisma.$transaction(async (tx) => {
    await lockAssociations(tx)
    const before = await countBook(tx)
    await clearBook(tx)
    const after = await writeBook(tx, snapshot)
    await recordAudit(tx, actor, {
      action: 'snapshot.import',
      targetType: 'snapshot',
      targetName: summarizeCounts(after),
      customers: snapshot.customers.map((c) => c.name),
      before: { ...before },
      after: { ...after, settings: { ...snapshot.settings } },
    })
    return after
  }, IMPORT_TRANSACTION_OPTIONS)
  return { ok: true, counts, summary: summarizeCounts(counts) }
}
