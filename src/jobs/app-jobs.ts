// The app's background jobs. New kinds of work (mail, imports, reminders, approval expiry) are added here.
import { expireStaleRecords } from '../services/housekeeping.ts'
import { type ApprovalExpiryJobOptions, approvalExpiryJob } from './approval-expiry-job.ts'
import { type ImportJobOptions, importCustomerUsersJob } from './import-customer-users-job.ts'
import { type InvitationRemindersJobOptions, invitationRemindersJob } from './invitation-reminders-job.ts'
import { type MailJobOptions, mailJob } from './mail-job.ts'
import type { JobDefinition } from './queue.ts'

export const HOUSEKEEPING = 'housekeeping'

/** Forgets old delivery keys and closes expired previews: every 10 minutes, and once at each start. */
export function housekeepingJob(log: (line: string) => void): JobDefinition {
  return {
    name: HOUSEKEEPING,
    cron: '*/10 * * * *',
    retryLimit: 3,
    retryDelaySeconds: 30,
    expireInSeconds: 5 * 60,
    async run(_data, { prisma }) {
      const { keys, previews } = await expireStaleRecords(prisma) // idempotent: it deletes by age
      if (keys > 0 || previews > 0)
        log(`housekeeping: forgot ${keys} delivery key(s), closed ${previews} expired preview(s)`)
    },
  }
}

export function appJobs(
  log: (line: string) => void,
  mail: MailJobOptions = { transport: null },
  reminders: InvitationRemindersJobOptions = { post: null },
  approvals: ApprovalExpiryJobOptions = { announce: null },
  imports: ImportJobOptions = { reporter: null },
): JobDefinition[] {
  return [
    housekeepingJob(log),
    mailJob(log, mail),
    invitationRemindersJob(log, reminders),
    approvalExpiryJob(log, approvals),
    importCustomerUsersJob(log, imports) as JobDefinition,
  ]
}
