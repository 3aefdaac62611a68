// A long job on the embedded database lets the main thread go between its statements: while a snapshot
// import of 1 000 customers runs (dozens of statements, in one transaction), timers, sockets and other work
// get turns of the event loop. Without src/db/yield-between-queries.ts the import runs in microtasks and
// the loop gets a turn only where Prisma's own timers happen to give one. Structural (turns counted, not milliseconds timed), so
// a loaded machine does not make it flaky.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Database, openDatabase } from '../../src/db/client.ts'
import { importSnapshot } from '../../src/services/snapshot/import-snapshot.ts'
import type { SnapshotInput } from '../../src/services/snapshot/snapshot-schema.ts'

const CUSTOMERS = 1000

function book(): SnapshotInput {
  const groups = CUSTOMERS / 20
  const staff = (g: number) => `staff${g}@msp.example`
  const customer = (i: number) => `Customer ${i}`
  return {
    mspUsers: Array.from({ length: groups }, (_, g) => ({ name: `Staff ${g}`, email: staff(g) })),
    customers: Array.from({ length: CUSTOMERS }, (_, i) => ({
      name: customer(i),
      accountContact: staff(Math.floor(i / 20)),
    })),
    groups: Array.from({ length: groups }, (_, g) => ({
      name: `Group ${g}`,
      customers: Array.from({ length: 20 }, (_, k) => customer(g * 20 + k)),
      users: [staff(g)],
    })),
  }
}

describe('a long import on the embedded database', () => {
  let db: Database
  beforeAll(async () => {
    db = await openDatabase({ url: 'memory://' })
  }, 60_000)
  afterAll(async () => {
    await db?.close()
  })

  it('gives the event loop a turn between its statements', async () => {
    let turns = 0
    let running = true
    const tick = () => {
      turns++
      if (running) setImmediate(tick)
    }
    setImmediate(tick)
    const result = await importSnapshot(db.prisma, book())
    running = false
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.counts.customers).toBe(CUSTOMERS)
    // The import runs about 50 statements (17 deletes, 7 counts, inserts of ≤ 500 rows, the lock, the audit
    // row): one loop turn before each. Without the yield, only the few that Prisma's own timers give.
    expect(turns).toBeGreaterThanOrEqual(30)
  }, 60_000)
})
