// Outgoing mail is written to the outbox (OutboxMail) in the caller's transaction, so the mail exists
// exactly when the change that caused it committed. The mail job (src/jobs) delivers it later.
import type { Db } from '../../db/client.ts'

export interface OutgoingMail {
  to: string
  subject: string
  text: string
}

/** Inserts one outbox row with `tx` (pass the caller's transaction client) and returns its id. */
export async function enqueueMail(tx: Db, mail: OutgoingMail): Promise<{ id: number }> {
  const row = await tx.outboxMail.create({
    data: { to: mail.to, subject: mail.subject, body: mail.text },
    select: { id: true },
  })
  return { id: row.id }
}
