// The job queue on the app's own database (in-memory PGlite; TEST_DATABASE_URL=postgresql://… runs it on
// a server): retries with backoff, giving up, stats, a bounded stop that lets the running job finish,
// once(), housekeeping on a schedule, and — on PGlite's one session — a queue statement never becoming
// part of a Prisma transaction that is in progress.
import { subDays, subHours } from 'date-fns'
import { afterEach, describe, expect, it } from 'vitest'
import { HOUSEKEEPING, type JobQueue, once, startAppJobs, startJobQueue } from '../../src/jobs/index.ts'
import { executorFor } from '../../src/jobs/sql.ts'
import { jobRunKey } from '../../src/services/housekeeping.ts'
import { useTestDatabase } from '../support/db.ts'
import { until } from '../support/until.ts'

const db = useTestDatabase()
const started: JobQueue[] = []
afterEach(async () => {
  for (const queue of started.splice(0)) await queue.stop({ timeoutMs: 1000 })
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function jobRow(id: string) {
  const rows = await db().prisma.$queryRawUnsafe<{ state: string; retry_count: number }[]>(
    `SELECT state::text AS state, retry_count FROM pgboss.job WHERE id = '${id}'`,
  )
  return rows[0]
}

let names = 0
const uniqueName = (base: string) => `${base}-${Date.now().toString(36)}-${names++}`

describe('the kept job queue', () => {
  it('retries a failing job with growing delays and completes it when it succeeds', async () => {
    const name = uniqueName('flaky')
    const attempts: { retryCount: number; at: number }[] = []
    const lines: string[] = []
    const outcomes: string[] = []
    const queue = await startJobQueue(db(), {
      log: (line) => lines.push(line),
      onFinished: (queueName, outcome, seconds) => {
        if (queueName === name && seconds >= 0) outcomes.push(outcome)
      },
      pollingIntervalSeconds: 0.5,
      jobs: [
        {
          name,
          retryLimit: 3,
          retryDelaySeconds: 1,
          async run(_data, job) {
            attempts.push({ retryCount: job.retryCount, at: Date.now() })
            if (attempts.length <= 2) throw new Error(`flaky ${attempts.length}`)
          },
        },
      ],
    })
    started.push(queue)
    const id = (await queue.send(name, { n: 1 })) ?? ''
    expect(await until(async () => ((await jobRow(id))?.state === 'completed' ? true : undefined))).toBe(true)
    expect(attempts.map((a) => a.retryCount)).toEqual([0, 1, 2])
    const [a, b, c] = attempts.map((x) => x.at)
    // backoff: the first retry waits 1–2 s, the second 2–4 s (delay × 2^n, with jitter)
    expect((b ?? 0) - (a ?? 0)).toBeGreaterThanOrEqual(900)
    expect((c ?? 0) - (b ?? 0)).toBeGreaterThanOrEqual(1900)
    expect(lines.filter((l) => l.includes('will retry'))).toHaveLength(2)
    expect(lines[0]).toContain('failed (attempt 1 of 4, will retry): flaky 1')
    expect(outcomes).toEqual(['failed', 'failed', 'completed']) // what /metrics counts
  }, 60_000)

  it('a job sent from a process that works its queue starts at once, not at the next poll', async () => {
    const name = uniqueName('prompt')
    const ran: number[] = []
    const queue = await startJobQueue(db(), {
      pollingIntervalSeconds: 60,
      jobs: [{ name, run: async () => void ran.push(Date.now()) }],
    })
    started.push(queue)
    await new Promise((resolve) => setTimeout(resolve, 500)) // the worker's first poll found nothing: it sleeps
    const sent = Date.now()
    await queue.send(name, {})
    await until(() => ran.length > 0, 20_000) // well inside the 60 s poll
    expect((ran[0] ?? 0) - sent).toBeLessThan(20_000)
    // a delayed job is not woken early
    await queue.send(name, {}, { startAfterSeconds: 30 })
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(ran).toHaveLength(1)
  }, 60_000)

  it('gives up after the retry limit and counts the job as failed', async () => {
    const name = uniqueName('broken')
    const lines: string[] = []
    const queue = await startJobQueue(db(), {
      log: (line) => lines.push(line),
      pollingIntervalSeconds: 0.5,
      jobs: [
        {
          name,
          retryLimit: 1,
          retryDelaySeconds: 1,
          async run() {
            throw new Error('always')
          },
        },
      ],
    })
    started.push(queue)
    const before = await queue.stats()
    const id = (await queue.send(name, {})) ?? ''
    await until(async () => ((await jobRow(id))?.state === 'failed' ? true : undefined))
    expect(lines.at(-1)).toContain('failed (attempt 2 of 2, giving up): always')
    const after = await queue.stats()
    expect(after.failed - before.failed).toBe(1)
  }, 60_000)

  it('counts waiting jobs (stats) and keeps them for whoever works the queue', async () => {
    const name = uniqueName('later')
    const producer = await startJobQueue(db(), { work: false, jobs: [{ name, run: async () => {} }] })
    started.push(producer)
    const before = await producer.stats()
    await producer.send(name, { a: 1 })
    await producer.send(name, { a: 2 })
    expect((await producer.stats()).depth - before.depth).toBe(2)
    await producer.stop()

    const seen: unknown[] = []
    const worker = await startJobQueue(db(), {
      pollingIntervalSeconds: 0.5,
      jobs: [{ name, run: async (data) => void seen.push(data) }],
    })
    started.push(worker)
    await until(() => (seen.length === 2 ? true : undefined))
    expect(seen).toEqual(expect.arrayContaining([{ a: 1 }, { a: 2 }]))
  }, 60_000)

  it('stop lets the running job finish and records it as completed before returning', async () => {
    const name = uniqueName('slow')
    let running = false
    const queue = await startJobQueue(db(), {
      pollingIntervalSeconds: 0.5,
      jobs: [
        {
          name,
          async run() {
            running = true
            await sleep(1500)
          },
        },
      ],
    })
    const id = (await queue.send(name, {})) ?? ''
    await until(() => (running ? true : undefined))
    await queue.stop({ timeoutMs: 10_000 })
    expect((await jobRow(id))?.state).toBe('completed')
  }, 60_000)

  it('stop is bounded: a job still running then is failed, to be retried after the next start', async () => {
    const name = uniqueName('stuck')
    let running = false
    const queue = await startJobQueue(db(), {
      pollingIntervalSeconds: 0.5,
      jobs: [
        {
          name,
          retryDelaySeconds: 1,
          async run() {
            running = true
            await sleep(8000)
          },
        },
      ],
    })
    const id = (await queue.send(name, {})) ?? ''
    await until(() => (running ? true : undefined))
    const t0 = Date.now()
    await queue.stop({ timeoutMs: 1000 })
    expect(Date.now() - t0).toBeLessThan(6000)
    expect((await jobRow(id))?.state).toBe('retry')
  }, 60_000)

  it('after stop, a late statement (a complete pg-boss does not await) answers "nothing affected"', async () => {
    const sql = executorFor(db())
    expect((await sql.executeSql('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    await sql.close()
    // pg-boss maps a command's answer with parseInt(rows[0].count): a row-less answer threw, unhandled
    const late = await sql.executeSql('UPDATE pgboss.job SET state = state RETURNING 1')
    expect(Number.parseInt(String(late.rows[0]?.count), 10)).toBe(0)
  })

  it('once() runs an effect once per job id, in one transaction with its record', async () => {
    const prisma = db().prisma
    const send = () =>
      once(prisma, 'a1b2', (tx) =>
        tx.outboxMail.create({ data: { to: 'a@example.com', subject: 's', body: 'b' } }),
      )
    expect((await send()).ran).toBe(true)
    expect(await send()).toEqual({ ran: false })
    expect(await prisma.outboxMail.count()).toBe(1)
    // an effect that throws leaves no record, so the retry runs it
    await expect(
      once(prisma, 'c3d4', async () => {
        throw new Error('smtp down')
      }),
    ).rejects.toThrow('smtp down')
    expect(await prisma.idempotencyKey.findUnique({ where: { key: jobRunKey('c3d4') } })).toBeNull()
  })

  it('a queue statement waits for a Prisma transaction in progress and is not part of it', async () => {
    const name = uniqueName('beside')
    const producer = await startJobQueue(db(), { work: false, jobs: [{ name, run: async () => {} }] })
    started.push(producer)
    const order: string[] = []
    let inside: () => void = () => {}
    const entered = new Promise<void>((resolve) => {
      inside = resolve
    })
    const transaction = db()
      .prisma.$transaction(async (tx) => {
        await tx.outboxMail.create({ data: { to: 'x@example.com', subject: 'rolled back', body: '' } })
        inside()
        await sleep(500)
        order.push('transaction ends')
        throw new Error('roll back')
      })
      .catch((error: Error) => error.message)
    await entered
    const id = await producer.send(name, { during: 'transaction' })
    order.push('job sent')
    expect(await transaction).toBe('roll back')
    expect(await db().prisma.outboxMail.count()).toBe(0) // the transaction rolled back…
    expect((await jobRow(id ?? ''))?.state).toBe('created') // …and the job, sent meanwhile, is kept
    if (db().kind === 'embedded') expect(order).toEqual(['transaction ends', 'job sent']) // one session
  }, 60_000)

  it('housekeeping runs at start and is scheduled every 10 minutes', async () => {
    const prisma = db().prisma
    const now = new Date()
    await prisma.idempotencyKey.createMany({
      data: [
        { key: 'old-delivery', createdAt: subDays(now, 2) },
        { key: 'new-delivery', createdAt: subHours(now, 1) },
        { key: jobRunKey('recent-job'), createdAt: subDays(now, 2) },
        { key: jobRunKey('ancient-job'), createdAt: subDays(now, 15) },
      ],
    })
    const lines: string[] = []
    const queue = await startAppJobs(db(), (line) => lines.push(line))
    started.push(queue)
    const keys = await until(async () => {
      const rows = await prisma.idempotencyKey.findMany({ orderBy: { key: 'asc' } })
      return rows.length === 2 ? rows.map((k) => k.key) : undefined
    })
    expect(keys).toEqual([jobRunKey('recent-job'), 'new-delivery'])
    // the line comes once the job's last statement is done, a little after the keys are gone
    const logged = await until(async () => lines.find((l) => l.startsWith('housekeeping:')))
    expect(logged).toBe('housekeeping: forgot 2 delivery key(s), closed 0 expired preview(s)')
    const schedules = await prisma.$queryRawUnsafe<{ name: string; cron: string }[]>(
      'SELECT name, cron FROM pgboss.schedule',
    )
    expect(schedules).toContainEqual({ name: HOUSEKEEPING, cron: '*/10 * * * *' })
  }, 60_000)
})
