// Results go back where the person started: the command's response_url, else ephemeral in the channel, else a DM.
import type { KnownBlock } from '@slack/types'
import type { WebClient } from '@slack/web-api'
import type { FormMetadata } from '../metadata.ts'

export interface Reply {
  text: string
  blocks?: KnownBlock[]
}

export async function replyPrivately(
  client: WebClient,
  userId: string,
  meta: FormMetadata,
  reply: Reply,
): Promise<void> {
  if (meta.responseUrl) {
    const res = await fetch(meta.responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...reply }),
    })
    if (res.ok) return // an expired response_url falls through to the channel or a DM
  }
  if (meta.channel && !meta.channel.startsWith('D')) {
    await client.chat.postEphemeral({ channel: meta.channel, user: userId, ...reply })
    return
  }
  await client.chat.postMessage({ channel: userId, ...reply })
}
