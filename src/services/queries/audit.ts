import { format } from 'date-fns/format'
import type { Db, Prisma } from '../../db/client.ts'
import { customerScope, type StaffActor } from '../actor.ts'

export interface AuditFilter {
  targetType?: 'customer' | 'group' | 'user'
  name?: string
}

/**
 * Which audit rows the actor may read: all for admins; below admin, only rows that touched a customer
 * associated with them (audit rows list customers by name). `null`: none at all.
 */
export async function auditScope(
  db: Db,
  scope: Set<number> | 'all',
): Promise<Prisma.AuditLogWhereInput | null> {
  if (scope === 'all') return {}
  if (scope.size === 0) return null
  const customers = await db.customer.findMany({ where: { id: { in: [...scope] } }, select: { name: true } })
  return { customers: { hasSome: customers.map((c) => c.name) } }
}

/**
 * Recent changes the actor may see, newest first; a customer filter also finds group/user changes that
 * touched it.
 */
export async function recentAudit(db: Db, actor: StaffActor, filter: AuditFilter = {}, take = 20) {
  const scoped = await auditScope(db, await customerScope(db, actor))
  if (scoped === null) return []
  const name = filter.name?.trim()
  // Audit rows list customers by their stored name: match the customer case-insensitively first.
  const customer =
    name && filter.targetType === 'customer'
      ? await db.customer.findUnique({ where: { nameKey: name.toLowerCase() }, select: { name: true } })
      : null
  const where: Prisma.AuditLogWhereInput = !name
    ? filter.targetType
      ? { targetType: filter.targetType }
      : {}
    : filter.targetType === 'customer'
      ? {
          OR: [
            { targetType: 'customer', targetName: { equals: name, mode: 'insensitive' } },
            { customers: { hasSome: [...new Set([name, customer?.name ?? name])] } },
          ],
        }
      : { targetType: filter.targetType, targetName: { equals: name, mode: 'insensitive' } }
  const rows = await db.auditLog.findMany({
    where: { AND: [where, scoped] },
    orderBy: { id: 'desc' },
    take,
  })
  return rows.map((r) => ({
    ...r,
    when: format(r.at, 'yyyy-MM-dd HH:mm'),
  }))
}

export type AuditRow = Awaited<ReturnType<typeof recentAudit>>[number]
