// Bulk imports of customer users (src/services/customer-users/import): one job per task, sent with the
// task's id as the job's id (so sending it again adds nothing). The job runs or resumes the task: batches
// committed by an earlier attempt are not written again. After the last attempt fails the task is marked
// failed and reported. Progress and the summary go through `reporter`, which src/app builds with the Slack
// client (the jobs layer may not import src/slack); none without Slack.

import { failImportTask, runImportTask } from '../services/customer-users/import/run-import.ts'
import type { ImportReporter } from '../services/customer-users/import/task-view.ts'
import type { JobDefinition, JobQueue } from './queue.ts'

export const IMPORT_CUSTOMER_USERS = 'import-customer-users'

const RETRY_LIMIT = 3

export interface ImportJobOptions {
  /** null: no Slack; the task row still shows progress and result (`/msp tasks`). */
  reporter: ImportReporter | null
  /** Least time between two progress reports (default 1 s). */
  progressEveryMs?: number
}

export function importCustomerUsersJob(
  log: (line: string) => void,
  options: ImportJobOptions,
): JobDefinition<{ taskId: string }> {
  return {
    name: IMPORT_CUSTOMER_USERS,
    retryLimit: RETRY_LIMIT,
    retryDelaySeconds: 5,
    expireInSeconds: 10 * 60,
    async run(data, { prisma, retryCount, concurrentTransactions }) {
      const runOptions = {
        reporter: options.reporter,
        log,
        progressEveryMs: options.progressEveryMs,
        overlapBatches: concurrentTransactions,
      }
      try {
        const task = await runImportTask(prisma, data.taskId, runOptions)
        if (task)
          log(
            `import ${task.id} (${task.customerName}): ${task.status}, ${task.added} added, ${task.updated} updated, ${task.skipped} skipped, ${task.rejected} rejected`,
          )
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error)
        if (retryCount >= RETRY_LIMIT) await failImportTask(prisma, data.taskId, text, runOptions)
        throw error
      }
    },
  }
}

/** The services' enqueue port on a running queue: the task's id is the job's id. */
export const importEnqueuer =
  (queue: Pick<JobQueue, 'send'>) =>
  async (taskId: string): Promise<void> => {
    await queue.send(IMPORT_CUSTOMER_USERS, { taskId }, { id: taskId })
  }
