// Outgoing mail is written to the outbox (OutboxMail) in the caller's transaction, so the mail exists
// exactly when the change that caused it committed. The mail job (src/jobs/mail-job.ts) delivers it.
import type { Db } from '../../db/client.ts'

export interface OutgoingMail {
  to: string
  subject: string
  text: string
}

/**
 * Inserts one outbox row with `tx` (pass the caller's transaction client) and returns its id. It is due
 * at once; the app's `services.mail.kick()` after the commit has it sent within seconds instead of at
 * the next minute.
 */
export async function enqueueMail(tx: Db, mail: OutgoingMail, now = new Date()): Promise<{ id: number }> {
  const row = await tx.outboxMail.create({
    data: { to: mail.to, subject: mail.subject, body: mail.text, createdAt: now, nextAttemptAt: now },
    select: { id: true },
  })
  return { id: row.id }
}
