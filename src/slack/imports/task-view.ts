// A background import task (the engine's ImportTaskSummary / ImportTaskView) as the Slack messages show it.
import { rowProblemWords } from '../../messages/bulk-import.ts'
import { CUSTOMER_GONE } from '../../services/customer-users/import/run-import.ts'
import {
  ALL_OR_NOTHING_REJECTED,
  type ImportTaskView as EngineTaskView,
  type ImportTaskSummary,
} from '../../services/customer-users/import/task-view.ts'
import type { ImportTaskView, RejectedLine } from '../blocks/import-progress.ts'

/** The job's error in words (null: no failure, or rejected rows under "all or nothing", told apart). */
function failureWords(error: string | null): string | null {
  if (error === null || error === ALL_OR_NOTHING_REJECTED) return null
  if (error === CUSTOMER_GONE) return 'the customer was deleted meanwhile'
  return error
}

export function importTaskView(task: ImportTaskSummary | EngineTaskView): ImportTaskView {
  const typed = task.fileName === null
  const lineWord = typed ? 'row' : task.rowsAreLines ? 'line' : 'entry'
  // Typed rows are numbered as file lines under a header (row 1 is line 2): shown as the form's rows.
  const shownLine = (line: number) => (typed ? line - 1 : line)
  const rejected: RejectedLine[] =
    'rejectedRows' in task
      ? task.rejectedRows.map((r) => ({
          line: shownLine(r.line),
          reason: rowProblemWords(r.problem, r.email, lineWord, shownLine),
        }))
      : []
  return {
    id: task.id,
    customerName: task.customerName,
    method: task.kind === 'customer-users.directory' ? 'directory' : 'csv',
    fileName: task.fileName,
    mode: task.mode,
    status: task.status,
    done: task.rowsDone,
    total: task.totalRows > 0 ? task.totalRows : null,
    added: task.added,
    updated: task.updated,
    skipped: task.skipped,
    rejected,
    rejectedCount: task.rejected,
    failure: failureWords(task.error),
    lastLine: task.lastLine === null ? null : shownLine(task.lastLine),
    lineWord,
    startedBy: { name: task.requestedBy.name, slackUserId: task.requestedBy.slackUserId },
    createdAt: task.createdAt,
    finishedAt: task.finishedAt,
  }
}
