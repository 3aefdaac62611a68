// Reinvite on an invitation reminder (App Home, or the daily digest in the notify channel), already
// confirmed with "Yes" in Slack's dialog. It runs the same use case as /msp portal's Reinvite (technicians
// and up, their customers only, audited, the mail in the outbox), answers the clicker privately, and then
// shows the reminders afresh where the click came from: App Home is republished for the clicker; the
// digest message is updated in place (chat.update) with the current digest and a line saying who
// reinvited whom. A second click on the same reminder (a double click, or someone else first, in this
// process or another) finds the invitation replaced and sends nothing more.
// Its own action id, not /msp portal's Reinvite: that listener replaces the message clicked in with one
// customer's portal list, which in the channel would replace the shared digest for everyone.
import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  BlockElementAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt'
import { portalActionResultMessage } from '../../../messages/portal.ts'
import { problemMessage } from '../../../messages/problems.ts'
import type { StaffActor } from '../../../services/actor.ts'
import { postToResponseUrl } from '../../answers/post-to-response-url.ts'
import { messageFields, NO_UNFURL, replyPrivately } from '../../answers/reply-privately.ts'
import { digestMessage, parseReminderRef, type ReminderRef } from '../../blocks/invitation-reminders.ts'
import { escaped, type Mrkdwn, mention, mrkdwn } from '../../blocks/mrkdwn.ts'
import type { SlackDeps } from '../../deps.ts'
import { logFailure, userMessageFor } from '../../error-messages.ts'
import { clickOrigin } from '../../handlers/button-handler.ts'
import { checkStaff } from '../../handlers/check-staff.ts'
import { ACTION } from '../../ids.ts'
import { staffHomeView } from '../events/app-home-opened.ts'

type ClickArgs = SlackActionMiddlewareArgs<BlockAction<BlockElementAction>> & AllMiddlewareArgs

const STALE = mrkdwn`That button is out of date; nothing was changed. Open App Home again for the current reminders.`

const minuteOf = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`

/**
 * Reinvites unless the invitation the reminder showed was replaced meanwhile (checked under the user's row
 * lock, so two clicks send one invitation). Returns what to tell the clicker, and a line for the digest
 * when something was sent.
 */
async function reinvite(
  deps: SlackDeps,
  actor: StaffActor,
  ref: ReminderRef,
): Promise<{ answer: Mrkdwn; sent: Mrkdwn | null }> {
  const result = await deps.services.invitationReminders.reinvite(actor, ref.portalUserId, ref.invitedAt)
  if (result.status === 'alreadyReinvited') {
    return {
      answer: mrkdwn`${result.name} was sent a new invitation already (${minuteOf(result.invitedAt)}); nothing more was sent.`,
      sent: null,
    }
  }
  const words = escaped(portalActionResultMessage(result.outcome))
  if (result.outcome.status !== 'done') return { answer: words, sent: null }
  return { answer: mrkdwn`:white_check_mark: ${words}`, sent: words }
}

/** The reminders shown afresh where the click came from. */
async function showAgain(
  deps: SlackDeps,
  args: ClickArgs,
  actor: StaffActor,
  sent: Mrkdwn | null,
): Promise<void> {
  const { body, client } = args
  if (body.view?.type === 'home') {
    await client.views.publish({ user_id: body.user.id, view: await staffHomeView(deps, actor) })
    return
  }
  const container = body.container as
    | { type?: string; channel_id?: string; message_ts?: string; is_ephemeral?: boolean }
    | undefined
  if (container?.type !== 'message') return
  const digest = await deps.services.invitationReminders.digest()
  const notice = sent ? mrkdwn`${mention(body.user.id)}: ${sent}` : undefined
  const message = messageFields(digestMessage(digest, notice))
  if (container.channel_id && container.message_ts && !container.is_ephemeral) {
    // The bot's own channel message: chat.update works however long ago it was posted (a response_url
    // expires after 30 minutes, and a digest is often read hours later).
    await client.chat.update({ channel: container.channel_id, ts: container.message_ts, ...message })
    return
  }
  if (body.response_url) {
    await postToResponseUrl(body.response_url, { replace_original: true, ...message, ...NO_UNFURL })
  }
}

export function registerInvitationReminderActions(app: App, deps: SlackDeps) {
  app.action<BlockAction<BlockElementAction>>(ACTION.reminderReinvite, async (args) => {
    const { ack, body, client, logger, action } = args
    await ack()
    const answer = (text: Mrkdwn) => replyPrivately(client, body.user.id, clickOrigin(body), { text })
    try {
      const staff = await checkStaff(deps, client, body.user.id, 'managePortalUsers')
      if (!staff.ok) {
        await answer(escaped(problemMessage(staff.problem)))
        return
      }
      const ref = parseReminderRef(action.type === 'button' ? action.value : undefined)
      if (!ref) {
        await answer(STALE)
        return
      }
      const result = await reinvite(deps, staff.actor, ref)
      await answer(result.answer)
      await showAgain(deps, args, staff.actor, result.sent)
    } catch (error) {
      logFailure(logger, error)
      await answer(userMessageFor(error))
    }
  })
}
