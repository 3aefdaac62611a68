// `/msp outbox`: the kept mail, newest first (admins: it holds invitation links).
import type { Db } from '../../db/client.ts'
import { requireCapability, type StaffActor } from '../actor.ts'

export type OutboxState = 'sent' | 'waiting' | 'retrying' | 'given up'

export interface OutboxEntry {
  id: number
  to: string
  subject: string
  text: string
  createdAt: Date
  sentAt: Date | null
  state: OutboxState
  attempts: number
  lastError: string | null
  nextAttemptAt: Date
}

export interface OutboxPage {
  entries: OutboxEntry[]
  /** All rows, and those not sent yet (waiting or retrying). */
  total: number
  unsent: number
}

export async function listOutbox(db: Db, actor: StaffActor, take = 10): Promise<OutboxPage> {
  requireCapability(actor, 'manageSettings')
  const [rows, total, unsent] = await Promise.all([
    db.outboxMail.findMany({ orderBy: { id: 'desc' }, take }),
    db.outboxMail.count(),
    db.outboxMail.count({ where: { sentAt: null, gaveUpAt: null } }),
  ])
  return {
    total,
    unsent,
    entries: rows.map((r) => ({
      id: r.id,
      to: r.to,
      subject: r.subject,
      text: r.body,
      createdAt: r.createdAt,
      sentAt: r.sentAt,
      state: r.sentAt ? 'sent' : r.gaveUpAt ? 'given up' : r.attempts > 0 ? 'retrying' : 'waiting',
      attempts: r.attempts,
      lastError: r.lastError,
      nextAttemptAt: r.nextAttemptAt,
    })),
  }
}
