// Four-eyes approvals in Block Kit: the reason modal a requester fills, the request message in the notify
// channel (Approve / Deny while pending; who decided and when, or that it expired, afterwards — no buttons
// then), and the `/msp approvals` list.
import type { KnownBlock, ModalView } from '@slack/types'
import { z } from 'zod'
import { APPROVAL_REASON_MAX, type ApprovalStatus } from '../../domain/approvals.ts'
import { PORTAL_USER_ACTIONS, type PortalUserAction } from '../../domain/portal-users.ts'
import { approvalSubject, approvedOutcomeMessage } from '../../messages/approvals.ts'
import type { ApprovalView } from '../../services/approvals/approval-view.ts'
import type { Reply } from '../answers/reply-privately.ts'
import { ACTION, BLOCK, CALLBACK } from '../ids.ts'
import { formMetadataSchema } from '../metadata.ts'
import { button, confirmDialog, context, divider, header, plain, section } from './block-kit.ts'
import { PRIVATE_METADATA_MAX } from './limits.ts'
import { bold, type Mrkdwn, mention, mrkdwn } from './mrkdwn.ts'
import { PORTAL_CATEGORIES, type PortalCategory } from './portal-values.ts'

/** `2026-12-03 09:00 UTC` */
export const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`

// The reason modal ---------------------------------------------------------------------------------------

const reasonMetadataSchema = formMetadataSchema.extend({
  /** The portal user and the action asked for. */
  u: z.number().int().positive(),
  a: z.enum(PORTAL_USER_ACTIONS as unknown as [PortalUserAction, ...PortalUserAction[]]),
  /** The list the Delete was clicked in (customer, category, page): updated after the request. */
  c: z.number().int().positive(),
  s: z.enum(PORTAL_CATEGORIES as [PortalCategory, ...PortalCategory[]]),
  p: z.number().int().min(0),
})
export type ReasonMetadata = z.infer<typeof reasonMetadataSchema>

function encodeReasonMetadata(meta: ReasonMetadata): string {
  const text = JSON.stringify(meta)
  return text.length <= PRIVATE_METADATA_MAX ? text : JSON.stringify({ ...meta, responseUrl: undefined })
}

export function decodeReasonMetadata(text: string | undefined): ReasonMetadata | null {
  try {
    const parsed = reasonMetadataSchema.safeParse(JSON.parse(text || '{}'))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

const ACTION_VERB: Record<PortalUserAction, string> = {
  enable: 'Enable',
  disable: 'Disable',
  reinvite: 'Reinvite',
  delete: 'Delete',
}

/** Asks a requester why, before a request goes to the approvers. Nothing happens until it is sent. */
export function approvalReasonModal(
  target: { name: string; email: string; customer: string },
  meta: ReasonMetadata,
): ModalView {
  const verb = ACTION_VERB[meta.a]
  return {
    type: 'modal',
    callback_id: CALLBACK.approvalRequest,
    title: plain('Ask for approval'),
    submit: plain('Send request'),
    close: plain('Cancel'),
    private_metadata: encodeReasonMetadata(meta),
    blocks: [
      section(
        mrkdwn`${verb} *${target.name}* (${target.email}) of *${target.customer}* needs an admin's approval. Your request goes to the approvals channel; nothing changes until an admin approves it.`,
      ),
      {
        type: 'input',
        block_id: BLOCK.approvalReason,
        label: plain('Reason'),
        hint: plain('Why: the approver reads this before deciding.'),
        element: {
          type: 'plain_text_input',
          action_id: ACTION.approvalReason,
          multiline: true,
          max_length: APPROVAL_REASON_MAX,
        },
      },
    ],
  }
}

// The request message ------------------------------------------------------------------------------------

const STATUS_ICON: Record<ApprovalStatus, string> = {
  pending: ':raised_hand:',
  approved: ':white_check_mark:',
  denied: ':no_entry_sign:',
  expired: ':hourglass:',
}

/** "Tess asks to delete portal user Dana (…) of Zylker" */
function asked(r: ApprovalView): Mrkdwn {
  const who = r.requestedBy.slackUserId
  return mrkdwn`${mention(who)} (${r.requestedBy.name}) asks to ${bold(approvalSubject(r))}.`
}

