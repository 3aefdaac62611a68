// The snapshot import's big tables written as `INSERT … SELECT FROM unnest(array, …)`: one array parameter
// per column instead of Prisma's createMany (a placeholder per value, and a query object per row). Measured
// on a 10 000-customer book, createMany's per-row objects made ~100 MB of garbage within the import's
// transaction (RSS +160–190 MB over idle); these statements carry the same rows as a few arrays.
// Rows go ROWS_PER_STATEMENT at a time: on the embedded database one statement holds the main thread (the
// event loop turns between two statements, src/db/yield-between-queries.ts).
import type { TransactionClient } from '../../db/client.ts'
import { Prisma } from '../../db/client.ts'

/**
 * Rows per statement. On PGlite a statement of 100 customers or pairs takes 3–6 ms, of 250 6–10 ms: with
 * 250 the loop delay p99 during the bench's 10 000-customer import under load was 19.4–19.7 ms, with 100
 * 15.4–17.1 ms (goal ≤ 20), for an import ~5% longer.
 */
export const ROWS_PER_STATEMENT = 100

/** Each slice of `rows` in turn. */
async function inStatements<T>(rows: readonly T[], write: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) await write(rows.slice(i, i + ROWS_PER_STATEMENT))
}

/** Each slice of `rows` in turn through a statement with `RETURNING`; every returned row, in order. */
async function inStatementsReturning<T, R>(
  rows: readonly T[],
  write: (part: T[]) => Promise<R[]>,
): Promise<R[]> {
  const out: R[] = []
  await inStatements(rows, async (part) => {
    for (const row of await write(part)) out.push(row)
  })
  return out
}

export type PairTable = 'GroupCustomer' | 'GroupMember' | 'DirectLink' | 'Association'

const PAIR_COLUMNS: Record<PairTable, [string, string]> = {
  GroupCustomer: ['groupId', 'customerId'],
  GroupMember: ['groupId', 'mspUserId'],
  DirectLink: ['mspUserId', 'customerId'],
  Association: ['mspUserId', 'customerId'],
}

/** Rows of a two-id table (ids in its columns' order as PAIR_COLUMNS names them). */
export function insertPairs(
  tx: TransactionClient,
  table: PairTable,
  pairs: ReadonlyArray<readonly [number, number]>,
): Promise<void> {
  const [a, b] = PAIR_COLUMNS[table]
  return inStatements(
    pairs,
    (part) =>
      tx.$executeRaw`INSERT INTO ${Prisma.raw(`"${table}" ("${a}", "${b}")`)}
      SELECT * FROM unnest(${part.map((p) => p[0])}::int[], ${part.map((p) => p[1])}::int[])`,
  )
}

export interface CustomerRow {
  name: string
  nameKey: string
  dataCenter: string
  portalDomain: string | null
  accountContactId: number | null
  subscriptionsPurchased: number
}

/** Customers; returns each one's id with its name key. */
export async function insertCustomers(
  tx: TransactionClient,
  rows: readonly CustomerRow[],
): Promise<Array<{ id: number; nameKey: string }>> {
  return inStatementsReturning(
    rows,
    (part) => tx.$queryRaw<Array<{ id: number; nameKey: string }>>`
      INSERT INTO "Customer" ("name", "nameKey", "dataCenter", "portalDomain", "accountContactId",
        "subscriptionsPurchased")
      SELECT v.name, v.key, v.dc::"DataCenter", v.domain, v.contact, v.purchased
      FROM unnest(${part.map((c) => c.name)}::text[], ${part.map((c) => c.nameKey)}::text[],
        ${part.map((c) => c.dataCenter)}::text[], ${part.map((c) => c.portalDomain)}::text[],
        ${part.map((c) => c.accountContactId)}::int[], ${part.map((c) => c.subscriptionsPurchased)}::int[])
        AS v(name, key, dc, domain, contact, purchased)
      RETURNING "id", "nameKey"`,
  )
}

export interface PortalUserRow {
  customerId: number
  name: string
  email: string
  status: string
  role: string
  isAdmin: boolean
}

