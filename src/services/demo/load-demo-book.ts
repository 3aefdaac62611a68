// `loadDemoBook`: writes a whole demo book of any size (demo-book-shape.ts) into an empty database, set-wise:
// one INSERT … SELECT over generate_series per table (the associations derived from the memberships in SQL),
// all in one transaction, then ANALYZE so the planner knows the new sizes at once. 10 000 customers and
// 100 000 MSP users take seconds. A non-empty book is refused unless `replace` is given.
import { Prisma, type PrismaClient, type TransactionClient } from '../../db/client.ts'
import { lockAssociations } from '../../db/transaction.ts'
import { type Actor, CLI_ACTOR, recordAudit } from '../audit.ts'
import { countBook, type SnapshotCounts } from '../snapshot/import-snapshot.ts'
import {
  ALERT_GROUP_NAMES,
  COMPANY_KINDS,
  COMPANY_WORDS,
  DEMO_PORTAL_ROLES,
  DEMO_SETTINGS,
  type DemoBookCounts,
  type DemoBookOptions,
  DIRECT_LINK_ONE_IN,
  demoBookOptionsSchema,
  FIRST_NAMES,
  GROUP_PRIMARY_SLOTS,
  GROUP_WORDS,
  LAST_NAMES,
  MAX_EXTRA_GROUPS,
  SUBSCRIPTIONS_FROM,
  summarizeDemoCounts,
  USERS_IN_GROUPS_ONE_IN,
} from './demo-book-shape.ts'

export type { DemoBookCounts, DemoBookOptions }

/** The book already holds rows and `replace` was not given: nothing was written. */
export class DemoBookNotEmptyError extends Error {
  constructor(readonly counts: SnapshotCounts) {
    super(
      `the database already holds a book (${counts.mspUsers} MSP users, ${counts.customers} customers, ` +
        `${counts.groups} groups, ${counts.portalUsers} portal users, ${counts.customerUsers} customer users)`,
    )
    this.name = 'DemoBookNotEmptyError'
  }
}

/** Tables of the book and of the work in progress on it, emptied by `replace` (the audit log is kept). */
const BOOK_TABLES = [
  'Association',
  'DirectLink',
  'GroupMember',
  'GroupCustomer',
  'AlertGroupMember',
  'AlertGroup',
  'PortalInvitation',
  'PortalUser',
  'CustomerUser',
  'Customer',
  'CustomerGroup',
  'MspUser',
  'PendingPlan',
  'Approval',
  'BackgroundTask',
  'IdempotencyKey',
  'OutboxMail',
]

/** Tables the demo writes (ANALYZEd after the load). */
const WRITTEN_TABLES = BOOK_TABLES.slice(0, BOOK_TABLES.indexOf('MspUser') + 1).filter(
  (t) => t !== 'PortalInvitation',
)

/** Tables written with explicit ids: their sequences are moved past them. */
const ID_TABLES = ['MspUser', 'Customer', 'CustomerGroup', 'AlertGroup', 'PortalUser', 'CustomerUser']

const TRANSACTION_OPTIONS = { timeout: 30 * 60_000, maxWait: 60_000 }

const quoted = (table: string) => Prisma.raw(`"${table}"`)
const list = (tables: readonly string[]) => Prisma.join(tables.map(quoted))

/** A non-negative pseudo-random number for row `n` (any SQL expression), stream `salt`, seed `seed`. */
function hashOf(seed: number) {
  return (n: Prisma.Sql, salt: number) =>
    Prisma.sql`(hashint8extended((${n})::bigint, ${Prisma.raw(String(seed * 1000 + salt))}) & 2147483647)`
}

/** `words[1 + h mod len]`: a word of the list chosen by h. */
const pick = (words: readonly string[], h: Prisma.Sql) =>
  Prisma.sql`(${[...words]}::text[])[(1 + ${h} % ${words.length})::int]`

const n = Prisma.raw('n')

async function isEmpty(tx: TransactionClient): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ used: boolean }[]>`SELECT
    EXISTS (SELECT 1 FROM "MspUser") OR EXISTS (SELECT 1 FROM "Customer") OR EXISTS (SELECT 1 FROM "CustomerGroup")
    OR EXISTS (SELECT 1 FROM "PortalUser") OR EXISTS (SELECT 1 FROM "CustomerUser") AS used`
  return !row?.used
}

interface Sizes {
  customers: number
  mspUsers: number
  groups: number
  portalUsers: number
  customerUsers: number
}

