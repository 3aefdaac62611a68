// Requests queued on the embedded database do not run back to back on the main thread: PGlite hands its
// lock from one waiting query to the next in microtasks, so 50 queued queries used to finish in one go,
// with no timer, socket or ack in between. Through src/db/yield-between-queries.ts each is handed the
// database only after a turn of the event loop. Structural (turns counted, not milliseconds timed), so a
// loaded machine does not make it flaky.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Database, openDatabase } from '../../src/db/client.ts'

describe('queries queued on the embedded database', () => {
  let db: Database
  beforeAll(async () => {
    db = await openDatabase({ url: 'memory://' })
  }, 60_000)
  afterAll(async () => {
    await db?.close()
  })

  it('finish on separate turns of the event loop, also behind a transaction', async () => {
    let turn = 0
    let running = true
    const tick = () => {
      turn++
      if (running) setImmediate(tick)
    }
    setImmediate(tick)
    const finishedOn: number[] = []
    // A transaction first (as a save or an import would hold), then 50 reads queued behind it.
    const transaction = db.prisma.$transaction(async (tx) => {
      for (let i = 0; i < 5; i++) await tx.$executeRaw`SELECT pg_advisory_xact_lock(7301)`
    })
    const reads = Array.from({ length: 50 }, () =>
      db.prisma.$queryRaw`SELECT count(*) FROM "Customer"`.then(() => finishedOn.push(turn)),
    )
    await Promise.all([transaction, ...reads])
    running = false
    expect(finishedOn).toHaveLength(50)
    expect(new Set(finishedOn).size).toBeGreaterThanOrEqual(45)
  }, 60_000)
})
