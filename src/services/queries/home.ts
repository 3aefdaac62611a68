import { subMinutes } from 'date-fns/subMinutes'
import type { Db } from '../../db/client.ts'
import { customerScope, type StaffActor } from '../actor.ts'
import { countPendingApprovals } from '../approvals/list-approvals.ts'
import { PENDING_PLAN_TTL_MINUTES } from '../associations/pending-plans.ts'
import { homeInvitationReminders } from '../portal/reminders.ts'
import { auditScope } from './audit.ts'

/** What App Home shows a staff member. */
export async function homeSummary(db: Db, actor: StaffActor) {
  const scope = await customerScope(db, actor)
  const blockedScope = await auditScope(db, scope)
  // A preview older than the TTL can no longer be confirmed: it no longer waits.
  const confirmableSince = subMinutes(new Date(), PENDING_PLAN_TTL_MINUTES)
  const [customers, groups, users, failures, pendingPlans] = await Promise.all([
    scope === 'all' ? db.customer.count() : Promise.resolve(scope.size),
    db.customerGroup.count(),
    db.mspUser.count(),
    blockedScope === null
      ? Promise.resolve([])
      : db.auditLog.findMany({
          where: { AND: [{ action: { endsWith: '.blocked' } }, blockedScope] },
          orderBy: { id: 'desc' },
          take: 5,
        }),
    db.pendingPlan.count({
      where: {
        status: 'pending',
        actorSlackId: actor.slackUserId ?? 'cli',
        createdAt: { gt: confirmableSince },
      },
    }),
  ])
  // Unconfirmed portal users waiting N days or more, of the customers the actor may act on (null: a viewer).
  const invitationReminders = await homeInvitationReminders(db, actor)
  // Approval requests waiting: those the actor may decide (approvers), else the actor's own.
  const pendingApprovals = await countPendingApprovals(db, actor)
  return { customers, groups, users, failures, pendingPlans, invitationReminders, pendingApprovals }
}
