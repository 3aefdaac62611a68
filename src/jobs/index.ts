// The job queue layer: imported only by src/app and src/cli (see .dependency-cruiser.cjs).
import type { Database } from '../db/client.ts'
import { unfinishedImportTasks } from '../services/customer-users/import/run-import.ts'
import type { MailTransport } from '../services/mail/deliver-outbox.ts'
import { appJobs, HOUSEKEEPING } from './app-jobs.ts'
import type { ApprovalExpiryJobOptions } from './approval-expiry-job.ts'
import { IMPORT_CUSTOMER_USERS, type ImportJobOptions } from './import-customer-users-job.ts'
import {
  digestDueAtStart,
  INVITATION_REMINDERS,
  type InvitationRemindersJobOptions,
} from './invitation-reminders-job.ts'
import { SEND_MAIL } from './mail-job.ts'
import { type JobFinished, type JobQueue, startJobQueue } from './queue.ts'

export { appJobs, HOUSEKEEPING } from './app-jobs.ts'
export {
  type AnnounceExpired,
  APPROVAL_EXPIRY,
  type ApprovalExpiryJobOptions,
  approvalExpiryJob,
  runApprovalExpiry,
} from './approval-expiry-job.ts'
export {
  IMPORT_CUSTOMER_USERS,
  type ImportJobOptions,
  importCustomerUsersJob,
  importEnqueuer,
} from './import-customer-users-job.ts'
export {
  digestDueAtStart,
  INVITATION_REMINDERS,
  type InvitationRemindersJobOptions,
  invitationRemindersJob,
  type PostDigest,
  runInvitationDigest,
} from './invitation-reminders-job.ts'
export { type MailJobOptions, mailJob, SEND_MAIL } from './mail-job.ts'
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

/**
 * The app's queue on `db`, working its jobs; housekeeping is due at once (then every 10 minutes), and the
 * invitation digest after 08:00 UTC (then daily at 08:00).
 */
export async function startAppJobs(
  db: Database,
  log: (line: string) => void,
  onFinished?: JobFinished,
  mail: { transport: MailTransport | null } = { transport: null },
  reminders: InvitationRemindersJobOptions = { post: null },
  approvals: ApprovalExpiryJobOptions = { announce: null },
  imports: ImportJobOptions = { reporter: null },
): Promise<JobQueue> {
  // Embedded: this process owns the data folder from now on, so older mail claims are a dead process's.
  const claimsBefore = db.driver.kind === 'embedded' ? new Date() : undefined
  const queue = await startJobQueue(db, {
    jobs: appJobs(log, { ...mail, claimsBefore }, reminders, approvals, imports),
    log,
    onFinished,
  })
  await queue.send(HOUSEKEEPING, {})
  if (mail.transport) await queue.send(SEND_MAIL, {}) // mail left unsent by the last run
  // the day's invitation digest, when it is due and was perhaps missed while the app was down
  if (reminders.post && digestDueAtStart(new Date())) await queue.send(INVITATION_REMINDERS, {})
  // imports left queued or cut off: sent again (a job still kept under the task's id makes this a no-op)
  for (const taskId of await unfinishedImportTasks(db.prisma))
    await queue.send(IMPORT_CUSTOMER_USERS, { taskId }, { id: taskId })
  return queue
}
