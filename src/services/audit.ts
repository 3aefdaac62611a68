// Every change records who, what, before/after, when.
import { type Db, Prisma } from '../db/client.ts'

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

const json = (value: Prisma.InputJsonValue | undefined) =>
  value === undefined ? null : JSON.stringify(value)

/** One raw statement (a Prisma `create` costs about twice the CPU of the same raw insert). */
export async function recordAudit(
  db: Db,
  actor: Actor,
  entry: AuditEntry,
  /** A data-modifying statement (UPDATE …) to run in the same statement as the insert. */
  alongside?: Prisma.Sql,
): Promise<void> {
  const customers = [...new Set(entry.customers ?? [])].sort()
  const before = alongside ? Prisma.sql`WITH alongside AS (${alongside}) ` : Prisma.empty
  // "at" in UTC, as Prisma writes a DateTime (the column has no time zone).
  await db.$executeRaw`${before}INSERT INTO "AuditLog"
      ("at", "actorSlackId", "actorName", "action", "targetType", "targetName", "customers", "before", "after")
    VALUES ((${new Date().toISOString()}::timestamptz AT TIME ZONE 'UTC'), ${actor.slackUserId}, ${actor.name},
      ${entry.action}, ${entry.targetType}, ${entry.targetName}, ${customers}::text[],
      ${json(entry.before)}::jsonb, ${json(entry.after)}::jsonb)`
}
