// Runs one import task (the job's body): checks every row, then writes the valid ones batch by batch, each
// batch in one transaction together with the task's progress. So a crash leaves whole committed batches and
// the task says where it stopped; a second run resumes after the last committed batch, so every row is
// written once. "All or nothing" is one batch: any rejected row and nothing is written.
import { Prisma, type PrismaClient, type TransactionClient } from '../../../db/client.ts'
import { queryStatement } from '../../../db/direct-statements.ts'
import {
  checkImportRows,
  type ExistingCustomerUser,
  IMPORT_STATEMENT_ROWS,
  type ImportMethod,
  type ImportMode,
  importBatches,
  keptRows,
  planBatch,
  type RejectedImportRow,
  type SkippedImportRow,
  type ValidImportRow,
} from '../../../domain/customer-user-import.ts'
import { customerUserNameKeys } from '../../../domain/customer-users.ts'
import { recordAudit } from '../../audit.ts'
import { isUniqueViolation } from '../../unique-violation.ts'
import { readStoredInput } from './start-import.ts'
import {
  ALL_OR_NOTHING_REJECTED,
  type ImportReporter,
  type ImportTaskView,
  taskViewSelect,
  toTaskView,
} from './task-view.ts'

export interface RunImportOptions {
  reporter?: ImportReporter | null
  log?: (line: string) => void
  /** Least time between two progress reports (default 1 s). */
  progressEveryMs?: number
  /**
   * Start each batch while the one before commits (they still commit in order). Only on a database that
   * runs transactions side by side: PostgreSQL (the embedded one runs one at a time).
   */
  overlapBatches?: boolean
  /** Called after each committed batch (tests stop the process here). */
  afterBatch?: (batch: number, of: number) => Promise<void> | void
}

type BatchOutcome = 'committed' | 'skipped' | 'failed'

/** Thrown in a batch's transaction to roll it back: another run of the task wrote that batch. */
class NotThisRunsBatch extends Error {}

/** The error text left on a task whose customer was deleted before it ran. */
export const CUSTOMER_GONE = 'customer.gone'

const TRANSACTION = { timeout: 5 * 60_000, maxWait: 60_000 }

async function loadView(
  db: PrismaClient | TransactionClient,
  taskId: string,
): Promise<ImportTaskView | null> {
  const row = await db.backgroundTask.findUnique({ where: { id: taskId }, select: taskViewSelect })
  return row ? toTaskView(row) : null
}

async function report(
  options: RunImportOptions,
  what: 'progress' | 'finished',
  view: ImportTaskView | null,
): Promise<void> {
  if (!options.reporter || !view) return
  try {
    await options.reporter[what](view)
  } catch (error) {
    options.log?.(`import ${view.id}: the ${what} report failed: ${(error as Error).message ?? error}`)
  }
}

/** Only ASCII: PostgreSQL's lower() gives what JavaScript's toLowerCase() gives, in any locale. */
const NOT_ASCII = /[^\p{ASCII}]/u

/**
 * The values of a statement's text column as one array parameter, or a constant when the column can be
 * computed in SQL: every parameter value goes through Prisma's query compiler (WASM), whose cost grows with
 * the bytes it carries — profiled, it was the import's largest JavaScript cost — so the name keys travel only
 * when some name is not ASCII (else `lower()` of the name, the same text), and directory ids only when some
 * row has one.
 */
function nameKeyColumn(names: readonly string[], column: Prisma.Sql): Prisma.Sql {
  if (!names.some((name) => NOT_ASCII.test(name))) return Prisma.sql`lower(${column})`
  return Prisma.sql`(${names.map((name) => name.toLowerCase())}::text[])[v.n]`
}

/**
 * Rows in statements of IMPORT_STATEMENT_ROWS, answering the rows NOT inserted (their email exists), as
 * positions in `rows`. `careful`: each statement is an INSERT … ON CONFLICT DO NOTHING that answers them.
 * Otherwise a plain INSERT (profiled on PGlite, ON CONFLICT with its answer cost ~40% more than a plain
 * insert of the same rows): none is left out, and an existing email fails the statement with a unique
 * violation — the caller then runs the batch again carefully (see runImportTask).
 */
