import type { Db } from '../../db/client.ts'
import { customerScope, type StaffActor } from '../actor.ts'

/** What App Home shows a staff member. */
export async function homeSummary(db: Db, actor: StaffActor) {
  const scope = await customerScope(db, actor)
  const [customers, groups, users, failures, pendingPlans, approvals] = await Promise.all([
    scope === 'all' ? db.customer.count() : Promise.resolve(scope.size),
    db.customerGroup.count(),
    db.mspUser.count(),
    db.auditLog.findMany({ where: { action: { endsWith: '.blocked' } }, orderBy: { id: 'desc' }, take: 5 }),
    db.pendingPlan.count({ where: { status: 'pending', actorSlackId: actor.slackUserId ?? 'cli' } }),
    db.approval.count({ where: { status: 'pending' } }),
  ])
  return { customers, groups, users, failures, pendingPlans, approvals }
}
