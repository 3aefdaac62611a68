// Options for the forms' external selects: by case-insensitive substring, at most Slack's 100.
import type { Db } from '../../db/client.ts'
import { customerScope, type StaffActor } from '../actor.ts'

export const OPTION_LIMIT = 100

export interface OptionItem {
  id: number
  name: string
}

const contains = (search: string) => (search ? { contains: search, mode: 'insensitive' as const } : undefined)

export async function searchGroups(db: Db, search: string): Promise<OptionItem[]> {
  return db.customerGroup.findMany({
    where: { name: contains(search) },
    select: { id: true, name: true },
    orderBy: [{ isDefault: 'desc' }, { nameKey: 'asc' }],
    take: OPTION_LIMIT,
  })
}

export async function searchMspUsers(db: Db, search: string): Promise<OptionItem[]> {
  const rows = await db.mspUser.findMany({
    where: search ? { OR: [{ name: contains(search) }, { email: contains(search) }] } : {},
    select: { id: true, name: true, email: true },
    orderBy: { name: 'asc' },
    take: OPTION_LIMIT,
  })
  return rows.map((u) => ({ id: u.id, name: `${u.name} (${u.email})` }))
}

/** Customers the actor may touch. */
export async function searchCustomers(db: Db, actor: StaffActor, search: string): Promise<OptionItem[]> {
  const scope = await customerScope(db, actor)
  return db.customer.findMany({
    where: { name: contains(search), ...(scope === 'all' ? {} : { id: { in: [...scope] } }) },
    select: { id: true, name: true },
    orderBy: { nameKey: 'asc' },
    take: OPTION_LIMIT,
  })
}