async function insertPeopleAndGroups(
  tx: TransactionClient,
  s: Sizes,
  h: ReturnType<typeof hashOf>,
): Promise<void> {
  await tx.$executeRaw`INSERT INTO "MspUser" ("id", "name", "email", "role", "slackUserId")
    SELECT n, f || ' ' || l, lower(f || '.' || l || '.' || n) || '@msp.example',
      (CASE WHEN n = 1 OR r < 1 THEN 'admin' WHEN r < 10 THEN 'manager' WHEN r < 55 THEN 'technician'
        ELSE 'viewer' END)::"StaffRole",
      'UDEMO' || n
    FROM (SELECT n, ${pick(FIRST_NAMES, h(n, 1))} AS f, ${pick(LAST_NAMES, h(n, 2))} AS l, ${h(n, 3)} % 100 AS r
      FROM generate_series(1, ${s.mspUsers}::int) AS n) AS u`
  await tx.$executeRaw`INSERT INTO "Customer"
      ("id", "name", "nameKey", "dataCenter", "portalDomain", "subscriptionsPurchased")
    SELECT n, name, lower(name),
      (CASE WHEN ${h(n, 11)} % 4 = 0 THEN 'eu' ELSE 'us' END)::"DataCenter",
      CASE WHEN ${h(n, 12)} % 5 <> 0 THEN 'status.' || lower(replace(name, ' ', '-')) || '.example' END,
      (${h(n, 13)} % 21)::int
    FROM (SELECT n, ${pick(COMPANY_WORDS, h(n, 14))} || ' ' || ${pick(COMPANY_KINDS, h(n, 15))} || ' ' || n AS name
      FROM generate_series(1, ${s.customers}::int) AS n) AS c`
  await tx.$executeRaw`INSERT INTO "CustomerGroup" ("id", "name", "nameKey", "isDefault")
    SELECT n, name, lower(name), n = 1
    FROM (SELECT n, 'Team ' || ${pick(GROUP_WORDS, h(n, 21))} || ' ' || n AS name
      FROM generate_series(1, ${s.groups}::int) AS n) AS g`
}

/** Group customers, group members and direct links; returns their counts. */
async function insertMemberships(
  tx: TransactionClient,
  s: Sizes,
  h: ReturnType<typeof hashOf>,
): Promise<Pick<DemoBookCounts, 'groupCustomers' | 'groupMembers' | 'directLinks'>> {
  const G = s.groups
  /** One MSP user in USERS_IN_GROUPS_ONE_IN is in groups. */
  const inGroups = (u: Prisma.Sql) => Prisma.sql`${h(u, 37)} % ${USERS_IN_GROUPS_ONE_IN}::int = 0`
  const slots = G * GROUP_PRIMARY_SLOTS
  const groupCustomers = await tx.$executeRaw`INSERT INTO "GroupCustomer" ("groupId", "customerId")
    SELECT (n - 1) % ${G}::int + 1, n FROM generate_series(1, LEAST(${s.customers}::int, ${slots}::int)) AS n
    UNION ALL
    SELECT n % ${G}::int + 1, n FROM generate_series(1, LEAST(${s.customers}::int, 2 * ${G}::int)) AS n
    WHERE ${G}::int > 1 AND ${h(n, 31)} % 5 = 0`
  const groupMembers = await tx.$executeRaw`INSERT INTO "GroupMember" ("groupId", "mspUserId")
    SELECT ((n - 1) % ${G}::int + k * step) % ${G}::int + 1, n
    FROM (SELECT n,
        CASE WHEN r < 75 THEN 0 WHEN r < 90 THEN 1 WHEN r < 97 THEN 2 ELSE ${MAX_EXTRA_GROUPS}::int END AS extra,
        1 + ${h(n, 33)} % GREATEST(1, (${G}::int - 1) / ${MAX_EXTRA_GROUPS}::int) AS step
      FROM (SELECT n, ${h(n, 32)} % 100 AS r FROM generate_series(1, ${s.mspUsers}::int) AS n
        WHERE ${inGroups(n)}) AS r) AS u
    CROSS JOIN generate_series(0, ${MAX_EXTRA_GROUPS}::int) AS k
    WHERE ${G}::int > 0 AND k <= LEAST(extra, ${G}::int - 1)`
  const directLinks = await tx.$executeRaw`INSERT INTO "DirectLink" ("customerId", "mspUserId")
    SELECT DISTINCT n, (CASE WHEN j = 0 THEN ${h(n, 34)} ELSE ${h(n, 35)} END) % ${s.mspUsers}::int + 1
    FROM generate_series(1, ${s.customers}::int) AS n CROSS JOIN generate_series(0, 1) AS j
    WHERE ${s.mspUsers}::int > 0
      AND CASE WHEN n > ${slots}::int THEN true ELSE j = 0 AND ${h(n, 36)} % 10 = 0 END
    UNION
    SELECT ${h(n, 38)} % ${s.customers}::int + 1, n FROM generate_series(1, ${s.mspUsers}::int) AS n
    WHERE ${s.customers}::int > 0 AND NOT ${inGroups(n)} AND ${h(n, 39)} % ${DIRECT_LINK_ONE_IN}::int = 0`
  return { groupCustomers, groupMembers, directLinks }
}

