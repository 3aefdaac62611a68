// The staff member behind a request, and the checks every use case makes on them.

import type { Db } from '../db/client.ts'
import { type Capability, can, REQUIRED_ROLE, type StaffRole, seesAllCustomers } from '../domain/roles.ts'
import type { Actor } from './audit.ts'
import { ServiceError } from './errors.ts'

export interface StaffActor extends Actor {
  mspUserId: number | null
  role: StaffRole
}

export function requireCapability(actor: StaffActor, capability: Capability): void {
  if (!can(actor.role, capability))
    throw new ServiceError({
      code: 'staff.forbidden',
      capability,
      needed: REQUIRED_ROLE[capability],
      actual: actor.role,
    })
}

/** Customer ids the actor may act on; `all` for admins. */
export async function customerScope(db: Db, actor: StaffActor): Promise<Set<number> | 'all'> {
  if (seesAllCustomers(actor.role)) return 'all'
  if (actor.mspUserId === null) return new Set()
  const rows = await db.association.findMany({
    where: { mspUserId: actor.mspUserId },
    select: { customerId: true },
  })
  return new Set(rows.map((r) => r.customerId))
}

/** Refuses a change touching any customer not associated with the actor (below admin). */
export async function assertMayTouchCustomers(
  db: Db,
  actor: StaffActor,
  customerIds: Iterable<number>,
  nameOf: (id: number) => string,
): Promise<void> {
  const scope = await customerScope(db, actor)
  if (scope === 'all') return
  const outside = [...new Set(customerIds)].filter((id) => !scope.has(id))
  if (outside.length > 0) {
    throw new ServiceError({ code: 'staff.notAssociated', customers: outside.map(nameOf).sort() })
  }
}
