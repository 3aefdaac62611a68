// Sends the outbox (src/services/mail): every minute, and whenever the app kicks it after queuing mail.
// Without an SMTP transport (no SMTP_URL) it has no schedule and sends nothing: mail stays in the outbox.
import { deliverDueMail, type MailTransport } from '../services/mail/deliver-outbox.ts'
import type { JobDefinition } from './queue.ts'

export const SEND_MAIL = 'send-mail'

export interface MailJobOptions {
  /** null: no SMTP_URL, mail is kept in the outbox. */
  transport: MailTransport | null
  /** Embedded database: when this process took the data folder (older claims are a dead process's). */
  claimsBefore?: Date
}

export function mailJob(log: (line: string) => void, options: MailJobOptions): JobDefinition {
  const { transport, claimsBefore } = options
  return {
    name: SEND_MAIL,
    ...(transport ? { cron: '* * * * *' } : {}),
    // Each row keeps its own attempts and backoff; a failed run (the database, not SMTP) is retried soon.
    retryLimit: 2,
    retryDelaySeconds: 15,
    expireInSeconds: 10 * 60,
    async run(_data, { prisma }) {
      if (!transport) return
      const report = await deliverDueMail(prisma, transport, { claimsBefore })
      if (report.sent > 0) log(`mail: sent ${report.sent} mail(s)`)
      for (const line of report.errors) log(`mail: not sent, will retry unless given up: ${line}`)
      if (report.gaveUp > 0)
        log(`mail: gave up ${report.gaveUp} mail(s) the server refused (see /msp outbox)`)
    },
  }
}