export function insertPortalUsers(tx: TransactionClient, rows: readonly PortalUserRow[]): Promise<void> {
  return inStatements(
    rows,
    (part) =>
      tx.$executeRaw`
      INSERT INTO "PortalUser" ("customerId", "name", "email", "status", "role", "isAdmin")
      SELECT v.customer, v.name, v.email, v.status::"PortalUserStatus", v.role, v.admin
      FROM unnest(${part.map((p) => p.customerId)}::int[], ${part.map((p) => p.name)}::text[],
        ${part.map((p) => p.email)}::text[], ${part.map((p) => p.status)}::text[],
        ${part.map((p) => p.role)}::text[], ${part.map((p) => p.isAdmin)}::boolean[])
        AS v(customer, name, email, status, role, admin)`,
  )
}

export interface CustomerUserRow {
  customerId: number
  email: string
  firstName: string
  lastName: string
  firstNameKey: string
  lastNameKey: string
  source: string
  agentStatus: string
  /** An ISO date-time (UTC), or null. */
  subscriptionExpiresAt: string | null
  archived: boolean
  externalId: string | null
}

export function insertCustomerUsers(tx: TransactionClient, rows: readonly CustomerUserRow[]): Promise<void> {
  return inStatements(
    rows,
    (part) =>
      tx.$executeRaw`
      INSERT INTO "CustomerUser" ("customerId", "email", "firstName", "lastName", "firstNameKey",
        "lastNameKey", "source", "agentStatus", "subscriptionExpiresAt", "archived", "externalId")
      SELECT v.customer, v.email, v.first, v.last, v.first_key, v.last_key, v.source::"CustomerUserSource",
        v.agent::"AgentStatus", (v.expires::timestamptz AT TIME ZONE 'UTC'), v.archived, v.external
      FROM unnest(${part.map((u) => u.customerId)}::int[], ${part.map((u) => u.email)}::text[],
        ${part.map((u) => u.firstName)}::text[], ${part.map((u) => u.lastName)}::text[],
        ${part.map((u) => u.firstNameKey)}::text[], ${part.map((u) => u.lastNameKey)}::text[],
        ${part.map((u) => u.source)}::text[], ${part.map((u) => u.agentStatus)}::text[],
        ${part.map((u) => u.subscriptionExpiresAt)}::text[], ${part.map((u) => u.archived)}::boolean[],
        ${part.map((u) => u.externalId)}::text[])
        AS v(customer, email, first, last, first_key, last_key, source, agent, expires, archived, external)`,
  )
}

export interface MspUserRow {
  name: string
  email: string
  role: string
  slackUserId: string | null
}

/** MSP users; returns each one's id with its email (a 100 000-user book is 1 000 statements, not 4 000). */
export async function insertMspUsers(
  tx: TransactionClient,
  rows: readonly MspUserRow[],
): Promise<Array<{ id: number; email: string }>> {
  return inStatementsReturning(
    rows,
    (part) => tx.$queryRaw<Array<{ id: number; email: string }>>`
      INSERT INTO "MspUser" ("name", "email", "role", "slackUserId")
      SELECT v.name, v.email, v.role::"StaffRole", v.slack
      FROM unnest(${part.map((u) => u.name)}::text[], ${part.map((u) => u.email)}::text[],
        ${part.map((u) => u.role)}::text[], ${part.map((u) => u.slackUserId)}::text[])
        AS v(name, email, role, slack)
      RETURNING "id", "email"`,
  )
}

export interface AlertGroupRow {
  customerId: number
  name: string
  nameKey: string
}

/** Alert groups; returns each one's id with its customer and name key. */
export async function insertAlertGroups(
  tx: TransactionClient,
  rows: readonly AlertGroupRow[],
): Promise<Array<{ id: number; customerId: number; nameKey: string }>> {
  return inStatementsReturning(
    rows,
    (part) => tx.$queryRaw<Array<{ id: number; customerId: number; nameKey: string }>>`
      INSERT INTO "AlertGroup" ("customerId", "name", "nameKey")
      SELECT * FROM unnest(${part.map((g) => g.customerId)}::int[], ${part.map((g) => g.name)}::text[],
        ${part.map((g) => g.nameKey)}::text[])
      RETURNING "id", "customerId", "nameKey"`,
  )
}

/** Alert group members as (alert group id, MSP user id) pairs. */
export function insertAlertGroupMembers(
  tx: TransactionClient,
  pairs: ReadonlyArray<readonly [number, number]>,
): Promise<void> {
  return inStatements(
    pairs,
    (part) =>
      tx.$executeRaw`INSERT INTO "AlertGroupMember" ("alertGroupId", "mspUserId")
      SELECT * FROM unnest(${part.map((p) => p[0])}::int[], ${part.map((p) => p[1])}::int[])`,
  )
}
