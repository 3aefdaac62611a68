import { type Db, Prisma } from '../../db/client.ts'
import { nameKey } from '../../domain/names.ts'
import { seesAllCustomers } from '../../domain/roles.ts'
import type { StaffActor } from '../actor.ts'
import { portalDomainInfo } from '../customers/portal-domain.ts'
import { gone } from '../errors.ts'
import { AMBIGUOUS_SHOWN, type Lookup, lookupByName } from './find-by-name.ts'

export interface CustomerSummary {
  id: number
  name: string
  dataCenter: string
  groups: string[]
  accountContact: string | null
}

/** `%`, `_` and a backslash taken literally in a LIKE pattern (backslash is Postgres' default escape). */
export const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

interface CustomerSummaryRow {
  id: number
  name: string
  dataCenter: string
  groups: string[] | null
  accountContact: string | null
  total: number
}

/**
 * `c` (a customer row) is one the actor may see: TRUE for admins, else a semi-join on the actor's
 * associations. Not `${all} OR c.id IN (…)`: a sub-select under OR cannot become a join, so the planner
 * scanned every customer and probed the set per row (test/db/hot-queries-explain.test.ts).
 */
export function inScope(actor: StaffActor): Prisma.Sql {
  return seesAllCustomers(actor.role)
    ? Prisma.sql`TRUE`
    : Prisma.sql`c.id IN (SELECT a."customerId" FROM "Association" a WHERE a."mspUserId" = ${actor.mspUserId ?? 0}::int)`
}

/** The first customers by name, and how many there are in all. */
export interface CustomerPage {
  customers: CustomerSummary[]
  total: number
}

/** A list reply shows at most this many customers (a book can hold tens of thousands). */
export const CUSTOMER_LIST_MAX = 200

/**
 * Customers the actor may see, by name, optionally filtered by a case-insensitive substring: the first
 * `max` and the count of all. One statement (the scope, the groups' names and the Account Contact joined
 * in): `/msp customers` is the busiest read, and each Prisma query costs more CPU than the rows it returns
 * (see the README's Performance section). Only the page's rows get their groups: listing them for a whole
 * 10 000-customer book took 0.85 s.
 */
export async function listCustomers(
  db: Db,
  actor: StaffActor,
  search = '',
  max = CUSTOMER_LIST_MAX,
): Promise<CustomerPage> {
  if (!seesAllCustomers(actor.role) && actor.mspUserId === null) return { customers: [], total: 0 }
  const pattern = `%${likeLiteral(search)}%`
  // a plain SELECT (no WITH): the read cache keeps only those (read-cache.ts)
  const rows = await db.$queryRaw<CustomerSummaryRow[]>`
    SELECT p.id, p.name, p."dataCenter"::text AS "dataCenter", u.name AS "accountContact", p.total,
      (SELECT array_agg(g.name) FROM "GroupCustomer" gc JOIN "CustomerGroup" g ON g.id = gc."groupId"
        WHERE gc."customerId" = p.id) AS groups
    FROM (SELECT c.id, c.name, c."nameKey", c."dataCenter", c."accountContactId", count(*) OVER ()::int AS total
        FROM "Customer" c
        WHERE ${inScope(actor)}
          AND (${search === ''}::boolean OR c.name ILIKE ${pattern})
        ORDER BY c."nameKey" LIMIT ${max}::int) p
    LEFT JOIN "MspUser" u ON u.id = p."accountContactId"
    ORDER BY p."nameKey"`
  return {
    customers: rows.map((c) => ({
      id: c.id,
      name: c.name,
      dataCenter: c.dataCenter,
      groups: (c.groups ?? []).sort(),
      accountContact: c.accountContact,
    })),
    total: rows[0]?.total ?? 0,
  }
}

/**
 * A customer the actor may see, by what staff typed (find-by-name.ts's rules): the exact name through the
 * name key's index, else the few partial matches (enough to tell one from many); only a name matching
 * nothing reads every name in scope, for the "did you mean" suggestions.
 */
export async function findCustomer(
  db: Db,
  actor: StaffActor,
  typed: string,
): Promise<Lookup<{ id: number; name: string }>> {
  if (!seesAllCustomers(actor.role) && actor.mspUserId === null) return lookupByName(typed, [])
  const key = nameKey(typed)
  const [exact] = await db.$queryRaw<{ id: number; name: string }[]>`
    SELECT c.id, c.name FROM "Customer" c WHERE c."nameKey" = ${key} AND ${inScope(actor)}`
  if (exact) return { kind: 'found', item: exact }
  const partial = await db.$queryRaw<{ id: number; name: string }[]>`
    SELECT c.id, c.name FROM "Customer" c WHERE c.name ILIKE ${`%${likeLiteral(key)}%`} AND ${inScope(actor)}
    ORDER BY c.id LIMIT ${AMBIGUOUS_SHOWN + 1}::int`
  if (partial.length > 0) return lookupByName(typed, partial.slice(0, AMBIGUOUS_SHOWN))
  const all = await db.$queryRaw<{ id: number; name: string }[]>`
    SELECT c.id, c.name FROM "Customer" c WHERE ${inScope(actor)} ORDER BY c.id`
  return lookupByName(typed, all)
}

export async function customerPreferences(db: Db, customerId: number) {
  const c = await db.customer.findUnique({
    where: { id: customerId },
    include: {
      groups: { include: { group: true } },
      directUsers: { include: { mspUser: true } },
      accountContact: true,
    },
  })
  if (!c) throw gone('customer')
  return {
    customer: { id: c.id, name: c.name },
    groups: c.groups
      .map((g) => ({ id: g.group.id, name: g.group.name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    directUsers: c.directUsers
      .map((d) => ({ id: d.mspUser.id, name: d.mspUser.name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    accountContact: c.accountContact ? { id: c.accountContact.id, name: c.accountContact.name } : null,
    portal: portalDomainInfo(c.portalDomain, c.dataCenter),
  }
}

/** How many customers the book has, whoever asks (to tell an empty book from an empty scope). */
export const countCustomers = (db: Db): Promise<number> => db.customer.count()
