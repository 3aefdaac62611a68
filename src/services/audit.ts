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

/** The AuditLog columns, and their values for `entry` by `actor` (one row). */
function auditRow(actor: Actor, entry: AuditEntry) {
  const customers = [...new Set(entry.customers ?? [])].sort()
  return {
    columns: Prisma.sql`("at", "actorSlackId", "actorName", "action", "targetType", "targetName", "customers", "before", "after")`,
    // "at" in UTC, as Prisma writes a DateTime (the column has no time zone).
    values: Prisma.sql`(${new Date().toISOString()}::timestamptz AT TIME ZONE 'UTC'), ${actor.slackUserId}, ${actor.name},
      ${entry.action}, ${entry.targetType}, ${entry.targetName}, ${customers}::text[],
      ${json(entry.before)}::jsonb, ${json(entry.after)}::jsonb`,
  }
}

/** One raw statement (a Prisma `create` costs about twice the CPU of the same raw insert). */
export async function recordAudit(
  db: Db,
  actor: Actor,
  entry: AuditEntry,
  /** A data-modifying statement (UPDATE …) to run in the same statement as the insert. */
  alongside?: Prisma.Sql,
): Promise<void> {
  const before = alongside ? Prisma.sql`WITH alongside AS (${alongside}) ` : Prisma.empty
  const row = auditRow(actor, entry)
  await db.$executeRaw`${before}INSERT INTO "AuditLog" ${row.columns} VALUES (${row.values})`
}

/**
 * `change` (an UPDATE … RETURNING) and, only when it changed a row, its audit row: one statement, atomic
 * on its own. False when `change` matched nothing (nothing is written then).
 */
export async function changeAndAudit(
  db: Db,
  actor: Actor,
  entry: AuditEntry,
  change: Prisma.Sql,
): Promise<boolean> {
  const row = auditRow(actor, entry)
  const audited = await db.$executeRaw`WITH changed AS (${change})
    INSERT INTO "AuditLog" ${row.columns} SELECT ${row.values} WHERE EXISTS (SELECT 1 FROM changed)`
  return audited > 0
}
