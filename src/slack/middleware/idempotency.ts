// Slack retries (X-Slack-Retry-Num) resend the same request: run each one once, keyed on Slack's own ids.
// Keys are remembered in memory (no I/O before the ack). When several processes share the database
// (PostgreSQL), they are also written there, and a retry consults it: it may land on another process.
// The embedded database has exactly one process, so memory is enough there.
import type { AnyMiddlewareArgs, Logger, Middleware } from '@slack/bolt'
import type { PrismaClient } from '../../db/client.ts'

/** Slack's id for one delivery: event_id for events, trigger_id (unique per click or command) otherwise. */
export function deliveryKey(body: AnyMiddlewareArgs['body']): string | null {
  const b = body as { event_id?: string; trigger_id?: string; type?: string }
  if (b.event_id) return `event:${b.event_id}`
  if (b.type === 'block_suggestion') return null // read-only, asked again on every keystroke
  if (b.trigger_id) return `trigger:${b.trigger_id}`
  return null
}

/** The most recent keys, oldest forgotten first. */
export class RecentKeys {
  private readonly keys = new Set<string>()
  constructor(private readonly capacity = 50_000) {}
  /** Adds the key; false when it was already there. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false
    this.keys.add(key)
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.values().next().value
      if (oldest !== undefined) this.keys.delete(oldest)
    }
    return true
  }
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === 'P2002'

async function isFirstDelivery(
  db: PrismaClient | null,
  recent: RecentKeys,
  key: string,
  isRetry: boolean,
  logger: Logger,
): Promise<boolean> {
  if (!recent.add(key)) return false
  if (!db) return true
  const record = db.idempotencyKey.create({ data: { key } })
  if (!isRetry) {
    // Off the ack's path: a first delivery only leaves its key for a later retry to find.
    record.catch((error: unknown) => {
      if (!isUniqueViolation(error)) logger.warn(`could not record delivery ${key}: ${String(error)}`)
    })
    return true
  }
  // A retry this process has not seen: the database knows whether another process ran it.
  try {
    await record
    return true
  } catch (error) {
    if (isUniqueViolation(error)) return false
    throw error
  }
}

/** `shared`: the database other processes of this app use too, or null when this is the only one. */
export function runOncePerDelivery(
  shared: PrismaClient | null,
  recent = new RecentKeys(),
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { body, context, next, logger } = args
    const key = deliveryKey(body)
    if (key && !(await isFirstDelivery(shared, recent, key, Boolean(context.retryNum), logger))) {
      logger.info(`duplicate delivery ${key} ignored`)
      await (args as { ack?: () => Promise<void> }).ack?.()
      return
    }
    await next()
  }
}
