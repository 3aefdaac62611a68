import type { PrismaClient } from '../db/client.ts'

/** What every listener may use. */
export interface SlackDeps {
  db: PrismaClient
  /** Channel for failure notifications and approvals. */
  notifyChannel?: string
}
