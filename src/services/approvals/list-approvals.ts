// `/msp approvals` and App Home: the requests still waiting. Approvers see all; anyone else their own.

import type { Db } from '../../db/client.ts'
import { hasRole } from '../../domain/roles.ts'
import type { StaffActor } from '../actor.ts'
import { type ApprovalView, approvalSelect, approvalView, loadApprovalSettings } from './approval-view.ts'

export interface PendingApprovals {
  /** The actor may decide (other people's) requests. */
  mayDecide: boolean
  requests: ApprovalView[]
}

/** Shown at most (oldest first: they expire first). */
export const PENDING_LIST_LIMIT = 20

function whereWaiting(actor: StaffActor, mayDecide: boolean, now: Date) {
  return {
    status: 'pending' as const,
    expiresAt: { gt: now },
    ...(mayDecide ? {} : { requestedBy: actor.slackUserId ?? '' }),
  }
}

export async function listPendingApprovals(
  db: Db,
  actor: StaffActor,
  now: () => Date = () => new Date(),
): Promise<PendingApprovals & { total: number }> {
  const settings = await loadApprovalSettings(db)
  const mayDecide = hasRole(actor.role, settings.approverRole)
  const where = whereWaiting(actor, mayDecide, now())
  const [rows, total] = await Promise.all([
    db.approval.findMany({
      where,
      select: approvalSelect,
      orderBy: { expiresAt: 'asc' },
      take: PENDING_LIST_LIMIT,
    }),
    db.approval.count({ where }),
  ])
  return { mayDecide, requests: rows.map(approvalView), total }
}

/** App Home's count: the requests waiting that the actor could decide (approvers) or made (others). */
export async function countPendingApprovals(
  db: Db,
  actor: StaffActor,
  now: () => Date = () => new Date(),
): Promise<number> {
  const settings = await loadApprovalSettings(db)
  return db.approval.count({ where: whereWaiting(actor, hasRole(actor.role, settings.approverRole), now()) })
}
