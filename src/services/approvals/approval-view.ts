// How services hand out approval requests, and the settings that govern them.
import type { Db } from '../../db/client.ts'
import {
  type ApprovalSettings,
  type ApprovalStatus,
  actionOfKind,
  approvalSettingsFrom,
  DEFAULT_APPROVAL_SETTINGS,
} from '../../domain/approvals.ts'
import type { PortalUserAction } from '../../domain/portal-users.ts'

/** What a request is about, kept with it (the portal user may be gone by the time it is decided). */
export interface ApprovalTarget {
  portalUserId: number
  name: string
  email: string
  customerId: number
  customer: string
}

export interface ApprovalView {
  id: string
  action: PortalUserAction
  target: ApprovalTarget
  status: ApprovalStatus
  requestedBy: { slackUserId: string; name: string; mspUserId: number | null }
  reason: string
  createdAt: Date
  expiresAt: Date
  decidedBy: { slackUserId: string; name: string } | null
  decidedAt: Date | null
  /** What running the approved action answered: `done`, or why it no longer applied (e.g. `gone`). */
  outcome: string | null
  /** The request's message in the notify channel, once posted. */
  message: { channel: string; ts: string } | null
}

export const approvalSelect = {
  id: true,
  kind: true,
  payload: true,
  requestedBy: true,
  requestedByName: true,
  requesterMspUserId: true,
  reason: true,
  status: true,
  decidedBy: true,
  decidedByName: true,
  decidedAt: true,
  outcome: true,
  createdAt: true,
  expiresAt: true,
  channelId: true,
  messageTs: true,
} as const

type ApprovalRow = {
  id: string
  kind: string
  payload: unknown
  requestedBy: string
  requestedByName: string
  requesterMspUserId: number | null
  reason: string
  status: ApprovalStatus
  decidedBy: string | null
  decidedByName: string | null
  decidedAt: Date | null
  outcome: string | null
  createdAt: Date
  expiresAt: Date
  channelId: string | null
  messageTs: string | null
}

function targetOf(payload: unknown): ApprovalTarget {
  const p = (payload ?? {}) as Partial<ApprovalTarget>
  return {
    portalUserId: Number(p.portalUserId),
    name: String(p.name ?? ''),
    email: String(p.email ?? ''),
    customerId: Number(p.customerId),
    customer: String(p.customer ?? ''),
  }
}

export function approvalView(row: ApprovalRow): ApprovalView {
  const action = actionOfKind(row.kind)
  if (!action) throw new Error(`approval ${row.id}: unknown kind ${row.kind}`)
  return {
    id: row.id,
    action,
    target: targetOf(row.payload),
    status: row.status,
    requestedBy: {
      slackUserId: row.requestedBy,
      name: row.requestedByName,
      mspUserId: row.requesterMspUserId,
    },
    reason: row.reason,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    decidedBy:
      row.decidedBy !== null
        ? { slackUserId: row.decidedBy, name: row.decidedByName ?? row.decidedBy }
        : null,
    decidedAt: row.decidedAt,
    outcome: row.outcome,
    message: row.channelId && row.messageTs ? { channel: row.channelId, ts: row.messageTs } : null,
  }
}

/** The approval settings (defaults when no settings row exists yet). */
export async function loadApprovalSettings(db: Db): Promise<ApprovalSettings> {
  const row = await db.setting.findUnique({
    where: { id: 1 },
    select: {
      approvalActions: true,
      approverRole: true,
      approvalExpiryHours: true,
      portalDeleteNeedsApproval: true,
    },
  })
  return row ? approvalSettingsFrom(row) : DEFAULT_APPROVAL_SETTINGS
}
