import type { PrismaClient } from '../db/client.ts'

/** What every listener may use. */
export interface SlackDeps {
  db: PrismaClient
  /** Other processes may serve Slack from the same database (PostgreSQL): share delivery keys there. */
  sharedDatabase?: boolean
  /** Channel for failure notifications and approvals. */
  notifyChannel?: string
  /** How long a form submission may run before its ack says "Working…" (tests shorten it). */
  viewAckDeadlineMs?: number
}