/**
 * The associations the memberships justify; then, from each customer's associated users in a seeded order,
 * its Account Contact (the first) and its alert groups with their members, in one statement.
 */
async function insertAssociationsAndContacts(
  tx: TransactionClient,
  seed: number,
  h: ReturnType<typeof hashOf>,
): Promise<Pick<DemoBookCounts, 'associations' | 'accountContacts' | 'alertGroups' | 'alertGroupMembers'>> {
  const associations = await tx.$executeRaw`INSERT INTO "Association" ("mspUserId", "customerId")
    SELECT gm."mspUserId", gc."customerId"
    FROM "GroupMember" gm JOIN "GroupCustomer" gc ON gc."groupId" = gm."groupId"
    UNION
    SELECT "mspUserId", "customerId" FROM "DirectLink"
    ORDER BY 1, 2`
  const order = Prisma.raw(String(seed * 1000 + 41))
  const c = Prisma.raw('"customerId"')
  const [counts] = await tx.$queryRaw<{ contacts: number; groups: number; members: number }[]>`
    WITH picks AS (
      SELECT "customerId", "mspUserId", rank FROM (
        SELECT "customerId", "mspUserId", row_number() OVER (PARTITION BY "customerId"
          ORDER BY hashint8extended("mspUserId", ${order}), "mspUserId") AS rank
        FROM "Association") AS ranked
      WHERE rank <= 4),
    slots AS (
      SELECT "customerId", slot FROM picks CROSS JOIN generate_series(0, 1) AS slot
      WHERE rank = 1 AND (slot = 0 OR ${h(c, 42)} % 3 = 0)),
    contacts AS (
      UPDATE "Customer" SET "accountContactId" = picks."mspUserId" FROM picks
      WHERE picks."customerId" = "Customer".id AND picks.rank = 1 RETURNING 1),
    groups AS (
      INSERT INTO "AlertGroup" ("id", "customerId", "name", "nameKey")
      SELECT 2 * "customerId" - 1 + slot, "customerId", (${[...ALERT_GROUP_NAMES]}::text[])[slot + 1],
        lower((${[...ALERT_GROUP_NAMES]}::text[])[slot + 1])
      FROM slots RETURNING 1),
    members AS (
      INSERT INTO "AlertGroupMember" ("alertGroupId", "mspUserId")
      SELECT 2 * slots."customerId" - 1 + slot, picks."mspUserId"
      FROM slots JOIN picks ON picks."customerId" = slots."customerId"
      WHERE CASE WHEN slot = 0 THEN picks.rank <= 3 ELSE picks.rank IN (1, 4) END
      RETURNING 1)
    SELECT (SELECT count(*) FROM contacts)::int AS contacts, (SELECT count(*) FROM groups)::int AS groups,
      (SELECT count(*) FROM members)::int AS members`
  return {
    associations,
    accountContacts: counts?.contacts ?? 0,
    alertGroups: counts?.groups ?? 0,
    alertGroupMembers: counts?.members ?? 0,
  }
}

