// Starts a bulk import of customer users: reads the file (or the rows typed in the form), refuses at once
// what can be judged at once (not UTF-8, empty, a missing column, too many rows), writes the task row with
// the rows to import, and has the job queue run it (src/jobs/import-customer-users-job.ts).
import { randomUUID } from 'node:crypto'
import { type Db, Prisma } from '../../../db/client.ts'
import type { ImportMethod, ImportMode, ImportRow } from '../../../domain/customer-user-import.ts'
import { assertMayTouchCustomers, requireCapability, type StaffActor } from '../../actor.ts'
import { recordAudit } from '../../audit.ts'
import { gone } from '../../errors.ts'
import { formRows, parseUsersCsv } from './parse-csv.ts'
import { type DirectoryFormat, parseDirectoryExport, rowsAreLines } from './parse-directory.ts'
import type { FileProblem } from './read-table.ts'
import { rowCountProblem } from './read-table.ts'
import type { EnqueueImport, ImportTaskKind } from './task-view.ts'

/** A row as typed in the Bulk Add Users form (any field may be blank; blank rows are left out). */
export interface TypedRow {
  email?: string
  firstName?: string
  lastName?: string
}

export type StartImportInput = {
  customerId: number
  /** `csv`: a Bulk Add Users CSV or typed rows; `directory`: a Microsoft 365 / Google Workspace export. */
  method: ImportMethod
  fileName?: string
  mode: ImportMode
  /** Where the edge posted the progress message (the reporter updates it). */
  progressMessage?: { channel: string; ts: string }
} & ({ content: Uint8Array } | { rows: readonly TypedRow[] })

export type StartImportResult =
  | { status: 'started'; taskId: string; totalRows: number }
  | { status: 'invalid'; problem: FileProblem }

/** The rows to import and the format they came in (as read; kept in the task compactly, see below). */
export interface ImportTaskInput {
  format: DirectoryFormat | 'csv' | 'form'
  rows: ImportRow[]
}

/** A row as the task keeps it: `[line, email, firstName, lastName, externalId?]` (about half the JSON). */
type StoredRow = [number, string, string, string] | [number, string, string, string, string]

/** The task's `input` column: the format and the rows as arrays. */
export function storedInput(input: ImportTaskInput): string {
  const rows: StoredRow[] = input.rows.map((r) =>
    r.externalId === undefined
      ? [r.line, r.email, r.firstName, r.lastName]
      : [r.line, r.email, r.firstName, r.lastName, r.externalId],
  )
  return JSON.stringify({ format: input.format, rows })
}

/** Reads the task's `input` column back. */
export function readStoredInput(text: string): ImportTaskInput {
  const stored = JSON.parse(text) as { format: ImportTaskInput['format']; rows: StoredRow[] }
  return {
    format: stored.format,
    rows: stored.rows.map(([line, email, firstName, lastName, externalId]) => ({
      line,
      email,
      firstName,
      lastName,
      ...(externalId === undefined ? {} : { externalId }),
    })),
  }
}

async function readInput(
  input: StartImportInput,
): Promise<{ ok: true; value: ImportTaskInput } | { ok: false; problem: FileProblem }> {
  if ('rows' in input) {
    const rows = formRows(input.rows)
    const problem = rowCountProblem(rows.length)
    return problem ? { ok: false, problem } : { ok: true, value: { format: 'form', rows } }
  }
  if (input.method === 'directory') {
    const read = await parseDirectoryExport(input.content)
    return read.ok ? { ok: true, value: { format: read.value.format, rows: read.value.rows } } : read
  }
  const read = await parseUsersCsv(input.content)
  return read.ok ? { ok: true, value: { format: 'csv', rows: read.value } } : read
}

/**
 * Checks who may import (technicians and up, on a customer associated with them; admins on any), reads
 * the input, writes the task (status queued) and enqueues its job. A file that cannot be imported at all
 * gives `invalid` with the problem and writes nothing. Without `enqueue` (no job queue in this process)
 * the task waits as queued; the queue picks queued tasks up when it starts.
 */
export async function startImport(
  db: Db,
  actor: StaffActor,
  input: StartImportInput,
  enqueue?: EnqueueImport,
): Promise<StartImportResult> {
  requireCapability(actor, 'manageCustomerUsers')
  const customer = await db.customer.findUnique({
    where: { id: input.customerId },
    select: { id: true, name: true },
  })
  if (!customer) throw gone('customer')
  await assertMayTouchCustomers(db, actor, [customer.id], () => customer.name)
  const read = await readInput(input)
  if (!read.ok) return { status: 'invalid', problem: read.problem }
  const kind: ImportTaskKind =
    input.method === 'directory' ? 'customer-users.directory' : 'customer-users.csv'
  const taskId = randomUUID()
  // one raw statement: the rows go in as JSON text (Prisma's Json mapping of 10 000 rows took over a second)
  const result = JSON.stringify({
    rowsAreLines: read.value.format === 'form' || rowsAreLines(read.value.format),
  })
  // the task and its audit row in one statement: atomic on its own, so outside a caller's transaction it
  // skips Prisma's engine (the rows are its largest parameter); the job is sent after it
  await recordAudit(
    db,
    actor,
    {
      action: 'customer-users.import.start',
      targetType: 'customer-user',
      targetName: customer.name,
      customers: [customer.name],
      after: {
        task: taskId,
        kind,
        mode: input.mode,
        rows: read.value.rows.length,
        file: input.fileName ?? null,
      },
    },
    Prisma.sql`
      INSERT INTO "BackgroundTask" ("id", "kind", "status", "requestedBy", "requestedByName", "mspUserId",
        "customerId", "customerName", "mode", "fileName", "input", "result", "totalRows", "progressChannel",
        "progressTs")
      VALUES (${taskId}, ${kind}, 'queued', ${actor.slackUserId ?? 'cli'}, ${actor.name}, ${actor.mspUserId},
        ${customer.id}, ${customer.name}, ${input.mode}, ${input.fileName ?? null}, ${storedInput(read.value)}::jsonb,
        ${result}::jsonb, ${read.value.rows.length}, ${input.progressMessage?.channel ?? null},
        ${input.progressMessage?.ts ?? null})`,
  )
  if (enqueue) await enqueue(taskId)
  return { status: 'started', taskId, totalRows: read.value.rows.length }
}
