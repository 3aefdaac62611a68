// A background import task as the edges see it (progress message, summary DM, `/msp tasks`), and the port
// through which the job reports it: the Slack edge implements ImportReporter (src/app wires it in).
import type { Prisma } from '../../../db/client.ts'
import type { ImportMode, RejectedImportRow, SkippedImportRow } from '../../../domain/customer-user-import.ts'

export const IMPORT_TASK_KINDS = ['customer-users.csv', 'customer-users.directory'] as const
export type ImportTaskKind = (typeof IMPORT_TASK_KINDS)[number]

export type TaskStatus = 'queued' | 'running' | 'succeeded' | 'failed'

export interface ImportTaskSummary {
  id: string
  kind: ImportTaskKind
  status: TaskStatus
  customerId: number | null
  customerName: string
  mode: ImportMode
  fileName: string | null
  /** Who started it. */
  requestedBy: { slackUserId: string | null; name: string }
  totalRows: number
  /** Rows handled in committed batches (added, updated, skipped or rejected). */
  rowsDone: number
  /** File line of the last row in the last committed batch (where it stopped, if it stopped). */
  lastLine: number | null
  /** True: `line` numbers are file lines (header = 1); false: positions in a JSON list ("entry"). */
  rowsAreLines: boolean
  added: number
  /** Directory imports: users already there whose names or email changed. */
  updated: number
  /** Rows whose email already belonged to one of the customer's users. */
  skipped: number
  rejected: number
  /** Why it failed: "all or nothing" with rejected rows, or the job's error after its last attempt. */
  error: string | null
  progressMessage: { channel: string; ts: string } | null
  createdAt: Date
  startedAt: Date | null
  finishedAt: Date | null
}

export interface ImportTaskView extends ImportTaskSummary {
  /** The first 1 000 rejected rows, by line, with the reason (the rest are counted in `rejected`). */
  rejectedRows: RejectedImportRow[]
  /** The first 1 000 skipped rows. */
  skippedRows: SkippedImportRow[]
}

/**
 * What the import job tells the edge. `progress` after committed batches (at most once a second);
 * `finished` once, when the task succeeded or failed for good. A reporter that throws or rejects never
 * fails the import (the job logs it and goes on).
 */
export interface ImportReporter {
  progress(task: ImportTaskView): Promise<void>
  finished(task: ImportTaskView): Promise<void>
}

/** Sends the import job for a task (src/app wires the job queue in); the task waits as `queued` till then. */
export type EnqueueImport = (taskId: string) => Promise<void>

/** The error text "all or nothing" leaves on a task whose file had rejected rows. */
export const ALL_OR_NOTHING_REJECTED = 'allOrNothing.rejected'

export const taskSummarySelect = {
  id: true,
  kind: true,
  status: true,
  customerId: true,
  customerName: true,
  mode: true,
  fileName: true,
  requestedBy: true,
  requestedByName: true,
  totalRows: true,
  rowsDone: true,
  lastLine: true,
  added: true,
  updated: true,
  skipped: true,
  rejected: true,
  error: true,
  progressChannel: true,
  progressTs: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  result: true,
} satisfies Prisma.BackgroundTaskSelect

type SummaryRow = Prisma.BackgroundTaskGetPayload<{ select: typeof taskSummarySelect }>

export function toTaskSummary(row: SummaryRow): ImportTaskSummary {
  const result = (row.result ?? {}) as { rowsAreLines?: boolean }
  return {
    id: row.id,
    kind: row.kind as ImportTaskKind,
    status: row.status,
    customerId: row.customerId,
    customerName: row.customerName,
    mode: row.mode as ImportMode,
    fileName: row.fileName,
    requestedBy: {
      slackUserId: row.requestedBy === 'cli' ? null : row.requestedBy,
      name: row.requestedByName,
    },
    totalRows: row.totalRows,
    rowsDone: row.rowsDone,
    lastLine: row.lastLine,
    rowsAreLines: result.rowsAreLines ?? true,
    added: row.added,
    updated: row.updated,
    skipped: row.skipped,
    rejected: row.rejected,
    error: row.error,
    progressMessage:
      row.progressChannel && row.progressTs ? { channel: row.progressChannel, ts: row.progressTs } : null,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  }
}

export const taskViewSelect = {
  ...taskSummarySelect,
  rejectedRows: true,
  skippedRows: true,
} satisfies Prisma.BackgroundTaskSelect

type ViewRow = Prisma.BackgroundTaskGetPayload<{ select: typeof taskViewSelect }>

export function toTaskView(row: ViewRow): ImportTaskView {
  return {
    ...toTaskSummary(row),
    rejectedRows: (row.rejectedRows ?? []) as unknown as RejectedImportRow[],
    skippedRows: (row.skippedRows ?? []) as unknown as SkippedImportRow[],
  }
}
