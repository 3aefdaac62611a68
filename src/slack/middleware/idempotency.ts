// Slack retries (X-Slack-Retry-Num) resend the same request: run each one once, keyed on Slack's own ids.
// Keys are remembered in memory. When several processes share the database (PostgreSQL), each delivery
// also claims its key there before it runs — one INSERT on a unique key — and runs only if the claim is
// its own: a retry may land on another process, even while the original is still starting there (a slow
// original, a load balancer resending). The embedded database has exactly one process, so memory is enough
// there (no I/O before the ack).
import type { AnyMiddlewareArgs, Logger, Middleware } from '@slack/bolt'

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

/** Records a delivery where every process of this app can see it; false when one already did. */
export type RecordDelivery = (key: string) => Promise<boolean>

async function isFirstDelivery(
  shared: RecordDelivery | null,
  recent: RecentKeys,
  key: string,
  isRetry: boolean,
  logger: Logger,
): Promise<boolean> {
  if (!recent.add(key)) return false
  if (!shared) return true
  try {
    // The claim decides which process runs it, also when both got it at the same moment.
    return await shared(key)
  } catch (error) {
    if (isRetry) throw error // unknown whether another process ran it: Slack retries again later
    // A first delivery still runs (as with one process); a retry elsewhere may then run it too.
    logger.warn(`could not record delivery ${key}: ${String(error)}`)
    return true
  }
}

/** `shared`: the record other processes of this app use too, or null when this process is the only one. */
export function runOncePerDelivery(
  shared: RecordDelivery | null,
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
