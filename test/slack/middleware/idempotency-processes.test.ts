// Delivery keys across processes sharing one database: each process has its own memory (RecentKeys), and
// the shared record (the database's unique key, here a Set behind a delay) decides who runs a delivery —
// also when both got it at the same moment, first delivery or retry. (The same with two real app
// processes on PostgreSQL: test/instances/two-instances.test.ts.)
import type { AnyMiddlewareArgs, Logger, Middleware } from '@slack/bolt'
import { describe, expect, it } from 'vitest'
import { type RecordDelivery, runOncePerDelivery } from '../../../src/slack/middleware/idempotency.ts'

/** The database's unique key, answering after `ms` (as a round trip does). */
function sharedRecord(ms = 5): RecordDelivery & { keys: Set<string> } {
  const keys = new Set<string>()
  const record = async (key: string) => {
    await new Promise((resolve) => setTimeout(resolve, ms))
    if (keys.has(key)) return false
    keys.add(key)
    return true
  }
  return Object.assign(record, { keys })
}

const quiet = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger

/** Runs a delivery of `triggerId` through one process's middleware; resolves whether the handler ran. */
async function deliver(
  process: Middleware<AnyMiddlewareArgs>,
  triggerId: string,
  retryNum?: number,
): Promise<boolean> {
  let ran = false
  await process({
    body: { type: 'block_actions', trigger_id: triggerId },
    context: retryNum ? { retryNum } : {},
    logger: quiet,
    ack: async () => {},
    next: async () => {
      ran = true
    },
  } as unknown as Parameters<Middleware<AnyMiddlewareArgs>>[0])
  return ran
}

describe('one delivery, two processes sharing the database', () => {
  it('sent to both at once (first delivery on each, or first and retry): runs on exactly one', async () => {
    const shared = sharedRecord()
    const a = runOncePerDelivery(shared)
    const b = runOncePerDelivery(shared)
    for (let i = 0; i < 20; i++) {
      const retry = i % 2 === 0 ? 1 : undefined
      const ran = await Promise.all([deliver(a, `t${i}`), deliver(b, `t${i}`, retry)])
      expect(ran.filter(Boolean), `delivery ${i}`).toHaveLength(1)
    }
    expect(shared.keys.size).toBe(20)
  })

  it('a retry on the other process after the original ran there: dropped; a retry nobody ran: runs', async () => {
    const shared = sharedRecord()
    const a = runOncePerDelivery(shared)
    const b = runOncePerDelivery(shared)
    expect(await deliver(a, 'ran')).toBe(true)
    expect(await deliver(b, 'ran', 1)).toBe(false)
    expect(await deliver(a, 'ran', 2)).toBe(false) // and on the first process, from memory
    expect(await deliver(b, 'lost', 1)).toBe(true) // the original never reached any process
  })

  it('when the record cannot be written: a first delivery still runs; a retry fails (Slack retries it)', async () => {
    const failing: RecordDelivery = async () => {
      throw new Error('database unreachable')
    }
    const a = runOncePerDelivery(failing)
    expect(await deliver(a, 'first')).toBe(true)
    await expect(deliver(runOncePerDelivery(failing), 'again', 1)).rejects.toThrow('database unreachable')
  })
})
