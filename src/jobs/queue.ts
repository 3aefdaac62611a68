// The kept job queue: pg-boss on the app's own database (embedded PGlite or PostgreSQL). Jobs are rows in
// the `pgboss` schema, retried with backoff, and outlive the process; `once()` (once.ts) makes a job's
// effect happen once even when a crash makes the job itself run twice.
import PgBoss from 'pg-boss'
import type { Database, PrismaClient } from '../db/client.ts'
import { executorFor, type SqlExecutor, underStartLock } from './sql.ts'

export interface JobContext {
  /** pg-boss's id of the job: the same on every attempt (the key for `once`). */
  id: string
  /** 0 on the first attempt, then 1, 2, … */
  retryCount: number
  prisma: PrismaClient
  /** Whether the database runs transactions side by side (PostgreSQL; the embedded one runs one at a time). */
  concurrentTransactions: boolean
}

export interface JobDefinition<T extends object = object> {
  /** The queue's name: letters, digits, `-` and `_`. */
  name: string
  /** Attempts after the first one (default 3). */
  retryLimit?: number
  /** Delay before the first retry, doubled (with jitter) on each next one (default 10 s). */
  retryDelaySeconds?: number
  /**
   * An attempt still running after this long counts as failed (default 15 min). It is also how long a
   * job whose process died stays `active` before PostgreSQL's other processes retry it; on the embedded
   * database the next start retries it at once.
   */
  expireInSeconds?: number
  /** Run on a cron schedule too (UTC), e.g. every 10 minutes: `*\/10 * * * *`. */
  cron?: string
  run(data: T, job: JobContext): Promise<void>
}

export interface QueueStats {
  /** Jobs waiting to run: new ones and failed attempts waiting for their retry. */
  depth: number
  /** Jobs running now. */
  active: number
  /** Jobs that failed their last attempt (kept 7 days). */
  failed: number
}

export interface SendOptions {
  /** Run no earlier than this many seconds from now. */
  startAfterSeconds?: number
  /** Its own id (a UUID): sending the same id again adds nothing. */
  id?: string
}

export interface JobQueue {
  /**
   * Adds a job (kept in the database) and returns its id, or null when a job with that id exists. When
   * this process works that queue, its worker is woken to take it now, not at its next poll. On the
   * embedded database never call it from inside a Prisma interactive transaction: PGlite runs one
   * transaction at a time, so the send would wait for the very transaction that waits for it.
   */
  send(name: string, data: object, options?: SendOptions): Promise<string | null>
  /** Counts over all queues, for /metrics (one query). */
  stats(): Promise<QueueStats>
  /**
   * Stops taking jobs, waits up to `timeoutMs` (default 10 s) for those running, marks any still running
   * as failed (they are retried after the next start), and waits for the queue's last statements.
   * The database itself stays open: close it after this.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>
}

export interface StartJobQueueOptions {
  jobs: JobDefinition[]
  /** Run the jobs here (default true); false only adds and counts jobs. */
  work?: boolean
  /** How often an idle worker looks for a job (default 2 s, at least 0.5). */
  pollingIntervalSeconds?: number
  /** How often pg-boss expires stuck jobs and archives old ones (default 120 s). */
  maintenanceIntervalSeconds?: number
  log?: (line: string) => void
  /** Called after each attempt (for /metrics). */
  onFinished?: JobFinished
}

export type JobFinished = (name: string, outcome: 'completed' | 'failed', seconds: number) => void

const SCHEMA = 'pgboss'
const DEFAULTS = { retryLimit: 3, retryDelaySeconds: 10, expireInSeconds: 15 * 60 }

