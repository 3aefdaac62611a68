// The SQL the job queue runs, on the app's own database: pg-boss takes any object with
// `executeSql(text, values)` as its `db`. On the embedded database that is the app's one PGlite session
// (shared with Prisma); on PostgreSQL a small pool of its own.
import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import type { Database } from '../db/client.ts'

export interface SqlResult {
  rows: Record<string, unknown>[]
}

export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<SqlResult>
  /** Waits for the statements already started (a job's `complete` is sent without being awaited). */
  drain(): Promise<void>
  /**
   * Drains, then drops every later statement (answering "nothing affected"): a job that overran the bounded stop
   * has been marked failed already, and its late `complete` must not reach a closed database.
   */
  close(): Promise<void>
}

// pg-boss sends its maintenance and schema changes as one script `BEGIN; …; COMMIT;`. Run as a plain
// multi-statement query, a failing statement would leave the session inside an aborted transaction — on
// PGlite that session is Prisma's too. So the script runs as a real transaction (rolled back on error).
const SCRIPT_IN_TRANSACTION = /^\s*BEGIN;([\s\S]*)COMMIT;\s*$/

/** Counts the statements under way so `drain()` can wait for them; none run after `close()`. */
function tracked(run: (text: string, values: unknown[]) => Promise<SqlResult>) {
  const running = new Set<Promise<unknown>>()
  let closed = false
  const drain = async () => {
    while (running.size > 0) await Promise.all([...running])
  }
  return {
    executeSql(text: string, values: unknown[] = []): Promise<SqlResult> {
      // pg-boss reads `rows[0].count` of a late `complete` it does not await: one row, nothing affected
      if (closed) return Promise.resolve({ rows: [{ count: 0 }] })
      const done = run(text, values)
      const settled = done.then(
        () => undefined,
        () => undefined,
      )
      running.add(settled)
      void settled.then(() => running.delete(settled))
      return done
    },
    drain,
    async close() {
      await drain()
      closed = true
    },
  }
}

/**
 * On PGlite: `query`, `exec` and `transaction` share one mutex, so a statement from the queue waits while
 * a Prisma interactive transaction (PGlite `transaction()`) holds it, and never becomes part of it.
 */
export function pgliteExecutor(pglite: PGlite): SqlExecutor {
  const { executeSql, drain, close } = tracked(async (text, values) => {
    const script = SCRIPT_IN_TRANSACTION.exec(text)
    if (script) {
      const results = await pglite.transaction((tx) => tx.exec(script[1] ?? ''))
      return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] }
    }
    const result = await pglite.query<Record<string, unknown>>(text, values)
    return { rows: result.rows }
  })
  return { executeSql, drain, close } // the database itself is closed by its owner
}

/** On PostgreSQL: a pool of `max` connections of the queue's own (pg-boss polls and locks rows). */
export function poolExecutor(url: string, max = 3): SqlExecutor {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'msp-bot jobs' })
  pool.on('error', () => {}) // an idle connection dropped by the server: the pool replaces it
  const { executeSql, drain, close } = tracked(async (text, values) => {
    const script = SCRIPT_IN_TRANSACTION.exec(text)
    if (!script) return { rows: (await pool.query(text, values)).rows }
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      const result = (await client.query(script[1] ?? '')) as unknown as pg.QueryResult | pg.QueryResult[]
      await client.query('COMMIT')
      return { rows: Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      client.release()
    }
  })
  return {
    executeSql,
    drain,
    async close() {
      await close()
      await pool.end()
    },
  }
}

export function executorFor(db: Database): SqlExecutor {
  return db.driver.kind === 'embedded' ? pgliteExecutor(db.driver.pglite) : poolExecutor(db.driver.url)
}

/** The key of the session lock instances take turns on while they declare the queue (see underStartLock). */
export const QUEUE_START_LOCK = 7303

/**
 * Runs `work` holding a PostgreSQL session advisory lock on a connection of its own: instances starting at
 * once on one database would otherwise create pg-boss's schema and the same queues at once, and the
 * server may end one of them with `deadlock detected`. The lock goes with the session: released when done,
 * or by the server when the process dies.
 */
export async function underStartLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'msp-bot jobs start' })
  client.on('error', () => {}) // a dropped connection shows in the query that used it
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [QUEUE_START_LOCK])
    return await work()
  } finally {
    await client.end().catch(() => {}) // ending the session releases the lock
  }
}
