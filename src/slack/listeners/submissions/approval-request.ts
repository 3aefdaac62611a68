// The reason modal sent: the request is made (reason required, else a field error and nothing written),
// posted to the notify channel with Approve / Deny, and the requester's `/msp portal` list says it awaits
// approval. Nothing is deleted (or otherwise changed) yet.
import type { App } from '@slack/bolt'
import { approvalSubject, NO_APPROVAL_CHANNEL } from '../../../messages/approvals.ts'
import { portalActionResultMessage } from '../../../messages/portal.ts'
import { fieldErrors } from '../../answers/answer-save.ts'
import { replaceListMessage } from '../../answers/replace-list-message.ts'
import { messageFields, NO_UNFURL } from '../../answers/reply-privately.ts'
import { approvalMessage, decodeReasonMetadata, utc } from '../../blocks/approvals.ts'
import { escaped, mrkdwn } from '../../blocks/mrkdwn.ts'
import { noticeView } from '../../blocks/notice.ts'
import type { SlackDeps } from '../../deps.ts'
import { formHandler } from '../../handlers/form-handler.ts'
import { ACTION, BLOCK, CALLBACK } from '../../ids.ts'
import { textValue } from '../../parsing/view-state.ts'
import { portalListFor } from '../actions/portal-list.ts'

export function registerApprovalRequestSubmit(app: App, deps: SlackDeps) {
  app.view(
    CALLBACK.approvalRequest,
    formHandler(deps, 'managePortalUsers', async ({ ack, client, body, view, logger }, { actor, state }) => {
      const meta = decodeReasonMetadata(view.private_metadata)
      if (!meta) throw new Error('Ask for approval: the form carries no portal user')
      const channel = deps.notifyChannel
      if (!channel) {
        await ack({ response_action: 'update', view: noticeView('Not sent', escaped(NO_APPROVAL_CHANNEL)) })
        return
      }
      const outcome = await deps.services.approvals.request(actor, {
        portalUserId: meta.u,
        action: meta.a,
        reason: textValue(state, BLOCK.approvalReason, ACTION.approvalReason),
      })
      switch (outcome.status) {
        case 'invalid':
          await ack({
            response_action: 'errors',
            errors: fieldErrors(outcome.problems, { reason: BLOCK.approvalReason }),
          })
          return
        case 'notApplicable':
          await ack({
            response_action: 'update',
            view: noticeView(
              'Not sent',
              escaped(
                portalActionResultMessage({
                  status: 'notApplicable',
                  action: meta.a,
                  current: outcome.current,
                }),
              ),
            ),
          })
          return
        case 'notNeeded':
          await ack({
            response_action: 'update',
            view: noticeView(
              'Not sent',
              mrkdwn`You may do this yourself now (no approval needed): click the button in the list again.`,
            ),
          })
          return
        case 'alreadyPending': {
          const r = outcome.request
          await ack({
            response_action: 'update',
            view: noticeView(
              'Already requested',
              mrkdwn`${r.requestedBy.name} already asked to ${approvalSubject(r)} (${utc(r.createdAt)}); it waits for an admin until ${utc(r.expiresAt)}. Nothing new was sent.`,
            ),
          })
          return
        }
        case 'requested':
          break
      }
      await ack({ response_action: 'clear' })
      const request = outcome.request
      let posted = true
      try {
        const res = await client.chat.postMessage({
          channel,
          ...messageFields(approvalMessage(request)),
          ...NO_UNFURL,
        })
        if (res.ts)
          await deps.services.approvals.attachMessage(request.id, {
            channel: res.channel ?? channel,
            ts: res.ts,
          })
      } catch (error) {
        posted = false
        logger.error(
          `approvals: request ${request.id} could not be posted to ${channel}: ${(error as Error).message}`,
        )
      }
      const notice = posted
        ? mrkdwn`:hourglass_flowing_sand: Your request to ${approvalSubject(request)} went to the approvals channel. Nothing changes until an admin approves it (it expires ${utc(request.expiresAt)}); you get a DM with the decision.`
        : mrkdwn`:warning: Your request to ${approvalSubject(request)} was saved but could not be posted to the approvals channel; admins see it in \`/msp approvals\`. Nothing changes until an admin approves it.`
      const ref = { customerId: meta.c, category: meta.s, page: meta.p }
      const reply = await portalListFor(deps, actor, ref, notice)
      // in place of the list clicked in; without its response_url, privately
      await replaceListMessage(
        client,
        body.user.id,
        { responseUrl: meta.responseUrl, channel: meta.channel },
        reply,
      )
    }),
  )
}
