// Shows what became of an approval request: its message in the notify channel is rewritten (who decided and
// when, or that it expired; no buttons left), and the requester gets a DM. Used by Approve / Deny and by
// the approval-expiry job (src/app wires it to the job with the app's Slack client).
import type { WebClient } from '@slack/web-api'
import type { ApprovalView } from '../../../services/approvals/approval-view.ts'
import { messageFields, NO_UNFURL } from '../../answers/reply-privately.ts'
import { approvalMessage, decisionNotice } from '../../blocks/approvals.ts'

/** Rewrites the request's channel message to its current state (no-op when it was never posted). */
export async function updateApprovalMessage(client: WebClient, request: ApprovalView): Promise<void> {
  if (!request.message) return
  await client.chat.update({
    channel: request.message.channel,
    ts: request.message.ts,
    ...messageFields(approvalMessage(request)),
  })
}

/** After a decision or expiry: the channel message updated and the requester told in a DM. */
export async function announceApproval(client: WebClient, request: ApprovalView): Promise<void> {
  await updateApprovalMessage(client, request)
  await client.chat.postMessage({
    channel: request.requestedBy.slackUserId,
    ...messageFields(decisionNotice(request)),
    ...NO_UNFURL,
  })
}

/** For the expiry job: each expired request announced; one failing (Slack down) does not stop the others. */
export async function announceExpired(
  client: WebClient,
  expired: readonly ApprovalView[],
  log: (line: string) => void,
): Promise<void> {
  for (const request of expired) {
    try {
      await announceApproval(client, request)
    } catch (error) {
      log(`approvals: could not show that request ${request.id} expired: ${(error as Error).message}`)
    }
  }
}