async function insertRows(
  tx: TransactionClient,
  customerId: number,
  source: 'csv' | 'directory',
  rows: readonly ValidImportRow[],
  careful: boolean,
): Promise<Set<number>> {
  const notInserted = new Set<number>()
  for (let i = 0; i < rows.length; i += IMPORT_STATEMENT_ROWS) {
    const part = rows.slice(i, i + IMPORT_STATEMENT_ROWS)
    const firstKey = nameKeyColumn(
      part.map((r) => r.firstName),
      Prisma.sql`v.first`,
    )
    const lastKey = nameKeyColumn(
      part.map((r) => r.lastName),
      Prisma.sql`v.last`,
    )
    const externalId = part.some((r) => r.externalId !== undefined)
      ? Prisma.sql`(${part.map((r) => r.externalId ?? null)}::text[])[v.n]`
      : Prisma.sql`NULL::text`
    const values = Prisma.sql`unnest(${part.map((r) => r.email)}::text[], ${part.map((r) => r.firstName)}::text[],
      ${part.map((r) => r.lastName)}::text[]) WITH ORDINALITY AS v(email, first, last, n)`
    const insert = Prisma.sql`INSERT INTO "CustomerUser" ("customerId", "email", "firstName", "lastName",
        "firstNameKey", "lastNameKey", "source", "externalId")
      SELECT ${customerId}, v.email, v.first, v.last, ${firstKey}, ${lastKey}, ${source}::"CustomerUserSource",
        ${externalId}`
    if (!careful) {
      await tx.$executeRaw`${insert} FROM ${values}`
      continue
    }
    const left = await tx.$queryRaw<{ n: bigint }[]>`
      WITH v AS (SELECT * FROM ${values}),
        added AS (${insert} FROM v ON CONFLICT DO NOTHING RETURNING "email")
      SELECT v.n FROM v WHERE v.email NOT IN (SELECT "email" FROM added)`
    for (const row of left) notInserted.add(i + Number(row.n) - 1)
  }
  return notInserted
}

/** An insert refused by a unique index (PGlite's adapter reports the SQLSTATE, PostgreSQL's the kind). */
function isUniqueViolationOfInsert(error: unknown): boolean {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { code?: string } } } })?.meta
    ?.driverAdapterError?.cause
  return isUniqueViolation(error) || cause?.code === '23505'
}

/** Directory rows over the users they matched: names, email, source and directory id, set-based. */
async function updateRows(
  tx: TransactionClient,
  customerId: number,
  updates: readonly { id: number; row: ValidImportRow }[],
): Promise<void> {
  for (let i = 0; i < updates.length; i += IMPORT_STATEMENT_ROWS) {
    const part = updates.slice(i, i + IMPORT_STATEMENT_ROWS)
    const keys = part.map((u) => customerUserNameKeys(u.row))
    await tx.$executeRaw`
      UPDATE "CustomerUser" AS u SET "email" = v.email, "firstName" = v.first, "lastName" = v.last,
        "firstNameKey" = v.first_key, "lastNameKey" = v.last_key, "source" = 'directory',
        "externalId" = COALESCE(v.external_id, u."externalId")
      FROM unnest(${part.map((u) => u.id)}::int[], ${part.map((u) => u.row.email)}::text[],
        ${part.map((u) => u.row.firstName)}::text[], ${part.map((u) => u.row.lastName)}::text[],
        ${keys.map((k) => k.firstNameKey)}::text[], ${keys.map((k) => k.lastNameKey)}::text[],
        ${part.map((u) => u.row.externalId ?? null)}::text[])
        AS v(id, email, first, last, first_key, last_key, external_id)
      WHERE u."id" = v.id AND u."customerId" = ${customerId}`
  }
}

/** The customer's users a directory batch's rows match: by email, or by directory id. */
async function existingFor(
  tx: TransactionClient,
  customerId: number,
  rows: readonly ValidImportRow[],
): Promise<ExistingCustomerUser[]> {
  const emails = rows.map((r) => r.email)
  const ids = rows.flatMap((r) => (r.externalId === undefined ? [] : [r.externalId]))
  return tx.$queryRaw<ExistingCustomerUser[]>`
    SELECT "id", "email", "firstName", "lastName", "source"::text AS "source", "externalId"
    FROM "CustomerUser" WHERE "customerId" = ${customerId}
      AND ("email" = ANY(${emails}::text[]) OR "externalId" = ANY(${ids}::text[]))`
}

