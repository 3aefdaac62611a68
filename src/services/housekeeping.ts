// Housekeeping, run by the job queue (src/jobs: every 10 minutes and at each start): forget delivery keys
// older than Slack's retry window and close expired previews. Keys recording that a background job had
// its effect (`job:<id>`) are kept as long as the queue keeps its jobs.
import { subDays } from 'date-fns/subDays'
import { subMinutes } from 'date-fns/subMinutes'
import type { Db } from '../db/client.ts'
import { PENDING_PLAN_TTL_MINUTES } from './associations/pending-plans.ts'

const JOB_RUN_PREFIX = 'job:'
/** pg-boss keeps a job 14 days before archiving it: its retries cannot come later than that. */
export const JOB_RUN_KEY_DAYS = 14

/** The idempotency key recording that background job `jobId` has had its effect. */
export const jobRunKey = (jobId: string) => `${JOB_RUN_PREFIX}${jobId}`

export async function expireStaleRecords(
  db: Db,
  now = new Date(),
): Promise<{ keys: number; previews: number }> {
  const keys = await db.idempotencyKey.deleteMany({
    where: {
      OR: [
        { createdAt: { lt: subDays(now, 1) }, NOT: { key: { startsWith: JOB_RUN_PREFIX } } },
        { createdAt: { lt: subDays(now, JOB_RUN_KEY_DAYS) }, key: { startsWith: JOB_RUN_PREFIX } },
      ],
    },
  })
  const previews = await db.pendingPlan.updateMany({
    where: { status: 'pending', createdAt: { lt: subMinutes(now, PENDING_PLAN_TTL_MINUTES) } },
    data: { status: 'cancelled' },
  })
  return { keys: keys.count, previews: previews.count }
}
