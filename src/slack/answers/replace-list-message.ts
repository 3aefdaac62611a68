// A list message (`/msp portal`, `/msp users`) redrawn in place after a click or a form on it.
import type { WebClient } from '@slack/web-api'
import { postToResponseUrl } from './post-to-response-url.ts'
import { messageFields, NO_UNFURL, type Reply, replyPrivately } from './reply-privately.ts'

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
