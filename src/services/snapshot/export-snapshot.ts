// `export [file.json]`: the whole book as a snapshot, every list in a deterministic order, so an
// export re-imported and exported again is byte-identical.
import type { Db } from '../../db/client.ts'
import { Prisma } from '../../db/client.ts'
import { DEFAULT_GROUP_SETTINGS } from '../../domain/limits.ts'
import { normalizeSnapshot, SNAPSHOT_VERSION, type Snapshot } from './snapshot-schema.ts'

const email = { select: { email: true } } as const
const customerName = { select: { name: true } } as const

type Part<K extends keyof Snapshot> = Promise<Snapshot[K]>

async function readSettings(db: Db): Part<'settings'> {
  const setting = await db.setting.findUnique({ where: { id: 1 } })
  if (!setting) return DEFAULT_GROUP_SETTINGS
  const { groupMode, maxCustomersPerGroup, maxGroupsPerUser } = setting
  return { groupMode, maxCustomersPerGroup, maxGroupsPerUser }
}

async function readMspUsers(db: Db): Part<'mspUsers'> {
  const users = await db.mspUser.findMany({
    select: { name: true, email: true, role: true, slackUserId: true },
  })
  return users.map((u) => ({ ...u, slackUserId: u.slackUserId ?? undefined }))
}

async function readCustomers(db: Db): Part<'customers'> {
  const customers = await db.customer.findMany({
    select: {
      name: true,
      dataCenter: true,
      portalDomain: true,
      subscriptionsPurchased: true,
      accountContact: email,
      directUsers: { select: { mspUser: email } },
      alertGroups: { select: { name: true, members: { select: { mspUser: email } } } },
    },
  })
  return customers.map((c) => ({
    name: c.name,
    dataCenter: c.dataCenter,
    portalDomain: c.portalDomain ?? undefined,
    accountContact: c.accountContact?.email,
    directUsers: c.directUsers.map((d) => d.mspUser.email),
    alertGroups: c.alertGroups.map((g) => ({ name: g.name, members: g.members.map((m) => m.mspUser.email) })),
    subscriptionsPurchased: c.subscriptionsPurchased,
  }))
}

async function readGroups(db: Db): Part<'groups'> {
  const groups = await db.customerGroup.findMany({
    select: {
      name: true,
      isDefault: true,
      customers: { select: { customer: customerName } },
      members: { select: { mspUser: email } },
    },
  })
  return groups.map((g) => ({
    name: g.name,
    default: g.isDefault,
    customers: g.customers.map((c) => c.customer.name),
    users: g.members.map((m) => m.mspUser.email),
  }))
}

async function readPortalUsers(db: Db): Part<'portalUsers'> {
  const portalUsers = await db.portalUser.findMany({
    select: { customer: customerName, name: true, email: true, status: true, role: true, isAdmin: true },
  })
  return portalUsers.map(({ customer, isAdmin, ...p }) => ({ customer: customer.name, ...p, admin: isAdmin }))
}

async function readCustomerUsers(db: Db): Part<'customerUsers'> {
  const customerUsers = await db.customerUser.findMany({
    select: {
      customer: customerName,
      email: true,
      firstName: true,
      lastName: true,
      source: true,
      agentStatus: true,
      subscriptionExpiresAt: true,
      archived: true,
    },
  })
  return customerUsers.map(({ customer, subscriptionExpiresAt, ...u }) => ({
    customer: customer.name,
    ...u,
    subscriptionExpiresAt: subscriptionExpiresAt?.toISOString() ?? null,
  }))
}

/** Reads each part in turn: one query at a time, never two at once on the transaction's connection. */
async function readBook(db: Db): Promise<Snapshot> {
  return normalizeSnapshot({
    version: SNAPSHOT_VERSION,
    settings: await readSettings(db),
    mspUsers: await readMspUsers(db),
    customers: await readCustomers(db),
    groups: await readGroups(db),
    portalUsers: await readPortalUsers(db),
    customerUsers: await readCustomerUsers(db),
  })
}

/**
 * The whole book as a snapshot in canonical order. Given a client it reads in one repeatable-read
 * transaction (a consistent picture while others write); given a transaction it reads within it.
 */
export async function exportSnapshot(db: Db): Promise<Snapshot> {
  if ('$transaction' in db)
    return db.$transaction((tx) => readBook(tx), {
      isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
      timeout: 120_000,
      maxWait: 30_000,
    })
  return readBook(db)
}

/** The snapshot as a file: JSON with a 2-space indent and a trailing newline. */
export function serializeSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`
}
