// The approval-expiry job's Slack side: each expired request's channel message rewritten and its requester
// told (src/slack/listeners/actions/approval-announce.ts), with a client of its own (the job runs with or
// without the Bolt app being up). None without Slack credentials.
import { WebClient } from '@slack/web-api'
import type { AnnounceExpired } from '../jobs/approval-expiry-job.ts'
import { announceExpired } from '../slack/listeners/actions/approval-announce.ts'

export function approvalExpiryAnnouncer(target: {
  botToken?: string
  slackApiUrl?: string
  log: (line: string) => void
}): AnnounceExpired | null {
  if (!target.botToken) return null
  const client = new WebClient(target.botToken, { slackApiUrl: target.slackApiUrl })
  return (expired) => announceExpired(client, expired, target.log)
}
