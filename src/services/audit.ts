// Every change records who, what, before/after, when.
import type { Db, Prisma } from '../db/client.ts'

/** Who made a change: a Slack user (with the MSP user's name), or the CLI/system. */
export interface Actor {
  slackUserId: string | null
  name: string
}

export const CLI_ACTOR: Actor = { slackUserId: null, name: 'cli' }

export interface AuditEntry {
  action: string
  targetType: 'customer' | 'group' | 'user' | 'portal-user' | 'customer-user' | 'settings' | 'snapshot'
  targetName: string
  /** Names of every customer the change touched. */
  customers?: string[]
  before?: Prisma.InputJsonValue
  after?: Prisma.InputJsonValue
}

export async function recordAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorSlackId: actor.slackUserId,
      actorName: actor.name,
      action: entry.action,
      targetType: entry.targetType,
      targetName: entry.targetName,
      customers: [...new Set(entry.customers ?? [])].sort(),
      before: entry.before,
      after: entry.after,
    },
  })
}
