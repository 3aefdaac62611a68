// The daily digest's way to Slack: the job (src/jobs) computes the reminders through the services and
// hands them to this port, which builds the message (src/slack/blocks) and posts it to MSP_NOTIFY_CHANNEL
// with the bot token. No channel or no Slack: no port, and the job posts nothing.
import { WebClient } from '@slack/web-api'
import type { PostDigest } from '../jobs/index.ts'
import { messageFields, NO_UNFURL } from '../slack/answers/reply-privately.ts'
import { digestMessage } from '../slack/blocks/invitation-reminders.ts'

export interface DigestTarget {
  /** MSP_NOTIFY_CHANNEL; none: nothing is posted. */
  channel?: string
  /** SLACK_BOT_TOKEN; none (no Slack): nothing is posted. */
  botToken?: string
  /** SLACK_API_URL (tests point it at a fake). */
  slackApiUrl?: string
}

export function invitationDigestPoster(target: DigestTarget): PostDigest | null {
  const { channel, botToken } = target
  if (!channel || !botToken) return null
  // No retries of its own: a failed post fails the job, which gives the day back and is retried with backoff.
  const client = new WebClient(botToken, {
    slackApiUrl: target.slackApiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  })
  return async (digest) => {
    await client.chat.postMessage({ channel, ...messageFields(digestMessage(digest)), ...NO_UNFURL })
  }
}