function queueOptions(job: JobDefinition): PgBoss.Queue {
  return {
    name: job.name,
    retryLimit: job.retryLimit ?? DEFAULTS.retryLimit,
    retryDelay: job.retryDelaySeconds ?? DEFAULTS.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: job.expireInSeconds ?? DEFAULTS.expireInSeconds,
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message
  const message = (error as { message?: unknown } | null)?.message // pg-boss's worker errors are copies
  return typeof message === 'string' ? message : String(error)
}

/**
 * Starts pg-boss on `db` (creating or migrating its `pgboss` schema), declares the queues of `jobs`
 * with their retry policy and schedules, and (unless `work: false`) runs them. On the embedded database
 * only this process can hold the data folder, so jobs left `active` by a process that died are failed
 * now and retried with their backoff instead of waiting for their expiry.
 */
export async function startJobQueue(db: Database, options: StartJobQueueOptions): Promise<JobQueue> {
  const log = options.log ?? ((line: string) => console.log(line))
  const sql: SqlExecutor = executorFor(db)
  /** The worker of each queue this process works, by queue name. */
  const workers = new Map<string, string>()
  const boss = new PgBoss({
    db: sql,
    schema: SCHEMA,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 120,
    ...(options.work === false ? { supervise: false, schedule: false } : {}),
  })
  boss.on('error', (error) => log(`job queue: ${errorText(error)}`))
  const declare = async () => {
    await boss.start()
    for (const job of options.jobs) {
      await boss.createQueue(job.name, queueOptions(job)) // adds nothing when the queue exists…
      await boss.updateQueue(job.name, queueOptions(job)) // …so its policy is brought up to date here
    }
  }
  try {
    // Several instances starting at once on one PostgreSQL database declare the queues in turn.
    if (db.driver.kind === 'postgres') await underStartLock(db.driver.url, declare)
    else await declare()
    if (options.work !== false) {
      if (db.driver.kind === 'embedded') await retryOrphans(boss, sql, log)
      for (const job of options.jobs) workers.set(job.name, await work(boss, db, job, options, log))
      for (const job of options.jobs) {
        if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' })
        else await boss.unschedule(job.name)
      }
    }
  } catch (error) {
    await boss.stop({ graceful: false, timeout: 1000 }).catch(() => {})
    await sql.close()
    throw error
  }

  let stopped: Promise<void> | undefined
  return {
    async send(name, data, sendOptions = {}) {
      const id = await boss.send(name, data, {
        ...(sendOptions.id ? { id: sendOptions.id } : {}),
        ...(sendOptions.startAfterSeconds ? { startAfter: sendOptions.startAfterSeconds } : {}),
      })
      // a job this process works starts now, not at the worker's next poll (an import right after its ack)
      const worker = workers.get(name)
      if (id && worker && !sendOptions.startAfterSeconds) boss.notifyWorker(worker)
      return id
    },
    stats: () => queueStats(sql),
    stop(stopOptions = {}) {
      stopped ??= (async () => {
        await boss.stop({ graceful: true, wait: true, timeout: stopOptions.timeoutMs ?? 10_000 })
        await sql.close()
      })()
      return stopped
    },
  }
}

async function work(
  boss: PgBoss,
  db: Database,
  job: JobDefinition,
  { pollingIntervalSeconds, onFinished }: Pick<StartJobQueueOptions, 'pollingIntervalSeconds' | 'onFinished'>,
  log: (line: string) => void,
): Promise<string> {
  return boss.work<object>(
    job.name,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: pollingIntervalSeconds ?? 2 },
    async (jobs) => {
      for (const item of jobs) {
        const started = performance.now()
        const finished = (outcome: 'completed' | 'failed') =>
          onFinished?.(job.name, outcome, (performance.now() - started) / 1000)
        try {
          await job.run(item.data ?? {}, {
            id: item.id,
            retryCount: item.retryCount,
            prisma: db.prisma,
            concurrentTransactions: db.kind === 'postgres',
          })
          finished('completed')
        } catch (error) {
          finished('failed')
          const last = item.retryCount >= item.retryLimit
          log(
            `job ${job.name} ${item.id} failed (attempt ${item.retryCount + 1} of ${item.retryLimit + 1}` +
              `${last ? ', giving up' : ', will retry'}): ${errorText(error)}`,
          )
          throw error // pg-boss records the failure and schedules the retry
        }
      }
    },
  )
}

/** Embedded only: no other process can be running these, so they were cut off by a crash. */
async function retryOrphans(boss: PgBoss, sql: SqlExecutor, log: (line: string) => void): Promise<void> {
  const { rows } = await sql.executeSql(
    `SELECT name, array_agg(id::text) AS ids FROM ${SCHEMA}.job WHERE state = 'active' GROUP BY name`,
  )
  for (const row of rows as { name: string; ids: string[] }[]) {
    await boss.fail(row.name, row.ids)
    log(`job queue: ${row.ids.length} ${row.name} job(s) cut off by a stop or crash will be retried`)
  }
}

export async function queueStats(sql: Pick<SqlExecutor, 'executeSql'>): Promise<QueueStats> {
  const ours = `name NOT LIKE '\\_\\_pgboss%'` // not pg-boss's own cron hand-off queue
  const { rows } = await sql.executeSql(`
    SELECT
      (SELECT count(*) FROM ${SCHEMA}.job WHERE ${ours} AND state IN ('created', 'retry'))::int AS depth,
      (SELECT count(*) FROM ${SCHEMA}.job WHERE ${ours} AND state = 'active')::int AS active,
      ((SELECT count(*) FROM ${SCHEMA}.job WHERE ${ours} AND state = 'failed')
        + (SELECT count(*) FROM ${SCHEMA}.archive WHERE ${ours} AND state = 'failed'))::int AS failed`)
  const row = rows[0] as { depth: number; active: number; failed: number } | undefined
  return { depth: row?.depth ?? 0, active: row?.active ?? 0, failed: row?.failed ?? 0 }
}