/** Portal users and customer users, round-robin over the customers. */
async function insertCustomerPeople(
  tx: TransactionClient,
  s: Sizes,
  h: ReturnType<typeof hashOf>,
): Promise<void> {
  const C = s.customers
  const j = Prisma.raw('j')
  // Row j of `total` belongs to customer floor((j − 1)·C / total) + 1: each customer's rows are consecutive
  // (as an import writes them), so the ids and the per-customer indexes grow in order; k is its place there.
  const customerOf = (total: number) => Prisma.sql`((j - 1)::bigint * ${C}::int / ${total}::int + 1)::int`
  const firstOf = (total: number) =>
    Prisma.sql`(((customer - 1)::bigint * ${total}::int + ${C}::int - 1) / ${C}::int)::int`
  await tx.$executeRaw`INSERT INTO "PortalUser" ("id", "customerId", "name", "email", "status", "role", "isAdmin")
    SELECT j, customer, f || ' ' || l,
      lower(f || '.' || l || '.' || j) || '@customer' || customer || '.example',
      (CASE WHEN k = 0 OR r < 70 THEN 'enabled' WHEN r < 90 THEN 'unconfirmed' ELSE 'disabled' END)::"PortalUserStatus",
      CASE WHEN k = 0 THEN 'admin' ELSE ${pick(DEMO_PORTAL_ROLES, h(j, 54))} END, k = 0
    FROM (SELECT j, customer, j - 1 - ${firstOf(s.portalUsers)} AS k,
        ${pick(FIRST_NAMES, h(j, 51))} AS f, ${pick(LAST_NAMES, h(j, 52))} AS l, ${h(j, 53)} % 100 AS r
      FROM (SELECT j, ${customerOf(s.portalUsers)} AS customer
        FROM generate_series(1, ${s.portalUsers}::int) AS j WHERE ${C}::int > 0) AS j) AS p`
  await tx.$executeRaw`INSERT INTO "CustomerUser" ("id", "customerId", "email", "firstName", "lastName",
      "firstNameKey", "lastNameKey", "source", "externalId", "agentStatus", "subscriptionExpiresAt", "archived")
    SELECT j, c.id, lower(f || '.' || l || '.' || j) || '@customer' || c.id || '.example', f, l, lower(f), lower(l),
      source::"CustomerUserSource", CASE WHEN source = 'directory' THEN 'dir-' || j END,
      (CASE WHEN a < 60 THEN 'success' WHEN a < 90 THEN 'unknown' ELSE 'failed' END)::"AgentStatus",
      CASE WHEN k < c."subscriptionsPurchased" / 2
        THEN (${SUBSCRIPTIONS_FROM}::timestamptz AT TIME ZONE 'UTC') + (${h(j, 65)} % 730) * interval '1 day' END,
      k >= c."subscriptionsPurchased" / 2 AND ${h(j, 66)} % 20 = 0
    FROM (SELECT j, customer, j - 1 - ${firstOf(s.customerUsers)} AS k,
        ${pick(FIRST_NAMES, h(j, 61))} AS f, ${pick(LAST_NAMES, h(j, 62))} AS l,
        CASE WHEN ${h(j, 63)} % 10 < 6 THEN 'manual' WHEN ${h(j, 63)} % 10 < 9 THEN 'csv' ELSE 'directory' END AS source,
        ${h(j, 64)} % 100 AS a
      FROM (SELECT j, ${customerOf(s.customerUsers)} AS customer
        FROM generate_series(1, ${s.customerUsers}::int) AS j WHERE ${C}::int > 0) AS j) AS u
    JOIN "Customer" c ON c.id = u.customer`
}

/** Every foreign key the book's rows hold: [table, column, referenced table]. */
const FOREIGN_KEYS: ReadonlyArray<readonly [string, string, string]> = [
  ['Customer', 'accountContactId', 'MspUser'],
  ['GroupCustomer', 'groupId', 'CustomerGroup'],
  ['GroupCustomer', 'customerId', 'Customer'],
  ['GroupMember', 'groupId', 'CustomerGroup'],
  ['GroupMember', 'mspUserId', 'MspUser'],
  ['DirectLink', 'customerId', 'Customer'],
  ['DirectLink', 'mspUserId', 'MspUser'],
  ['Association', 'mspUserId', 'MspUser'],
  ['Association', 'customerId', 'Customer'],
  ['AlertGroup', 'customerId', 'Customer'],
  ['AlertGroupMember', 'alertGroupId', 'AlertGroup'],
  ['AlertGroupMember', 'mspUserId', 'MspUser'],
  ['PortalUser', 'customerId', 'Customer'],
  ['CustomerUser', 'customerId', 'Customer'],
]

/**
 * Foreign keys are checked by a trigger per inserted row, which cost PostgreSQL most of the load's time
 * (9 of 12 s for 170 000 associations). Where the session may (a superuser: PGlite's always is), they are
 * switched off for this transaction only, as pg_restore --disable-triggers does, and `checkForeignKeys`
 * checks them all afterwards in one statement instead. Elsewhere the triggers stay on.
 */
