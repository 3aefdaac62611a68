// The `/msp portal` list message, read afresh and put back in place: shared by the list's clicks and the
// Add portal user form.
import type { WebClient } from '@slack/web-api'
import type { StaffActor } from '../../../services/actor.ts'
import { postToResponseUrl } from '../../answers/post-to-response-url.ts'
import { messageFields, NO_UNFURL, type Reply, replyPrivately } from '../../answers/reply-privately.ts'
import type { Mrkdwn } from '../../blocks/mrkdwn.ts'
import { portalListReply } from '../../blocks/portal-users.ts'
import type { PortalListRef } from '../../blocks/portal-values.ts'
import type { SlackDeps } from '../../deps.ts'

/** The list `ref` names, read afresh for the actor (viewers get no buttons), optionally with a notice on top. */
export async function portalListFor(deps: SlackDeps, actor: StaffActor, ref: PortalListRef, notice?: Mrkdwn) {
  const list = await deps.services.portal.list(
    actor,
    ref.customerId,
    ref.category === 'all' ? undefined : ref.category,
  )
  return portalListReply(list, ref, { canManage: list.mayManage, ...(notice ? { notice } : {}) })
}

/**
 * Replaces the list message behind `responseUrl` (Slack's response_url of a click on it); when that is not
 * possible (none, or expired), the list comes as a fresh ephemeral message in the channel, else as a DM.
 */
export async function replaceListMessage(
  client: WebClient,
  userId: string,
  where: { responseUrl?: string; channel?: string },
  reply: Reply,
): Promise<void> {
  if (where.responseUrl) {
    const replaced = await postToResponseUrl(where.responseUrl, {
      replace_original: true,
      ...messageFields(reply),
      ...NO_UNFURL,
    })
    if (replaced) return
  }
  await replyPrivately(client, userId, { channel: where.channel }, reply)
}
