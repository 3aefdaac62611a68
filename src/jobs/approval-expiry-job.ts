// Expires four-eyes requests nobody decided in time (src/services/approvals): a sweep every minute on the
// job queue (kept in the database, so it runs after a restart too; not a timer in memory). Each expired
// request's channel message is then rewritten to say so (no buttons) and the requester told — through
// `announce`, which src/app builds with the Slack client (the jobs layer may not import src/slack); none
// without Slack. Marking is idempotent and each request is marked once (row locks); if the process dies
// between marking and announcing, the message keeps its buttons until clicked, and a click then answers
// "expired" and rewrites it.
import type { ApprovalView } from '../services/approvals/approval-view.ts'
import { expireApprovals } from '../services/approvals/decide-approval.ts'
import type { JobDefinition } from './queue.ts'

export const APPROVAL_EXPIRY = 'approval-expiry'

/** Shows each expired request as expired (channel message, requester's DM); never throws for one request. */
export type AnnounceExpired = (expired: readonly ApprovalView[]) => Promise<void>

export interface ApprovalExpiryJobOptions {
  /** null: no Slack; requests are still marked expired. */
  announce: AnnounceExpired | null
  /** The current time (tests move it). */
  now?: () => Date
}

/** One sweep: the requests it marked expired. */
export async function runApprovalExpiry(
  prisma: Parameters<JobDefinition['run']>[1]['prisma'],
  options: ApprovalExpiryJobOptions,
): Promise<ApprovalView[]> {
  const expired = await expireApprovals(prisma, options.now)
  if (expired.length > 0 && options.announce) await options.announce(expired)
  return expired
}

export function approvalExpiryJob(
  log: (line: string) => void,
  options: ApprovalExpiryJobOptions,
): JobDefinition {
  return {
    name: APPROVAL_EXPIRY,
    cron: '* * * * *',
    retryLimit: 3,
    retryDelaySeconds: 30,
    expireInSeconds: 5 * 60,
    async run(_data, { prisma }) {
      const expired = await runApprovalExpiry(prisma, options)
      if (expired.length > 0) log(`approvals: ${expired.length} request(s) expired without a decision`)
    },
  }
}