function decisionLine(r: ApprovalView): Mrkdwn {
  const when = r.decidedAt ? utc(r.decidedAt) : ''
  switch (r.status) {
    case 'pending':
      return mrkdwn`Requested ${utc(r.createdAt)} · expires ${utc(r.expiresAt)} · an admin other than the requester decides.`
    case 'approved':
      return mrkdwn`*Approved* by ${mention(r.decidedBy?.slackUserId ?? '')} (${r.decidedBy?.name ?? ''}) at ${when}. ${approvedOutcomeMessage(r)}`
    case 'denied':
      return mrkdwn`*Denied* by ${mention(r.decidedBy?.slackUserId ?? '')} (${r.decidedBy?.name ?? ''}) at ${when}. Nothing was changed.`
    case 'expired':
      return mrkdwn`*Expired* at ${utc(r.expiresAt)} without a decision. Nothing was changed.`
  }
}

const TITLE: Record<ApprovalStatus, string> = {
  pending: 'Approval needed',
  approved: 'Approved',
  denied: 'Denied',
  expired: 'Expired',
}

/** Approve / Deny for a pending request, each behind its "Yes". */
function decisionButtons(r: ApprovalView): KnownBlock {
  const subject = approvalSubject(r)
  return {
    type: 'actions',
    elements: [
      button('Approve', ACTION.approvalApprove, r.id, {
        style: 'primary',
        confirm: confirmDialog('Approve?', mrkdwn`Approve: ${subject}? It runs at once.`),
      }),
      button('Deny', ACTION.approvalDeny, r.id, {
        style: 'danger',
        confirm: confirmDialog('Deny?', mrkdwn`Deny: ${subject}? Nothing will change.`),
      }),
    ],
  }
}

/** The request as the notify channel shows it: buttons only while it is pending. */
export function approvalMessage(r: ApprovalView): Reply {
  const title = `${STATUS_ICON[r.status]} ${TITLE[r.status]}`
  const blocks: KnownBlock[] = [
    section(mrkdwn`*${title}* — ${asked(r)}`),
    section(mrkdwn`*Why:* ${r.reason}`),
    context(decisionLine(r)),
    ...(r.status === 'pending' ? [decisionButtons(r)] : []),
  ]
  const text = mrkdwn`${TITLE[r.status]}: ${r.requestedBy.name} asks to ${approvalSubject(r)}`
  return { text, blocks }
}

/** The requester's DM once an approver decided. */
export function decisionNotice(r: ApprovalView): Reply {
  const subject = approvalSubject(r)
  const by = r.decidedBy?.name ?? 'an admin'
  if (r.status === 'approved')
    return {
      text: mrkdwn`:white_check_mark: Your request to ${subject} was approved by ${by}. ${approvedOutcomeMessage(r)}`,
    }
  if (r.status === 'denied')
    return {
      text: mrkdwn`:no_entry_sign: Your request to ${subject} was denied by ${by}. Nothing was changed.`,
    }
  return {
    text: mrkdwn`:hourglass: Your request to ${subject} expired without a decision. Nothing was changed.`,
  }
}

// /msp approvals -----------------------------------------------------------------------------------------

/** Requests shown in one list message (each takes up to 4 blocks; a message holds 50). */
const LIST_MAX = 10

export function approvalListReply(list: {
  mayDecide: boolean
  requests: ApprovalView[]
  total: number
}): Reply {
  if (list.total === 0)
    return {
      text: list.mayDecide
        ? mrkdwn`No approval requests are waiting.`
        : mrkdwn`None of your approval requests is waiting.`,
    }
  const shown = list.requests.slice(0, LIST_MAX)
  const blocks: KnownBlock[] = [
    header(list.mayDecide ? 'Waiting for approval' : 'Your requests waiting for approval'),
  ]
  for (const r of shown) {
    blocks.push(section(asked(r)), context(mrkdwn`*Why:* ${r.reason} · ${decisionLine(r)}`))
    if (list.mayDecide) blocks.push(decisionButtons(r))
    blocks.push(divider())
  }
  if (list.total > shown.length)
    blocks.push(
      context(mrkdwn`${list.total - shown.length} more waiting: decide these first (they expire first).`),
    )
  return { text: mrkdwn`${list.total} approval request${list.total === 1 ? '' : 's'} waiting`, blocks }
}
