// Instances starting at once on one PostgreSQL database declare the job queue at once: pg-boss's schema
// and the same queues. Without taking turns (src/jobs/sql.ts underStartLock) one of them could fail with
// `deadlock detected` — seen with two app processes started together (test/instances/). Here four queues
// start at once on a fresh database, three times over; all must start, each queue declared once.
import { afterAll, describe, expect, it } from 'vitest'
import { type Database, openDatabase } from '../../src/db/client.ts'
import { appJobs, startJobQueue } from '../../src/jobs/index.ts'
import { emptyServerDatabase } from '../support/postgres-template-database.ts'

const serverUrl = process.env.POSTGRES_TEST_URL
if (!serverUrl) {
  if (process.env.CI)
    throw new Error('CI must set POSTGRES_TEST_URL (see .ci/run) to test the job queue on it')
  console.log('Skipping the concurrent job-queue start test: POSTGRES_TEST_URL is not set.')
}

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

async function freshDatabase(server: string): Promise<Database> {
  const { url, drop } = await emptyServerDatabase(server, 'msp_jobs_start')
  cleanups.push(drop)
  const db = await openDatabase({ url })
  cleanups.push(() => db.close())
  return db
}

describe.skipIf(!serverUrl)('the job queue started by several instances at once (PostgreSQL)', () => {
  it('every start succeeds and each queue is declared once', async () => {
    const jobs = appJobs(() => {})
    for (let round = 0; round < 3; round++) {
      const db = await freshDatabase(serverUrl ?? '')
      const queues = await Promise.all(
        Array.from({ length: 4 }, () => startJobQueue(db, { jobs, work: false, log: () => {} })),
      )
      for (const queue of queues) await queue.stop()
      const names = await db.prisma.$queryRawUnsafe<{ name: string }[]>(
        `SELECT name FROM pgboss.queue WHERE name NOT LIKE '\\_\\_pgboss%' ORDER BY name`,
      )
      expect(names.map((n) => n.name)).toEqual(jobs.map((j) => j.name).sort())
    }
  }, 120_000)
})
