// Slack retries (X-Slack-Retry-Num) resend the same request: run each one once, keyed on Slack's own ids.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt'
import type { PrismaClient } from '../../db/client.ts'

/** Slack's id for one delivery: event_id for events, trigger_id (unique per click or command) otherwise. */
export function deliveryKey(body: AnyMiddlewareArgs['body']): string | null {
  const b = body as { event_id?: string; trigger_id?: string; type?: string; action_ts?: string }
  if (b.event_id) return `event:${b.event_id}`
  if (b.type === 'block_suggestion') return null // read-only, asked again on every keystroke
  if (b.trigger_id) return `trigger:${b.trigger_id}`
  return null
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === 'P2002'

export function runOncePerDelivery(db: PrismaClient): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next, logger, ...rest }) => {
    const key = deliveryKey(body)
    if (key) {
      try {
        await db.idempotencyKey.create({ data: { key } })
      } catch (error) {
        if (!isUniqueViolation(error)) throw error
        logger.info(`duplicate delivery ${key} ignored`)
        const ack = (rest as { ack?: () => Promise<void> }).ack
        await ack?.()
        return
      }
    }
    await next()
  }
}