interface TaskState {
  batchesCommitted: number
  /** File line of the last row of the last committed batch (0 before the first). */
  lastLine: number
  added: number
  updated: number
  skipped: number
  rejected: number
  rejectedRows: RejectedImportRow[]
  skippedRows: SkippedImportRow[]
  status: string
}

async function lockTask(tx: TransactionClient, taskId: string): Promise<TaskState | null> {
  const rows = await tx.$queryRaw<
    (Omit<TaskState, 'rejectedRows' | 'skippedRows'> & { rejectedRows: unknown; skippedRows: unknown })[]
  >`SELECT "batchesCommitted", COALESCE("lastLine", 0) AS "lastLine", "added", "updated", "skipped", "rejected", "rejectedRows", "skippedRows",
      "status"::text AS "status"
    FROM "BackgroundTask" WHERE "id" = ${taskId} FOR UPDATE`
  const row = rows[0]
  if (!row) return null
  return {
    ...row,
    rejectedRows: (row.rejectedRows ?? []) as RejectedImportRow[],
    skippedRows: (row.skippedRows ?? []) as SkippedImportRow[],
  }
}

const json = (value: unknown) => JSON.stringify(value)

/** A time as Prisma stores a DateTime (UTC, in a column without time zone). */
const utc = (at: Date) => Prisma.sql`(${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')`

