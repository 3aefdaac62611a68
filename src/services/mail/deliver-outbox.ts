// Delivers due outbox mail through a MailTransport (the SMTP one is src/mail/smtp-transport.ts).
//
// Each row is claimed before it is sent (one conditional UPDATE: `claimedUntil` in the future, attempts
// + 1), so two runs at once (a cron run and a kick, or two processes on PostgreSQL) never send the same
// row; sent rows get `sentAt` and are never claimed again. A failed attempt leaves the row unsent with
// its error and a later `nextAttemptAt` (backoff). A run cut off by a crash leaves its claim behind: the
// row is taken over when the claim passes (at once by the next process on the embedded database, see
// `claimsBefore`). What remains possible: a crash after the SMTP server accepted a mail and before
// `sentAt` was written sends it again, with the same Message-ID.
import type { PrismaClient } from '../../db/client.ts'

export interface MailMessage {
  /** Stable over every attempt of one outbox row. */
  messageKey: string
  to: string
  subject: string
  text: string
}

export interface MailTransport {
  /** Resolves once the server accepted the mail; throws MailDeliveryError (or anything) otherwise. */
  send(message: MailMessage): Promise<void>
}

export class MailDeliveryError extends Error {
  constructor(
    message: string,
    /** The server refused this mail (a 5xx answer): retrying soon will not help. */
    readonly permanent: boolean,
  ) {
    super(message)
    this.name = 'MailDeliveryError'
  }
}

/** How long a claim lasts: longer than the SMTP transport's timeouts together. */
export const CLAIM_MS = 5 * 60_000
/** Backoff after the n-th failed attempt: 30 s, 1 min, 2 min, … capped at 30 min. */
export const FIRST_RETRY_MS = 30_000
export const MAX_RETRY_MS = 30 * 60_000
/** A mail the server refused (5xx) this many times is given up (kept, shown in `/msp outbox`). */
export const REFUSALS_BEFORE_GIVING_UP = 3
/** At most this many mails per run (the next run continues). */
export const BATCH = 50

export const retryDelayMs = (attempts: number) =>
  Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS)

export interface DeliverOptions {
  now?: () => Date
  /**
   * Claims taken before this moment belong to a process that is gone (embedded database: this process
   * owns the data folder since then), so their rows are taken over at once.
   */
  claimsBefore?: Date
  batch?: number
}

export interface DeliveryReport {
  sent: number
  failed: number
  gaveUp: number
  /** Errors of the failed attempts, for the log. */
  errors: string[]
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500)

export async function deliverDueMail(
  db: PrismaClient,
  transport: MailTransport,
  options: DeliverOptions = {},
): Promise<DeliveryReport> {
  const now = options.now ?? (() => new Date())
  const report: DeliveryReport = { sent: 0, failed: 0, gaveUp: 0, errors: [] }
  const limit = options.batch ?? BATCH
  const tried = new Set<number>()
  while (tried.size < limit) {
    const at = now()
    const free = {
      OR: [
        { claimedUntil: null },
        { claimedUntil: { lt: at } },
        ...(options.claimsBefore
          ? [{ claimedUntil: { lt: new Date(options.claimsBefore.getTime() + CLAIM_MS) } }]
          : []),
      ],
    }
    const due = { sentAt: null, gaveUpAt: null, nextAttemptAt: { lte: at }, ...free }
    const next = await db.outboxMail.findFirst({
      where: { ...due, id: { notIn: [...tried] } },
      orderBy: { id: 'asc' },
      select: { id: true },
    })
    if (!next) break
    tried.add(next.id)
    // The claim: only one run's UPDATE finds the row still due and free.
    const [row] = await db.outboxMail.updateManyAndReturn({
      where: { id: next.id, ...due },
      data: { claimedUntil: new Date(at.getTime() + CLAIM_MS), attempts: { increment: 1 } },
    })
    if (!row) continue
    try {
      await transport.send({ messageKey: row.messageKey, to: row.to, subject: row.subject, text: row.body })
    } catch (error) {
      const permanent = error instanceof MailDeliveryError && error.permanent
      const giveUp = permanent && row.attempts >= REFUSALS_BEFORE_GIVING_UP
      const failedAt = now()
      await db.outboxMail.update({
        where: { id: row.id },
        data: {
          claimedUntil: null,
          lastError: errorText(error),
          nextAttemptAt: new Date(failedAt.getTime() + retryDelayMs(row.attempts)),
          ...(giveUp ? { gaveUpAt: failedAt } : {}),
        },
      })
      report.failed += 1
      if (giveUp) report.gaveUp += 1
      report.errors.push(`mail ${row.id} to ${row.to}: ${errorText(error)}`)
      // The server is unreachable or failing: the other rows wait for the next run, untouched.
      if (!permanent) break
      continue
    }
    await db.outboxMail.update({
      where: { id: row.id },
      data: { sentAt: now(), claimedUntil: null, lastError: null },
    })
    report.sent += 1
  }
  return report
}
