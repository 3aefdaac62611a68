import { format } from 'date-fns'
import type { Db } from '../../db/client.ts'

export interface AuditFilter {
  targetType?: 'customer' | 'group' | 'user'
  name?: string
}

/** Recent changes, newest first; a customer filter also finds group/user changes that touched it. */
export async function recentAudit(db: Db, filter: AuditFilter = {}, take = 20) {
  const name = filter.name?.trim()
  // Audit rows list customers by their stored name: match the customer case-insensitively first.
  const customer =
    name && filter.targetType === 'customer'
      ? await db.customer.findUnique({ where: { nameKey: name.toLowerCase() }, select: { name: true } })
      : null
  const where = !name
    ? filter.targetType
      ? { targetType: filter.targetType }
      : {}
    : filter.targetType === 'customer'
      ? {
          OR: [
            { targetType: 'customer', targetName: { equals: name, mode: 'insensitive' as const } },
            { customers: { hasSome: [...new Set([name, customer?.name ?? name])] } },
          ],
        }
      : { targetType: filter.targetType, targetName: { equals: name, mode: 'insensitive' as const } }
  const rows = await db.auditLog.findMany({ where, orderBy: { id: 'desc' }, take })
  return rows.map((r) => ({
    ...r,
    when: format(r.at, 'yyyy-MM-dd HH:mm'),
  }))
}
