// Results go back where the person started: the command's response_url, else ephemeral in the channel, else a DM.
import type { KnownBlock } from '@slack/types'
import type { WebClient } from '@slack/web-api'
import type { Mrkdwn } from '../blocks/mrkdwn.ts'
import type { FormMetadata } from '../metadata.ts'
import { postToResponseUrl } from './post-to-response-url.ts'

/** A message: its top-level `text` is mrkdwn too (Slack reads `<!channel>` there), so it is a Mrkdwn. */
export interface Reply {
  text: Mrkdwn
  blocks?: KnownBlock[]
}

/** A message can carry names from data: Slack must not fetch previews of anything in it. */
export const NO_UNFURL = { unfurl_links: false, unfurl_media: false } as const

/** The fields of a message as Slack takes them. */
export const messageFields = (reply: Reply) => ({
  text: reply.text.text,
  ...(reply.blocks ? { blocks: reply.blocks } : {}),
})

export async function replyPrivately(
  client: WebClient,
  userId: string,
  meta: FormMetadata,
  reply: Reply,
): Promise<void> {
  if (meta.responseUrl) {
    const taken = await postToResponseUrl(meta.responseUrl, {
      response_type: 'ephemeral',
      replace_original: false,
      ...messageFields(reply),
      ...NO_UNFURL,
    })
    if (taken) return // an expired response_url falls through to the channel or a DM
  }
  if (meta.channel && !meta.channel.startsWith('D')) {
    // chat.postEphemeral takes no unfurl options (slack-specs/web-api/overlay.json).
    await client.chat.postEphemeral({ channel: meta.channel, user: userId, ...messageFields(reply) })
    return
  }
  await client.chat.postMessage({ channel: userId, ...messageFields(reply), ...NO_UNFURL })
}
