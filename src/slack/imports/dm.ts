// The DM channel with a person (conversations.open): where import progress and summaries go.
import type { WebClient } from '@slack/web-api'

export async function openDm(client: WebClient, userId: string): Promise<string> {
  const opened = await client.conversations.open({ users: userId })
  const id = opened.channel?.id
  if (!id) throw new Error('conversations.open gave no channel')
  return id
}
