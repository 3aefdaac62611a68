import type { Db } from '../../db/client.ts'
import { seesAllCustomers } from '../../domain/roles.ts'
import { customerScope, type StaffActor } from '../actor.ts'
import { portalDomainInfo } from '../customers/portal-domain.ts'
import { gone } from '../errors.ts'
import { type Lookup, lookupByName } from './find-by-name.ts'

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
  const all = seesAllCustomers(actor.role)
  const pattern = `%${likeLiteral(search)}%`
  // a plain SELECT (no WITH): the read cache keeps only those (read-cache.ts)
  const rows = await db.$queryRaw<CustomerSummaryRow[]>`
    SELECT p.id, p.name, p."dataCenter"::text AS "dataCenter", u.name AS "accountContact", p.total,
      (SELECT array_agg(g.name) FROM "GroupCustomer" gc JOIN "CustomerGroup" g ON g.id = gc."groupId"
        WHERE gc."customerId" = p.id) AS groups
    FROM (SELECT c.id, c.name, c."nameKey", c."dataCenter", c."accountContactId", count(*) OVER ()::int AS total
        FROM "Customer" c
        WHERE (${all}::boolean OR c.id IN
            (SELECT a."customerId" FROM "Association" a WHERE a."mspUserId" = ${actor.mspUserId ?? 0}::int))
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

export async function findCustomer(
  db: Db,
  actor: StaffActor,
  typed: string,
): Promise<Lookup<{ id: number; name: string }>> {
  const scope = await customerScope(db, actor)
  const all = await db.customer.findMany({
    where: scope === 'all' ? {} : { id: { in: [...scope] } },
    select: { id: true, name: true },
  })
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
