// `export [file.json]`: the whole book as a snapshot, every list in a deterministic order, so an
// export re-imported and exported again is byte-identical.
// A big book is read a page of rows per query and serialized entry by entry with turns of the event loop
// in between, so an export of 10 000 customers does not hold the (embedded database's) main thread.
import { open } from 'node:fs/promises'
import type { Db } from '../../db/client.ts'
import { Prisma } from '../../db/client.ts'
import { DEFAULT_GROUP_SETTINGS } from '../../domain/limits.ts'
import { isPortalRole } from '../../domain/portal-users.ts'
import { normalizeSnapshot, SNAPSHOT_VERSION, type Snapshot } from './snapshot-schema.ts'
import { TimeSlices } from './time-slices.ts'

const email = { select: { email: true } } as const
const customerName = { select: { name: true } } as const

type Part<K extends keyof Snapshot> = Promise<Snapshot[K]>

/**
 * Rows per query: on PGlite one query of all 10 000 customers with their relations held the main thread
 * for ~0.3 s; a page of 250 takes a few ms.
 */
const PAGE = 250

/** Every row, a page at a time in id order: `read(afterId, take)` reads the rows with an id above afterId. */
async function paged<R extends { id: number }>(read: (afterId: number, take: number) => Promise<R[]>) {
  const rows: R[] = []
  for (let afterId = 0; ; ) {
    const page = await read(afterId, PAGE)
    for (const row of page) rows.push(row)
    const last = page.at(-1)
    if (page.length < PAGE || last === undefined) return rows
    afterId = last.id
  }
}

