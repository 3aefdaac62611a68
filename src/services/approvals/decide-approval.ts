// An approver's Approve or Deny. The request's row is locked while it is decided, so it is decided once:
// a double click or two approvers at once find it decided and change nothing. On Approve the action runs
// in the same transaction, as the approver, exactly once; an action that no longer applies (the user was
// deleted meanwhile) is recorded as the outcome and changes nothing else. A request past its expiry is
// marked expired and runs nothing.
import type { Db, TransactionClient } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import {
  type ApprovalDecision,
  type DecisionRefusal,
  decisionRefusal,
  isExpired,
} from '../../domain/approvals.ts'
import type { PortalUserAction } from '../../domain/portal-users.ts'
import type { StaffActor } from '../actor.ts'
import { CLI_ACTOR, recordAudit } from '../audit.ts'
import type { PortalUserActionOutcome } from '../portal/portal-user-actions.ts'
import { type ApprovalView, approvalSelect, approvalView, loadApprovalSettings } from './approval-view.ts'

/** Runs a portal user action inside the given transaction (services/index.ts binds the portal services). */
export type PortalActionRunner = (
  tx: TransactionClient,
  actor: StaffActor,
  action: PortalUserAction,
  portalUserId: number,
) => Promise<PortalUserActionOutcome>

export type DecisionOutcome =
  | { status: 'decided'; decision: ApprovalDecision; request: ApprovalView; result?: PortalUserActionOutcome }
  /** Decided (or expired) before this click: nothing changed. */
  | { status: 'alreadyDecided'; request: ApprovalView }
  /** Past its expiry: nothing ran. `justExpired`: this click marked it (the sweep had not yet). */
  | { status: 'expired'; request: ApprovalView; justExpired: boolean }
  /** This actor may not decide it: nothing changed. */
  | { status: 'refused'; why: DecisionRefusal; request: ApprovalView }
  | { status: 'unknown' }

const outcomeText = (result: PortalUserActionOutcome) =>
  result.status === 'done' ? 'done' : `notApplicable:${result.current}`

const SYSTEM = { ...CLI_ACTOR, name: 'system' }

async function lockedApproval(tx: TransactionClient, id: string) {
  await tx.$queryRaw`SELECT id FROM "Approval" WHERE id = ${id} FOR UPDATE`
  return tx.approval.findUnique({ where: { id }, select: approvalSelect })
}

/** Marks a locked pending request expired, audited as the system. */
async function markExpired(tx: TransactionClient, request: ApprovalView, at: Date): Promise<ApprovalView> {
  const row = await tx.approval.update({
    where: { id: request.id },
    data: { status: 'expired', decidedAt: at },
    select: approvalSelect,
  })
  await recordAudit(tx, SYSTEM, {
    action: 'approval.expire',
    targetType: 'portal-user',
    targetName: request.target.email,
    customers: [request.target.customer],
    before: { approval: request.id, action: request.action, status: 'pending' },
    after: { status: 'expired' },
  })
  return approvalView(row)
}

export async function decideApproval(
  db: Db,
  run: PortalActionRunner,
  actor: StaffActor,
  approvalId: string,
  decision: ApprovalDecision,
  now: () => Date = () => new Date(),
): Promise<DecisionOutcome> {
  const settings = await loadApprovalSettings(db)
  return inTransaction(db, async (tx): Promise<DecisionOutcome> => {
    const row = await lockedApproval(tx, approvalId)
    if (!row) return { status: 'unknown' }
    const request = approvalView(row)
    if (request.status === 'expired') return { status: 'expired', request, justExpired: false }
    if (request.status !== 'pending') return { status: 'alreadyDecided', request }
    const why = decisionRefusal(settings, actor, request.requestedBy)
    if (why) return { status: 'refused', why, request }
    const at = now()
    if (isExpired(request, at))
      return { status: 'expired', request: await markExpired(tx, request, at), justExpired: true }
    const result =
      decision === 'approve' ? await run(tx, actor, request.action, request.target.portalUserId) : undefined
    const decided = await tx.approval.update({
      where: { id: request.id },
      data: {
        status: decision === 'approve' ? 'approved' : 'denied',
        decidedBy: actor.slackUserId ?? 'cli',
        decidedByName: actor.name,
        decidedAt: at,
        outcome: result ? outcomeText(result) : null,
      },
      select: approvalSelect,
    })
    await recordAudit(tx, actor, {
      action: decision === 'approve' ? 'approval.approve' : 'approval.deny',
      targetType: 'portal-user',
      targetName: request.target.email,
      customers: [request.target.customer],
      before: { approval: request.id, action: request.action, requestedBy: request.requestedBy.name },
      after: { status: decided.status, ...(result ? { outcome: outcomeText(result) } : {}) },
    })
    return { status: 'decided', decision, request: approvalView(decided), ...(result ? { result } : {}) }
  })
}

/**
 * Marks every pending request past its expiry as expired (one transaction; each row locked, so a decision
 * in flight wins or waits) and returns them, for their messages to be updated. Idempotent.
 */
export async function expireApprovals(db: Db, now: () => Date = () => new Date()): Promise<ApprovalView[]> {
  const at = now()
  return inTransaction(db, async (tx) => {
    const due = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Approval" WHERE status = 'pending'
        AND "expiresAt" <= (${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')
      ORDER BY "expiresAt" FOR UPDATE SKIP LOCKED`
    const expired: ApprovalView[] = []
    for (const { id } of due) {
      const row = await tx.approval.findUnique({ where: { id }, select: approvalSelect })
      if (row?.status !== 'pending') continue
      expired.push(await markExpired(tx, approvalView(row), at))
    }
    return expired
  })
}
