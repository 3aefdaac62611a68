// Every change records who, what, before/after, when.
import { type Db, Prisma } from '../db/client.ts'
import { executeStatement } from '../db/direct-statements.ts'

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

const AUDIT_COLUMNS = Prisma.sql`("at", "actorSlackId", "actorName", "action", "targetType", "targetName", "customers", "before", "after")`

/** "at" in UTC, as Prisma writes a DateTime (the column has no time zone). */
const nowUtc = () => Prisma.sql`(${new Date().toISOString()}::timestamptz AT TIME ZONE 'UTC')`

const sortedNames = (names: readonly string[] | undefined) => [...new Set(names ?? [])].sort()

/** One raw statement (a Prisma `create` costs about twice the CPU of the same raw insert). */
export async function recordAudit(
  db: Db,
  actor: Actor,
  entry: AuditEntry,
  /** A data-modifying statement (UPDATE …) to run in the same statement as the insert. */
  alongside?: Prisma.Sql,
): Promise<void> {
  const before = alongside ? Prisma.sql`WITH alongside AS (${alongside}) ` : Prisma.empty
  await executeStatement(
    db,
    Prisma.sql`${before}INSERT INTO "AuditLog" ${AUDIT_COLUMNS}
    VALUES (${nowUtc()}, ${actor.slackUserId}, ${actor.name}, ${entry.action}, ${entry.targetType},
      ${entry.targetName}, ${sortedNames(entry.customers)}::text[], ${json(entry.before)}::jsonb, ${json(entry.after)}::jsonb)`,
  )
}

/**
 * `change` (an UPDATE … RETURNING the audit row's "targetName", before and after) and, for each row it
 * changed, its audit row: one statement, atomic on its own. False when `change` matched nothing (nothing
 * is written then).
 */
export async function changeAndAudit(
  db: Db,
  actor: Actor,
  entry: Pick<AuditEntry, 'action' | 'targetType' | 'customers'>,
  change: Prisma.Sql,
): Promise<boolean> {
  const audited = await executeStatement(
    db,
    Prisma.sql`WITH changed AS (${change})
    INSERT INTO "AuditLog" ${AUDIT_COLUMNS}
    SELECT ${nowUtc()}, ${actor.slackUserId}, ${actor.name}, ${entry.action}, ${entry.targetType},
      changed."targetName", ${sortedNames(entry.customers)}::text[], changed.before, changed.after
    FROM changed`,
  )
  return audited > 0
}
