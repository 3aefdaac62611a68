// Options for the forms' external selects: by case-insensitive substring, at most Slack's 100.
import type { Db } from '../../db/client.ts'
import { seesAllCustomers } from '../../domain/roles.ts'
import type { StaffActor } from '../actor.ts'
import { inScope, likeLiteral } from './customers.ts'

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
 * `editingGroupId` (none when adding a group) that already hold it. One statement: options are answered
 * in their ack, so this read is on the ack's path (see the README's Performance section).
 */
export async function searchCustomers(
  db: Db,
  actor: StaffActor,
  search: string,
  editingGroupId?: number,
): Promise<CustomerOptionItem[]> {
  const all = seesAllCustomers(actor.role)
  if (!all && actor.mspUserId === null) return []
  const rows = await db.$queryRaw<Array<{ id: number; name: string; takenBy: string[] | null }>>`
    SELECT c.id, c.name,
      CASE WHEN (SELECT s."groupMode" = 'exclusive' FROM "Setting" s WHERE s.id = 1) THEN
        (SELECT array_agg(g.name ORDER BY g."nameKey") FROM "GroupCustomer" gc
          JOIN "CustomerGroup" g ON g.id = gc."groupId"
          WHERE gc."customerId" = c.id AND gc."groupId" IS DISTINCT FROM ${editingGroupId ?? null}::int)
      END AS "takenBy"
    FROM "Customer" c
    WHERE ${inScope(actor)}
      AND (${search === ''}::boolean OR c.name ILIKE ${`%${likeLiteral(search)}%`})
    ORDER BY c."nameKey"
    LIMIT ${OPTION_LIMIT}::int`
  return rows.map((c) => ({ id: c.id, name: c.name, takenBy: c.takenBy ?? [] }))
}
