import type { Db } from '../../db/client.ts'
import { customerScope, type StaffActor } from '../actor.ts'
import { gone } from '../errors.ts'
import { type Lookup, lookupByName } from './find-by-name.ts'

export interface CustomerSummary {
  id: number
  name: string
  dataCenter: string
  groups: string[]
  accountContact: string | null
}

/** Customers the actor may see, by name, optionally filtered by a case-insensitive substring. */
export async function listCustomers(db: Db, actor: StaffActor, search = ''): Promise<CustomerSummary[]> {
  const scope = await customerScope(db, actor)
  const rows = await db.customer.findMany({
    where: {
      ...(scope === 'all' ? {} : { id: { in: [...scope] } }),
      ...(search ? { name: { contains: search, mode: 'insensitive' } } : {}),
    },
    include: { groups: { include: { group: true } }, accountContact: true },
    orderBy: { nameKey: 'asc' },
  })
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    dataCenter: c.dataCenter,
    groups: c.groups.map((g) => g.group.name).sort(),
    accountContact: c.accountContact?.name ?? null,
  }))
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
  }
}

/** How many customers the book has, whoever asks (to tell an empty book from an empty scope). */
export const countCustomers = (db: Db): Promise<number> => db.customer.count()
