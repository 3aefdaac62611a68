// Start-up housekeeping: forget delivery keys older than Slack's retry window and close expired previews.
import { subDays, subMinutes } from 'date-fns'
import type { Db } from '../db/client.ts'
import { PENDING_PLAN_TTL_MINUTES } from './associations/pending-plans.ts'

export async function expireStaleRecords(
  db: Db,
  now = new Date(),
): Promise<{ keys: number; previews: number }> {
  const keys = await db.idempotencyKey.deleteMany({ where: { createdAt: { lt: subDays(now, 1) } } })
  const previews = await db.pendingPlan.updateMany({
    where: { status: 'pending', createdAt: { lt: subMinutes(now, PENDING_PLAN_TTL_MINUTES) } },
    data: { status: 'cancelled' },
  })
  return { keys: keys.count, previews: previews.count }
}
