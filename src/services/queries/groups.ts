import type { Db } from '../../db/client.ts'
import { loadSettings } from '../associations/load-plan-input.ts'
import { gone } from '../errors.ts'
import { type Lookup, lookupByName } from './find-by-name.ts'

export interface GroupSummary {
  id: number
  name: string
  isDefault: boolean
  customers: number
  users: number
}

/** The default group first, then alphabetical. */
export async function listGroups(db: Db): Promise<GroupSummary[]> {
  const rows = await db.customerGroup.findMany({
    include: { _count: { select: { customers: true, members: true } } },
    orderBy: [{ isDefault: 'desc' }, { nameKey: 'asc' }],
  })
  return rows.map((g) => ({
    id: g.id,
    name: g.name,
    isDefault: g.isDefault,
    customers: g._count.customers,
    users: g._count.members,
  }))
}

export async function findGroup(db: Db, typed: string): Promise<Lookup<{ id: number; name: string }>> {
  return lookupByName(typed, await db.customerGroup.findMany({ select: { id: true, name: true } }))
}

export async function customerGroupDetail(db: Db, groupId: number) {
  const [g, settings] = await Promise.all([
    db.customerGroup.findUnique({
      where: { id: groupId },
      include: { customers: { include: { customer: true } }, members: { include: { mspUser: true } } },
    }),
    loadSettings(db),
  ])
  if (!g) throw gone('customer group')
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name)
  return {
    group: { id: g.id, name: g.name, isDefault: g.isDefault },
    customers: g.customers.map((c) => ({ id: c.customer.id, name: c.customer.name })).sort(byName),
    users: g.members
      .map((m) => ({ id: m.mspUser.id, name: m.mspUser.name, email: m.mspUser.email, role: m.mspUser.role }))
      .sort(byName),
    maxCustomersPerGroup: settings.maxCustomersPerGroup,
  }
}
