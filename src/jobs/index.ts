// The job queue layer: imported only by src/app and src/cli (see .dependency-cruiser.cjs).
import type { Database } from '../db/client.ts'
import { appJobs, HOUSEKEEPING } from './app-jobs.ts'
import { type JobFinished, type JobQueue, startJobQueue } from './queue.ts'

export { appJobs, HOUSEKEEPING } from './app-jobs.ts'
export { once } from './once.ts'
export {
  type JobContext,
  type JobDefinition,
  type JobFinished,
  type JobQueue,
  type QueueStats,
  queueStats,
  startJobQueue,
} from './queue.ts'

/** The app's queue on `db`, working its jobs; housekeeping is due at once (then every 10 minutes). */
export async function startAppJobs(
  db: Database,
  log: (line: string) => void,
  onFinished?: JobFinished,
): Promise<JobQueue> {
  const queue = await startJobQueue(db, { jobs: appJobs(log), log, onFinished })
  await queue.send(HOUSEKEEPING, {})
  return queue
}
