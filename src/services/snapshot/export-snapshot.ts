// `export [file.json]`: the whole book as a snapshot, every list in a deterministic order, so an
// export re-imported and exported again is byte-identical.
import type { Db } from '../../db/client.ts'
import { DEFAULT_GROUP_SETTINGS } from '../../domain/limits.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { normalizeSnapshot, SNAPSHOT_VERSION, type Snapshot } from './snapshot-schema.ts'

const email = { select: { email: true } } as const

async function readBook(db: Db): Promise<Snapshot> {
  const setting = await db.setting.findUnique({ where: { id: 1 } })
  const mspUsers = await db.mspUser.findMany({
    select: { name: true, email: true, role: true, slackUserId: true },
  })
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
  const groups = await db.customerGroup.findMany({
    select: {
      name: true,
      isDefault: true,
      customers: { select: { customer: { select: { name: true } } } },
      members: { select: { mspUser: email } },
    },
  })
  const portalUsers = await db.portalUser.findMany({
    select: {
      customer: { select: { name: true } },
      name: true,
      email: true,
      status: true,
      role: true,
      isAdmin: true,
    },
  })
  const customerUsers = await db.customerUser.findMany({
    select: {
      customer: { select: { name: true } },
      email: true,
      firstName: true,
      lastName: true,
      source: true,
      agentStatus: true,
      subscriptionExpiresAt: true,
      archived: true,
    },
  })
  return normalizeSnapshot({
    version: SNAPSHOT_VERSION,
    settings: setting
      ? {
          groupMode: setting.groupMode,
          maxCustomersPerGroup: setting.maxCustomersPerGroup,
          maxGroupsPerUser: setting.maxGroupsPerUser,
        }
      : DEFAULT_GROUP_SETTINGS,
    mspUsers: mspUsers.map((u) => ({
      name: u.name,
      email: u.email,
      role: u.role,
      slackUserId: u.slackUserId ?? undefined,
    })),
    customers: customers.map((c) => ({
      name: c.name,
      dataCenter: c.dataCenter,
      portalDomain: c.portalDomain ?? undefined,
      accountContact: c.accountContact?.email,
      directUsers: c.directUsers.map((d) => d.mspUser.email),
      alertGroups: c.alertGroups.map((g) => ({
        name: g.name,
        members: g.members.map((m) => m.mspUser.email),
      })),
      subscriptionsPurchased: c.subscriptionsPurchased,
    })),
    groups: groups.map((g) => ({
      name: g.name,
      default: g.isDefault,
      customers: g.customers.map((c) => c.customer.name),
      users: g.members.map((m) => m.mspUser.email),
    })),
    portalUsers: portalUsers.map((p) => ({
      customer: p.customer.name,
      name: p.name,
      email: p.email,
      status: p.status,
      role: p.role,
      admin: p.isAdmin,
    })),
    customerUsers: customerUsers.map((u) => ({
      customer: u.customer.name,
      email: u.email,
      firstName: u.firstName,
      lastName: u.lastName,
      source: u.source,
      agentStatus: u.agentStatus,
      subscriptionExpiresAt: u.subscriptionExpiresAt?.toISOString() ?? null,
      archived: u.archived,
    })),
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
