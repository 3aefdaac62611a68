// The approval use cases bound to one database (createServices puts them under `services.approvals`).
import type { Db } from '../../db/client.ts'
import type { ApprovalDecision } from '../../domain/approvals.ts'
import type { PortalUserAction } from '../../domain/portal-users.ts'
import type { StaffActor } from '../actor.ts'
import type { InvitationOptions } from '../portal/invitations.ts'
import {
  deletePortalUser,
  disablePortalUser,
  enablePortalUser,
  reinvitePortalUser,
} from '../portal/portal-user-actions.ts'
import { loadApprovalSettings } from './approval-view.ts'
import { decideApproval, expireApprovals, type PortalActionRunner } from './decide-approval.ts'
import { countPendingApprovals, listPendingApprovals } from './list-approvals.ts'
import {
  type ApprovalRequestInput,
  approvalNeeded,
  attachApprovalMessage,
  requestApproval,
} from './request-approval.ts'

export interface ApprovalServicesOptions {
  invitations: InvitationOptions
  /** Called after an approved action that may have queued mail (a reinvite) committed. */
  afterMail?: () => void
  now?: () => Date
}

/** The portal actions, run in the decision's transaction (their own `inTransaction` joins it). */
const runner =
  (invitations: InvitationOptions): PortalActionRunner =>
  (tx, actor, action, portalUserId) => {
    switch (action) {
      case 'enable':
        return enablePortalUser(tx, actor, portalUserId)
      case 'disable':
        return disablePortalUser(tx, actor, portalUserId)
      case 'reinvite':
        return reinvitePortalUser(tx, actor, portalUserId, invitations)
      case 'delete':
        return deletePortalUser(tx, actor, portalUserId)
    }
  }

export function approvalServices(db: Db, options: ApprovalServicesOptions) {
  const now = options.now ?? (() => new Date())
  const run = runner(options.invitations)
  return {
    settings: () => loadApprovalSettings(db),
    /** Whether the actor must ask for `action` (a reason, then a request) instead of running it. */
    needed: (actor: StaffActor, action: PortalUserAction) => approvalNeeded(db, actor, action),
    request: (actor: StaffActor, input: ApprovalRequestInput) => requestApproval(db, actor, input, now),
    attachMessage: (approvalId: string, message: { channel: string; ts: string }) =>
      attachApprovalMessage(db, approvalId, message),
    decide: async (actor: StaffActor, approvalId: string, decision: ApprovalDecision) => {
      const outcome = await decideApproval(db, run, actor, approvalId, decision, now)
      if (outcome.status === 'decided' && outcome.result?.status === 'done') options.afterMail?.()
      return outcome
    },
    pending: (actor: StaffActor) => listPendingApprovals(db, actor, now),
    countPending: (actor: StaffActor) => countPendingApprovals(db, actor, now),
    /** The approval-expiry job: marks overdue requests expired and returns them. */
    expireDue: () => expireApprovals(db, now),
  }
}

export type ApprovalServices = ReturnType<typeof approvalServices>