const after = (afterId: number, take: number) =>
  ({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' }, take }) as const

async function readSettings(db: Db): Part<'settings'> {
  const setting = await db.setting.findUnique({ where: { id: 1 } })
  if (!setting) return DEFAULT_GROUP_SETTINGS
  const { groupMode, maxCustomersPerGroup, maxGroupsPerUser } = setting
  return { groupMode, maxCustomersPerGroup, maxGroupsPerUser }
}

async function readMspUsers(db: Db): Part<'mspUsers'> {
  const users = await paged((afterId, take) =>
    db.mspUser.findMany({
      ...after(afterId, take),
      select: { id: true, name: true, email: true, role: true, slackUserId: true },
    }),
  )
  return users.map(({ id: _, ...u }) => ({ ...u, slackUserId: u.slackUserId ?? undefined }))
}

async function readCustomers(db: Db): Part<'customers'> {
  const customers = await paged((afterId, take) =>
    db.customer.findMany({
      ...after(afterId, take),
      select: {
        id: true,
        name: true,
        dataCenter: true,
        portalDomain: true,
        subscriptionsPurchased: true,
        accountContact: email,
        directUsers: { select: { mspUser: email } },
        alertGroups: { select: { name: true, members: { select: { mspUser: email } } } },
      },
    }),
  )
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
  const groups = await paged((afterId, take) =>
    db.customerGroup.findMany({
      ...after(afterId, take),
      select: {
        id: true,
        name: true,
        isDefault: true,
        customers: { select: { customer: customerName } },
        members: { select: { mspUser: email } },
      },
    }),
  )
  return groups.map((g) => ({
    name: g.name,
    default: g.isDefault,
    customers: g.customers.map((c) => c.customer.name),
    users: g.members.map((m) => m.mspUser.email),
  }))
}

async function readPortalUsers(db: Db): Part<'portalUsers'> {
  const portalUsers = await paged((afterId, take) =>
    db.portalUser.findMany({
      ...after(afterId, take),
      select: {
        id: true,
        customer: customerName,
        name: true,
        email: true,
        status: true,
        role: true,
        isAdmin: true,
      },
    }),
  )
  return portalUsers.map(({ id: _, customer, isAdmin, role, ...p }) => {
    // the app writes only known roles (Add portal user and import check them)
    if (!isPortalRole(role))
      throw new Error(`portal user ${p.email} of ${customer.name} has unknown role ${role}`)
    return { customer: customer.name, ...p, role, admin: isAdmin }
  })
}

async function readCustomerUsers(db: Db): Part<'customerUsers'> {
  const customerUsers = await paged((afterId, take) =>
    db.customerUser.findMany({
      ...after(afterId, take),
      select: {
        id: true,
        customer: customerName,
        email: true,
        firstName: true,
        lastName: true,
        source: true,
        agentStatus: true,
        subscriptionExpiresAt: true,
        archived: true,
        externalId: true,
      },
    }),
  )
  return customerUsers.map(({ id: _, customer, subscriptionExpiresAt, externalId, ...u }) => ({
    customer: customer.name,
    ...u,
    subscriptionExpiresAt: subscriptionExpiresAt?.toISOString() ?? null,
    ...(externalId === null ? {} : { externalId }),
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

/** `JSON.stringify(value, null, 2)` of a value nested `depth` levels deep (its lines indented to match). */
const nested = (value: unknown, depth: number) =>
  (JSON.stringify(value, null, 2) ?? 'null').replaceAll('\n', `\n${'  '.repeat(depth)}`)

/** Text handed to a sink at a time while writing a snapshot out (a 10 000-customer book is ~2.4 MB). */
export const SNAPSHOT_CHUNK_CHARS = 64 * 1024

/**
 * The snapshot as a file's text: JSON with a 2-space indent and a trailing newline, byte for byte
 * `JSON.stringify(snapshot, null, 2)` + newline, but written entry by entry of each list with turns of the
 * event loop in between, and handed to `write` in pieces of about SNAPSHOT_CHUNK_CHARS: the whole text is
 * never held at once (a file, a socket or a string builder is the sink).
 */
export async function writeSnapshot(
  snapshot: Snapshot,
  write: (text: string) => Promise<void>,
): Promise<void> {
  const slices = new TimeSlices()
  let pending = ''
  const put = async (text: string) => {
    pending += text
    if (pending.length >= SNAPSHOT_CHUNK_CHARS) {
      const out = pending
      pending = ''
      await write(out)
    }
  }
  let first = true
  for (const [key, value] of Object.entries(snapshot)) {
    if (value === undefined) continue
    await put(`${first ? '{\n' : ',\n'}  ${JSON.stringify(key)}: `)
    first = false
    if (!Array.isArray(value) || value.length === 0) {
      await put(nested(value, 1))
      continue
    }
    for (const [i, item] of value.entries()) {
      if (slices.due()) await slices.pause()
      await put(`${i === 0 ? '[\n' : ',\n'}    ${nested(item, 2)}`)
    }
    await put('\n  ]')
  }
  await put(first ? '{}\n' : '\n}\n')
  if (pending !== '') await write(pending)
}

/** The snapshot's text as one string (tests, small books; a file or socket takes it in pieces instead). */
export async function serializeSnapshot(snapshot: Snapshot): Promise<string> {
  const parts: string[] = []
  await writeSnapshot(snapshot, async (text) => {
    parts.push(text)
  })
  return parts.join('')
}

/** How many of each a snapshot holds, as the export command reports it. */
export const describeSnapshot = (s: Snapshot) =>
  `${s.mspUsers.length} MSP users, ${s.customers.length} customers, ${s.groups.length} groups, ` +
  `${s.portalUsers.length} portal users, ${s.customerUsers.length} customer users`

/**
 * `export <file>` on a database this process opened: the book read (one consistent transaction) and written
 * to `file` piece by piece (created or replaced; a failed write leaves the error to the caller). Returns the
 * snapshot's counts as a line.
 */
export async function exportSnapshotToFile(db: Db, file: string): Promise<string> {
  const snapshot = await exportSnapshot(db)
  const handle = await open(file, 'w')
  try {
    await writeSnapshot(snapshot, async (text) => {
      await handle.write(text)
    })
  } finally {
    await handle.close()
  }
  return describeSnapshot(snapshot)
}
