// Four-eyes approvals in words: problems, refusals, what a decision did. Plain text: the Slack edge escapes
// it where it goes into mrkdwn.
import type { DecisionRefusal } from '../domain/approvals.ts'
import type { PortalUserAction } from '../domain/portal-users.ts'
import type { StaffRole } from '../domain/roles.ts'
import type { ApprovalView } from '../services/approvals/approval-view.ts'
import type { Problem } from '../services/errors.ts'

type ApprovalProblem = Extract<Problem, { code: `approval.${string}` }>

export function approvalProblemMessage(p: ApprovalProblem): string {
  switch (p.code) {
    case 'approval.reasonMissing':
      return 'Say why: an approver reads this before deciding.'
    case 'approval.reasonTooLong':
      return `Keep the reason under ${p.max} characters.`
  }
}

const VERB: Record<PortalUserAction, string> = {
  enable: 'enable',
  disable: 'disable',
  reinvite: 'reinvite',
  delete: 'delete',
}

/** "delete portal user Dana (dana@zylker.example) of Zylker" */
export const approvalSubject = (r: Pick<ApprovalView, 'action' | 'target'>) =>
  `${VERB[r.action]} portal user ${r.target.name} (${r.target.email}) of ${r.target.customer}`

export function refusalMessage(why: DecisionRefusal, approverRole: StaffRole = 'admin'): string {
  switch (why) {
    case 'notApprover':
      return `Only ${approverRole === 'admin' ? 'admins' : `${approverRole}s and up`} decide approval requests. Nothing was changed.`
    case 'ownRequest':
      return 'You cannot decide your own request: another approver must. Nothing was changed.'
  }
}

export const NO_APPROVAL_CHANNEL =
  'This needs an approver, but no approval channel is set (MSP_NOTIFY_CHANNEL), so nobody would see a request. Ask an admin to do it, or to set the channel. Nothing was changed.'

/** What became of an approved request's action. */
export function approvedOutcomeMessage(r: ApprovalView): string {
  if (r.outcome === 'done')
    return `Done: ${r.target.name} (${r.target.email}) ${doneWord(r.action)} on ${r.target.customer}.`
  const current = r.outcome?.startsWith('notApplicable:') ? r.outcome.slice('notApplicable:'.length) : null
  if (current === 'gone') return `Nothing ran: ${r.target.name} had already been deleted.`
  return `Nothing ran: it no longer applies (${r.target.name} is ${current ?? 'changed'} now).`
}

const doneWord = (action: PortalUserAction) =>
  ({ enable: 'was enabled', disable: 'was disabled', reinvite: 'was invited again', delete: 'was deleted' })[
    action
  ]