async function skipRowTriggers(tx: TransactionClient): Promise<boolean> {
  const [row] = await tx.$queryRaw<
    { superuser: boolean }[]
  >`SELECT current_setting('is_superuser') = 'on' AS superuser`
  if (!row?.superuser) return false
  await tx.$executeRaw`SET LOCAL session_replication_role = replica`
  return true
}

/** One statement: the rows whose reference points nowhere, by foreign key (a bug in the shape if any). */
async function checkForeignKeys(tx: TransactionClient): Promise<void> {
  const orphans = FOREIGN_KEYS.map(
    ([table, column, parent]) => Prisma.sql`SELECT ${`${table}.${column}`} AS key, count(*)::int AS n
      FROM ${quoted(table)} t WHERE t.${quoted(column)} IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM ${quoted(parent)} p WHERE p."id" = t.${quoted(column)})`,
  )
  const rows = await tx.$queryRaw<{ key: string; n: number }[]>`${Prisma.join(orphans, ' UNION ALL ')}`
  const broken = rows.filter((r) => r.n > 0)
  if (broken.length > 0)
    throw new Error(`demo book: references to nothing: ${broken.map((r) => `${r.key} ×${r.n}`).join(', ')}`)
  await tx.$executeRaw`SET LOCAL session_replication_role = DEFAULT`
}

async function writeSettingsAndSequences(tx: TransactionClient): Promise<void> {
  const { groupMode, maxCustomersPerGroup, maxGroupsPerUser } = DEMO_SETTINGS
  await tx.$executeRaw`INSERT INTO "Setting" ("id", "groupMode", "maxCustomersPerGroup", "maxGroupsPerUser")
    VALUES (1, ${groupMode}::"GroupMode", ${maxCustomersPerGroup}, ${maxGroupsPerUser})
    ON CONFLICT ("id") DO UPDATE SET "groupMode" = EXCLUDED."groupMode",
      "maxCustomersPerGroup" = EXCLUDED."maxCustomersPerGroup", "maxGroupsPerUser" = EXCLUDED."maxGroupsPerUser"`
  const moves = ID_TABLES.map(
    (t) =>
      Prisma.sql`setval(pg_get_serial_sequence(${`"${t}"`}, 'id'), (SELECT COALESCE(max("id"), 0) + 1 FROM ${quoted(t)}), false)`,
  )
  await tx.$queryRaw`SELECT ${Prisma.join(moves)}`
}

/**
 * Writes the demo book of the given sizes (totals) and seed, in one transaction, and returns how many rows
 * of each kind it wrote. Refuses (DemoBookNotEmptyError, nothing written) when the book is not empty,
 * unless `replace` is true: then the book and its work in progress are emptied first (not the audit log).
 */
export async function loadDemoBook(
  prisma: PrismaClient,
  options: DemoBookOptions,
  actor: Actor = CLI_ACTOR,
): Promise<DemoBookCounts> {
  const { seed, replace, ...sizes } = demoBookOptionsSchema.parse(options)
  const h = hashOf(seed)
  const counts = await prisma.$transaction(async (tx) => {
    await lockAssociations(tx)
    if (!(await isEmpty(tx))) {
      if (!replace) throw new DemoBookNotEmptyError(await countBook(tx))
      await tx.$executeRaw`TRUNCATE ${list(BOOK_TABLES)} RESTART IDENTITY CASCADE`
    }
    const unchecked = await skipRowTriggers(tx)
    await insertPeopleAndGroups(tx, sizes, h)
    const memberships = await insertMemberships(tx, sizes, h)
    const derived = await insertAssociationsAndContacts(tx, seed, h)
    await insertCustomerPeople(tx, sizes, h)
    await writeSettingsAndSequences(tx)
    if (unchecked) await checkForeignKeys(tx)
    const written: DemoBookCounts = {
      mspUsers: sizes.mspUsers,
      customers: sizes.customers,
      groups: sizes.groups,
      ...memberships,
      ...derived,
      portalUsers: sizes.customers > 0 ? sizes.portalUsers : 0,
      customerUsers: sizes.customers > 0 ? sizes.customerUsers : 0,
    }
    await recordAudit(tx, actor, {
      action: 'demo.load',
      targetType: 'snapshot',
      targetName: summarizeDemoCounts(written),
      after: { seed, ...written },
    })
    return written
  }, TRANSACTION_OPTIONS)
  // The planner's statistics for the new sizes now, not when autovacuum gets to it.
  await prisma.$executeRaw`ANALYZE ${list(WRITTEN_TABLES)}`
  return counts
}
