// The outbox tab's data: the kept outgoing mail, read through the service `/msp outbox` uses, as the
// sandbox itself (an admin with no MSP account: the page shows every mail to whoever acts).
import { listOutbox, type OutboxEntry } from '../../services/mail/list-outbox.ts'

const SANDBOX_ADMIN = { slackUserId: null, name: 'sandbox', mspUserId: null, role: 'admin' as const }

/** The newest `take` mails, for the page (Prisma client or transaction, as the service takes it). */
export const outboxReader =
  (db: Parameters<typeof listOutbox>[0], take = 20) =>
  async (): Promise<OutboxEntry[]> =>
    (await listOutbox(db, SANDBOX_ADMIN, take)).entries