/** Runs (or resumes) task `taskId`. Returns its final view (null when there is no such task). */
export async function runImportTask(
  prisma: PrismaClient,
  taskId: string,
  options: RunImportOptions = {},
): Promise<ImportTaskView | null> {
  // raw, the input as text: Prisma's Json mapping of 10 000 rows took over a second
  // skips Prisma's engine: the input is the largest value the task holds
  const [task] = await queryStatement<{
    status: string
    kind: string
    mode: string
    input: string
    customerId: number | null
    requestedBy: string
    requestedByName: string
    batchesCommitted: number
  }>(
    prisma,
    Prisma.sql`SELECT "status"::text AS "status", "kind", "mode", "input"::text AS "input", "customerId",
      "requestedBy", "requestedByName", "batchesCommitted"
    FROM "BackgroundTask" WHERE "id" = ${taskId}`,
  )
  if (!task) return null
  if (task.status === 'succeeded' || task.status === 'failed') return loadView(prisma, taskId)
  const method: ImportMethod = task.kind === 'customer-users.directory' ? 'directory' : 'csv'
  const mode = task.mode as ImportMode
  const input = readStoredInput(task.input)
  const rows = [...input.rows].sort((a, b) => a.line - b.line)
  const customerId = task.customerId
  const customer =
    customerId === null
      ? null
      : await prisma.customer.findUnique({ where: { id: customerId }, select: { id: true, name: true } })
  const now = () => new Date()
  if (!customer) {
    await prisma.backgroundTask.update({
      where: { id: taskId },
      data: { status: 'failed', error: CUSTOMER_GONE, finishedAt: now(), updatedAt: now() },
    })
    const view = await loadView(prisma, taskId)
    await report(options, 'finished', view)
    return view
  }
  await prisma.backgroundTask.updateMany({
    where: { id: taskId, status: 'queued' },
    data: { status: 'running', startedAt: now(), updatedAt: now() },
  })
  const actor = {
    slackUserId: task.requestedBy === 'cli' ? null : task.requestedBy,
    name: task.requestedByName,
  }

  const checked = checkImportRows(rows)
  const fileRejected = checked.rejected
  const batches = importBatches(checked.valid, mode)
  /** Rows (valid or not) up to and including `line`: what a batch ending there has handled. */
  const rowsUpTo = (line: number) => {
    let lo = 0
    let hi = rows.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((rows[mid]?.line ?? 0) <= line) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const source = method === 'directory' ? 'directory' : 'csv'
  const progressEvery = options.progressEveryMs ?? 1000
  let lastReport = 0

  const fail = async (tx: TransactionClient, rejected: RejectedImportRow[]) => {
    await tx.backgroundTask.update({
      where: { id: taskId },
      data: {
        status: 'failed',
        error: ALL_OR_NOTHING_REJECTED,
        rejected: rejected.length,
        rejectedRows: keptRows(rejected) as never,
        rowsDone: rows.length,
        finishedAt: now(),
        updatedAt: now(),
      },
    })
  }

  if (mode === 'allOrNothing' && fileRejected.length > 0) {
    await prisma.$transaction((tx) => fail(tx, fileRejected), TRANSACTION)
    const view = await loadView(prisma, taskId)
    await report(options, 'finished', view)
    return view
  }

  /** Whether the batches are written with ON CONFLICT DO NOTHING: once one met an existing email. */
  let careful = false
  // A CSV batch's inserts need nothing from the batches before it (a file's emails are unique), so with
  // overlapBatches they run while the batch before commits; a directory batch reads the users the batch
  // before may change, and "all or nothing" is one batch, so they take their turn first.
  const insertsFirst = options.overlapBatches === true && method === 'csv' && mode === 'addValid'

  const writeBatch = (index: number, turn: Promise<BatchOutcome>, careful: boolean) =>
    prisma.$transaction(async (tx) => {
      const batch = batches[index] ?? []
      const lastLine = batch[batch.length - 1]?.line ?? 0
      const isLast = index === batches.length - 1
      /** After the batch before has ended: the task locked and its state, or null if this batch is not ours. */
      const takeTurn = async () => {
        if ((await turn) === 'failed') return null
        const state = await lockTask(tx, taskId)
        return state?.status === 'running' && state.batchesCommitted === index ? state : null
      }
      let state = insertsFirst ? null : await takeTurn()
      if (!insertsFirst && !state) return 'skipped' as const
      // CSV: no lookup first — ON CONFLICT DO NOTHING tells which emails existed (skipped, not bad rows)
      const existing = method === 'csv' ? [] : await existingFor(tx, customer.id, batch)
      const plan = planBatch(batch, existing, method)
      if (mode === 'allOrNothing' && plan.rejected.length > 0) {
        await fail(
          tx,
          [...fileRejected, ...plan.rejected].sort((a, b) => a.line - b.line),
        )
        return 'failed' as const
      }
      const notInserted = await insertRows(tx, customer.id, source, plan.insert, careful)
      await updateRows(tx, customer.id, plan.update)
      state ??= await takeTurn()
      if (!state) throw new NotThisRunsBatch() // rolls the inserts back
      const added = { size: plan.insert.length - notInserted.size }
      // existing emails (CSV), or rows another writer added meanwhile, are skipped
      const lostRace = plan.insert
        .filter((_, i) => notInserted.has(i))
        .map((r) => ({ line: r.line, email: r.email }))
      const skippedNow = [...plan.skip, ...lostRace]
      // rejected rows: the file's up to this batch's last line (all of them with the last batch), then the batch's own
      const fileRejectedSoFar = isLast ? fileRejected : fileRejected.filter((r) => r.line <= lastLine)
      const rejectedSoFar = [
        ...fileRejectedSoFar,
        ...state.rejectedRows.filter((r) => r.problem.code === 'emailTaken'),
        ...plan.rejected,
      ].sort((a, b) => a.line - b.line)
      const fileRejectedBefore = index === 0 ? 0 : fileRejected.filter((r) => r.line <= state.lastLine).length
      const rejectedCount =
        fileRejectedSoFar.length + (state.rejected - fileRejectedBefore) + plan.rejected.length
      const done = isLast ? rows.length : rowsUpTo(lastLine)
      const progress = Prisma.sql`
        UPDATE "BackgroundTask" SET "batchesCommitted" = ${index + 1}, "rowsDone" = ${done},
          "lastLine" = ${lastLine}, "added" = "added" + ${added.size}, "updated" = "updated" + ${plan.update.length},
          "skipped" = "skipped" + ${skippedNow.length}, "rejected" = ${rejectedCount},
          "rejectedRows" = ${json(keptRows(rejectedSoFar))}::jsonb,
          "skippedRows" = ${json(keptRows([...state.skippedRows, ...skippedNow]))}::jsonb,
          "updatedAt" = ${utc(now())},
          "status" = CASE WHEN ${isLast} THEN 'succeeded'::"TaskStatus" ELSE "status" END,
          "finishedAt" = CASE WHEN ${isLast} THEN ${utc(now())} ELSE NULL END
        WHERE "id" = ${taskId}`
      // the progress and the batch's audit row in one statement: one round trip less per batch
      if (added.size === 0 && plan.update.length === 0) await tx.$executeRaw(progress)
      else
        await recordAudit(
          tx,
          actor,
          {
            action: method === 'directory' ? 'customer-users.import.directory' : 'customer-users.import.csv',
            targetType: 'customer-user',
            targetName: customer.name,
            customers: [customer.name],
            after: {
              task: taskId,
              batch: index + 1,
              added: added.size,
              updated: plan.update.length,
              lines: [batch[0]?.line ?? 0, lastLine],
            },
          },
          progress,
        )
      return 'committed' as const
    }, TRANSACTION)

  /** Batch `index` written (again carefully if it met an existing email), then its hook and report run. */
  const step = async (index: number, turn: Promise<BatchOutcome>): Promise<BatchOutcome> => {
    let outcome: BatchOutcome
    try {
      outcome = await writeBatch(index, turn, careful).catch((error: unknown) => {
        // an email that exists (or that another writer just added): nothing of the batch was written; it is
        // written again with ON CONFLICT DO NOTHING (those rows skipped), and so are the batches after it
        if (careful || !isUniqueViolationOfInsert(error)) throw error
        careful = true
        return writeBatch(index, turn, true)
      })
    } catch (error) {
      if (!(error instanceof NotThisRunsBatch)) throw error
      outcome = 'skipped'
    }
    if (outcome === 'committed') await options.afterBatch?.(index + 1, batches.length)
    if (options.reporter && index < batches.length - 1 && Date.now() - lastReport >= progressEvery) {
      lastReport = Date.now()
      await report(options, 'progress', await loadView(prisma, taskId))
    }
    return outcome
  }

  // Each batch starts once the one before is under way (overlapBatches) or has ended; it commits only after
  // the one before has, and is rolled back if that one threw.
  let previous: Promise<BatchOutcome> | undefined
  for (let index = task.batchesCommitted; index < batches.length; index++) {
    const current = step(index, previous ?? Promise.resolve('committed'))
    current.catch(() => {}) // awaited below, or as the next batch's turn
    const waitFor = options.overlapBatches ? previous : current
    previous = current
    if (!waitFor) continue
    const outcome = await waitFor.catch(async (error: unknown) => {
      await Promise.allSettled([current])
      throw error
    })
    if (outcome === 'failed') break
  }
  if (previous) await previous

  // nothing to write (every row rejected, or an empty file): the task ends with its report
  if (batches.length === 0) {
    await prisma.backgroundTask.updateMany({
      where: { id: taskId, status: 'running' },
      data: {
        status: 'succeeded',
        rowsDone: rows.length,
        rejected: fileRejected.length,
        rejectedRows: keptRows(fileRejected) as never,
        lastLine: rows[rows.length - 1]?.line ?? null,
        finishedAt: now(),
        updatedAt: now(),
      },
    })
  }
  const view = await loadView(prisma, taskId)
  if (view && (view.status === 'succeeded' || view.status === 'failed'))
    await report(options, 'finished', view)
  return view
}

/**
 * After the job's last attempt failed: the task is marked failed with the error (its committed batches
 * stay, and `lastLine` says where it stopped), and reported once.
 */
export async function failImportTask(
  prisma: PrismaClient,
  taskId: string,
  error: string,
  options: RunImportOptions = {},
): Promise<void> {
  const changed = await prisma.backgroundTask.updateMany({
    where: { id: taskId, status: { in: ['queued', 'running'] } },
    data: { status: 'failed', error: error.slice(0, 2000), finishedAt: new Date(), updatedAt: new Date() },
  })
  if (changed.count > 0) await report(options, 'finished', await loadView(prisma, taskId))
}

/** Tasks not finished (queued, or cut off while running): their jobs are sent again when the queue starts. */
export async function unfinishedImportTasks(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.backgroundTask.findMany({
    where: { status: { in: ['queued', 'running'] }, kind: { startsWith: 'customer-users.' } },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  })
  return rows.map((r) => r.id)
}
