// Options for the forms' external selects: by case-insensitive substring, at most Slack's 100.
import type { Db } from '../../db/client.ts'
import { customerScope, type StaffActor } from '../actor.ts'
import { loadSettings } from '../associations/load-plan-input.ts'

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

export interface CustomerOptionItem extends OptionItem {
  /** Exclusive mode: the other groups already holding this customer (sorted); empty when free. */
  takenBy: string[]
}

/**
 * Customers the actor may touch. In exclusive mode each also names the groups other than
 * `editingGroupId` (none when adding a group) that already hold it.
 */
export async function searchCustomers(
  db: Db,
  actor: StaffActor,
  search: string,
  editingGroupId?: number,
): Promise<CustomerOptionItem[]> {
  const [scope, settings] = await Promise.all([customerScope(db, actor), loadSettings(db)])
  const exclusive = settings.groupMode === 'exclusive'
  const rows = await db.customer.findMany({
    where: { name: contains(search), ...(scope === 'all' ? {} : { id: { in: [...scope] } }) },
    select: { id: true, name: true },
    orderBy: { nameKey: 'asc' },
    take: OPTION_LIMIT,
  })
  const holders = exclusive
    ? await db.groupCustomer.findMany({
        where: {
          customerId: { in: rows.map((c) => c.id) },
          ...(editingGroupId === undefined ? {} : { groupId: { not: editingGroupId } }),
        },
        select: { customerId: true, group: { select: { name: true } } },
        orderBy: { group: { nameKey: 'asc' } },
      })
    : []
  const takenBy = new Map<number, string[]>()
  for (const h of holders) takenBy.set(h.customerId, [...(takenBy.get(h.customerId) ?? []), h.group.name])
  return rows.map((c) => ({ ...c, takenBy: takenBy.get(c.id) ?? [] }))
}
