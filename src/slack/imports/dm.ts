// A message in the person's DM with the app: chat.postMessage to their user id (Slack opens the DM; no
// conversations.open, so no scope beyond chat:write). Its answer names the DM channel, for chat.update.
import type { KnownBlock } from '@slack/types'
import type { WebClient } from '@slack/web-api'
import { NO_UNFURL } from '../answers/reply-privately.ts'

export async function postToDm(
  client: WebClient,
  userId: string,
  message: { text: string; blocks?: KnownBlock[] },
): Promise<{ channel: string; ts: string }> {
  const posted = await client.chat.postMessage({ channel: userId, ...message, ...NO_UNFURL })
  if (!posted.channel || !posted.ts) throw new Error('chat.postMessage gave no channel or ts')
  return { channel: posted.channel, ts: posted.ts }
}
