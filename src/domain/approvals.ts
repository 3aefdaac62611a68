// Four-eyes approvals: which portal user actions staff below the approver role may only request, who
// decides (the approver role and up, never on their own request), and when a request expires.
import { PORTAL_USER_ACTIONS, type PortalUserAction } from './portal-users.ts'
import { hasRole, type StaffRole } from './roles.ts'

const isPortalUserAction = (value: string): value is PortalUserAction =>
  (PORTAL_USER_ACTIONS as readonly string[]).includes(value)

export const APPROVAL_STATUSES = ['pending', 'approved', 'denied', 'expired'] as const
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number]

export type ApprovalDecision = 'approve' | 'deny'

export interface ApprovalSettings {
  /** Portal user actions that need four eyes (default: delete). */
  actions: readonly PortalUserAction[]
  /** The least role that decides (default admin). */
  approverRole: StaffRole
  /** Hours a request stays open (default 24). */
  expiryHours: number
}

export const DEFAULT_APPROVAL_SETTINGS: ApprovalSettings = {
  actions: ['delete'],
  approverRole: 'admin',
  expiryHours: 24,
}

/** Longest reason kept (Slack's plain_text_input max_length in the request modal). */
export const APPROVAL_REASON_MAX = 500

/** The settings as stored: unknown action names are ignored; the older delete flag can switch delete off. */
export function approvalSettingsFrom(row: {
  approvalActions: readonly string[] | null
  approverRole: StaffRole
  approvalExpiryHours: number
  portalDeleteNeedsApproval: boolean
}): ApprovalSettings {
  const actions = (row.approvalActions ?? DEFAULT_APPROVAL_SETTINGS.actions)
    .filter(isPortalUserAction)
    .filter((a) => a !== 'delete' || row.portalDeleteNeedsApproval)
  return {
    actions: [...new Set(actions)],
    approverRole: row.approverRole,
    expiryHours:
      row.approvalExpiryHours > 0 ? row.approvalExpiryHours : DEFAULT_APPROVAL_SETTINGS.expiryHours,
  }
}

/** Whether `role` must ask for `action` instead of running it: approvers run it themselves. */
export const needsApproval = (settings: ApprovalSettings, action: PortalUserAction, role: StaffRole) =>
  settings.actions.includes(action) && !hasRole(role, settings.approverRole)

/** A pending request at or past its expiry can no longer be decided. */
export const isExpired = (request: { expiresAt: Date }, now: Date) =>
  request.expiresAt.getTime() <= now.getTime()

export type DecisionRefusal = 'notApprover' | 'ownRequest'

/** Why `decider` may not decide a request by `requesterSlackId`; null when they may. */
export function decisionRefusal(
  settings: ApprovalSettings,
  decider: { role: StaffRole; slackUserId: string | null; mspUserId: number | null },
  requester: { slackUserId: string; mspUserId: number | null },
): DecisionRefusal | null {
  if (!hasRole(decider.role, settings.approverRole)) return 'notApprover'
  if (decider.slackUserId !== null && decider.slackUserId === requester.slackUserId) return 'ownRequest'
  if (decider.mspUserId !== null && decider.mspUserId === requester.mspUserId) return 'ownRequest'
  return null
}

/** The kind stored for a request to run a portal user action. */
export const approvalKind = (action: PortalUserAction) => `portal-user.${action}` as const

export function actionOfKind(kind: string): PortalUserAction | null {
  const action = kind.startsWith('portal-user.') ? kind.slice('portal-user.'.length) : ''
  return isPortalUserAction(action) ? action : null
}
