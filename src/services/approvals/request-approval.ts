// A portal user action that needs four eyes, asked for by staff below the approver role: a pending request
// (who, what, why), audited; nothing else changes until an approver decides.
import { randomUUID } from 'node:crypto'
import { addHours } from 'date-fns/addHours'
import type { Db } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import { APPROVAL_REASON_MAX, approvalKind, needsApproval } from '../../domain/approvals.ts'
import { actionApplies, type PortalUserAction, type PortalUserStatus } from '../../domain/portal-users.ts'
import { requireCapability, type StaffActor } from '../actor.ts'
import { recordAudit } from '../audit.ts'
import type { FieldProblem } from '../errors.ts'
import { assertMayTouchCustomer } from '../portal/portal-user-view.ts'
import {
  type ApprovalTarget,
  type ApprovalView,
  approvalSelect,
  approvalView,
  loadApprovalSettings,
} from './approval-view.ts'

export interface ApprovalRequestInput {
  portalUserId: number
  action: PortalUserAction
  reason: string
}

export type ApprovalRequestOutcome =
  /** The request was made: it waits for an approver. */
  | { status: 'requested'; request: ApprovalView }
  /** The same action on the same user already waits for approval: nothing new was made. */
  | { status: 'alreadyPending'; request: ApprovalView }
  /** The actor may run the action themselves (an approver, or an action needing no approval). */
  | { status: 'notNeeded' }
  /** The action does not apply to the user as it is now (or the user is gone): nothing was made. */
  | { status: 'notApplicable'; current: PortalUserStatus | 'gone' }
  | { status: 'invalid'; problems: FieldProblem[] }

/** Whether `actor` must ask an approver before running `action` (the Slack edge asks for a reason then). */
export async function approvalNeeded(db: Db, actor: StaffActor, action: PortalUserAction): Promise<boolean> {
  return needsApproval(await loadApprovalSettings(db), action, actor.role)
}

export async function requestApproval(
  db: Db,
  actor: StaffActor,
  input: ApprovalRequestInput,
  now: () => Date = () => new Date(),
): Promise<ApprovalRequestOutcome> {
  requireCapability(actor, 'managePortalUsers')
  const settings = await loadApprovalSettings(db)
  if (!needsApproval(settings, input.action, actor.role)) return { status: 'notNeeded' }
  const reason = input.reason.trim()
  if (reason === '')
    return { status: 'invalid', problems: [{ field: 'reason', problem: { code: 'approval.reasonMissing' } }] }
  if (reason.length > APPROVAL_REASON_MAX)
    return {
      status: 'invalid',
      problems: [{ field: 'reason', problem: { code: 'approval.reasonTooLong', max: APPROVAL_REASON_MAX } }],
    }
  if (actor.slackUserId === null) throw new Error('requestApproval: the requester needs a Slack user id')
  const requester = actor.slackUserId
  return inTransaction(db, async (tx) => {
    // The user's row locked: a request and an action on the same user take turns.
    await tx.$queryRaw`SELECT id FROM "PortalUser" WHERE id = ${input.portalUserId}::int FOR UPDATE`
    const user = await tx.portalUser.findUnique({
      where: { id: input.portalUserId },
      select: {
        id: true,
        name: true,
        email: true,
        status: true,
        customer: { select: { id: true, name: true } },
      },
    })
    if (!user) return { status: 'notApplicable', current: 'gone' }
    await assertMayTouchCustomer(tx, actor, user.customer)
    if (!actionApplies(input.action, user.status)) return { status: 'notApplicable', current: user.status }
    const at = now()
    const kind = approvalKind(input.action)
    const open = await tx.approval.findMany({
      where: { kind, status: 'pending', expiresAt: { gt: at } },
      select: approvalSelect,
    })
    const same = open.map(approvalView).find((r) => r.target.portalUserId === user.id)
    if (same) return { status: 'alreadyPending', request: same }
    const target: ApprovalTarget = {
      portalUserId: user.id,
      name: user.name,
      email: user.email,
      customerId: user.customer.id,
      customer: user.customer.name,
    }
    const row = await tx.approval.create({
      data: {
        id: randomUUID(),
        kind,
        payload: { ...target },
        requestedBy: requester,
        requestedByName: actor.name,
        requesterMspUserId: actor.mspUserId,
        reason,
        createdAt: at,
        expiresAt: addHours(at, settings.expiryHours),
      },
      select: approvalSelect,
    })
    await recordAudit(tx, actor, {
      action: 'approval.request',
      targetType: 'portal-user',
      targetName: user.email,
      customers: [user.customer.name],
      after: { approval: row.id, action: input.action, reason, expiresAt: row.expiresAt.toISOString() },
    })
    return { status: 'requested', request: approvalView(row) }
  })
}

/** Remembers where the request's message is (the notify channel), so a decision or expiry can update it. */
export async function attachApprovalMessage(
  db: Db,
  approvalId: string,
  message: { channel: string; ts: string },
): Promise<void> {
  await db.approval.update({
    where: { id: approvalId },
    data: { channelId: message.channel, messageTs: message.ts },
  })
}
