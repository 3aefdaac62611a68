// Approve / Deny on a request (in the notify channel, or in `/msp approvals`). Each click is decided by the
// service under the request's row lock, so a double click or two admins at once decide it once. A decision
// rewrites the channel message and DMs the requester; a refusal, an already decided or an expired request
// is answered to the clicker only and changes nothing (an expired one's message then says so).
import type { App } from '@slack/bolt'
import type { ApprovalDecision } from '../../../domain/approvals.ts'
import { refusalMessage } from '../../../messages/approvals.ts'
import { replaceListMessage } from '../../answers/replace-list-message.ts'
import { approvalListReply, utc } from '../../blocks/approvals.ts'
import { escaped, mrkdwn } from '../../blocks/mrkdwn.ts'
import type { SlackDeps } from '../../deps.ts'
import { buttonHandler } from '../../handlers/button-handler.ts'
import { ACTION } from '../../ids.ts'
import { announceApproval, updateApprovalMessage } from './approval-announce.ts'

const DECISIONS: ReadonlyArray<[string, ApprovalDecision]> = [
  [ACTION.approvalApprove, 'approve'],
  [ACTION.approvalDeny, 'deny'],
]

export function registerApprovalDecisions(app: App, deps: SlackDeps) {
  for (const [actionId, decision] of DECISIONS) {
    app.action(
      actionId,
      buttonHandler(deps, 'read', async ({ action, body, client, logger }, actor) => {
        /** The decision is committed: a message Slack refuses to update is logged, not reported as a failure. */
        const shown = async (show: () => Promise<void>) => {
          try {
            await show()
          } catch (error) {
            logger.error(
              `approvals: could not update the request's message or DM: ${(error as Error).message}`,
            )
          }
        }
        const outcome = await deps.services.approvals.decide(actor, action.value ?? '', decision)
        switch (outcome.status) {
          case 'unknown':
            return mrkdwn`That approval request does not exist (any more); nothing was changed.`
          case 'refused': {
            const settings = await deps.services.approvals.settings()
            return escaped(refusalMessage(outcome.why, settings.approverRole))
          }
          case 'expired':
            // Marked by this click: the requester is told too (as the expiry job would have).
            await shown(() =>
              outcome.justExpired
                ? announceApproval(client, outcome.request)
                : updateApprovalMessage(client, outcome.request),
            )
            return mrkdwn`This request expired at ${utc(outcome.request.expiresAt)}; nothing ran.`
          case 'alreadyDecided': {
            const r = outcome.request
            await shown(() => updateApprovalMessage(client, r))
            return mrkdwn`Already ${r.status} by ${r.decidedBy?.name ?? 'someone'}${r.decidedAt ? ` at ${utc(r.decidedAt)}` : ''}; nothing more was done.`
          }
          case 'decided': {
            await shown(() => announceApproval(client, outcome.request))
            // Clicked in the channel message: it now shows the decision. Clicked in `/msp approvals`: that
            // list is shown again without the decided request.
            const fromChannelMessage =
              outcome.request.message !== null && body.container?.message_ts === outcome.request.message.ts
            if (!fromChannelMessage && body.response_url)
              await replaceListMessage(
                client,
                body.user.id,
                { responseUrl: body.response_url, channel: body.channel?.id },
                approvalListReply(await deps.services.approvals.pending(actor)),
              )
            return undefined
          }
        }
      }),
    )
  }
}
