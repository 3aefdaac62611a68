// A kept job survives kill -9 and has its effect exactly once: the job is killed while running (before
// its write), then killed again after its write committed but before the queue marked it done; the next
// start finishes it, and exactly one mail exists. On the embedded database (a data folder in a temp dir)
// and, when POSTGRES_TEST_URL is set, on a PostgreSQL server.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/client.ts'
import { type Started, start } from '../cli/child.ts'

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url))
const serverUrl = process.env.POSTGRES_TEST_URL
if (!serverUrl) {
  if (process.env.CI)
    throw new Error('CI must set POSTGRES_TEST_URL (see .ci/run) to test the job queue on it')
  console.log('Skipping the job-queue crash test on PostgreSQL: POSTGRES_TEST_URL is not set.')
}

const cleanups: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

function child(dir: string, databaseUrl: string, args: string[] = []): Started {
  const run = start(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    env: { JOB_DIR: dir, DATABASE_URL: databaseUrl },
  })
  cleanups.push(() => {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL')
  })
  return run
}

async function killHard(run: Started): Promise<void> {
  run.child.kill('SIGKILL')
  const ended = await run.done
  expect(ended.signal).toBe('SIGKILL')
}

async function crashTwiceThenFinish(databaseUrl: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'msp-bot-jobs-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))

  // 1. The job starts and is killed before its write.
  const first = child(dir, databaseUrl, ['send'])
  const sent = await first.waitFor(/sent ([0-9a-f-]{36})/, 120_000)
  const jobId = /sent ([0-9a-f-]{36})/.exec(sent)?.[1] ?? ''
  await first.waitFor(`attempt 1 of ${jobId}`, 60_000)
  await killHard(first)

  // 2. After a restart it runs again, writes the mail, and is killed before the queue marks it done.
  writeFileSync(join(dir, 'go'), '')
  const second = child(dir, databaseUrl)
  await second.waitFor(/wrote mail \d+/, 120_000)
  await killHard(second)

  // 3. After another restart it runs again, sends nothing more, completes, and the process exits 0.
  writeFileSync(join(dir, 'finish'), '')
  const third = child(dir, databaseUrl)
  await third.waitFor('mail already sent', 120_000)
  const last = await third.done
  expect(last.code, last.stdout + last.stderr).toBe(0)
  expect(last.stdout).toContain(`finished ${jobId}`)

  const db = await openDatabase({ url: databaseUrl })
  try {
    const mails = await db.prisma.outboxMail.findMany()
    expect(mails.map((m) => m.body)).toEqual([jobId]) // exactly one mail, from that job
    const jobs = await db.prisma.$queryRawUnsafe<{ state: string; retry_count: number }[]>(
      `SELECT state::text AS state, retry_count FROM pgboss.job WHERE id = '${jobId}'`,
    )
    expect(jobs).toHaveLength(1)
    expect(jobs[0]?.state).toBe('completed')
    expect(jobs[0]?.retry_count).toBeGreaterThanOrEqual(2) // three attempts at least: run, crash, crash
  } finally {
    await db.close()
  }
}

describe('a kept job across kill -9', () => {
  it('on the embedded database: runs again after each restart and sends its mail exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msp-bot-jobs-db-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    await crashTwiceThenFinish(join(dir, 'pglite'))
  }, 420_000)

  it.skipIf(!serverUrl)(
    'on PostgreSQL: the expired job is retried after each restart and sends its mail exactly once',
    async () => {
      const name = `msp_jobs_${randomUUID().replace(/-/g, '')}`
      const admin = new pg.Client({ connectionString: serverUrl })
      await admin.connect()
      await admin.query(`CREATE DATABASE "${name}"`)
      await admin.end()
      cleanups.push(async () => {
        const client = new pg.Client({ connectionString: serverUrl })
        await client.connect()
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
        await client.end()
      })
      const url = new URL(serverUrl ?? '')
      url.pathname = `/${name}`
      await crashTwiceThenFinish(url.toString())
    },
    240_000,
  )
})
