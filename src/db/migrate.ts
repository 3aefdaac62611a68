// In-process equivalent of `prisma migrate deploy` over any driver adapter (the CLI's engine
// needs a server and lingers on a 10 s timer). Compatible with `prisma migrate status`.
import { createHash, randomUUID } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url))

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY NOT NULL,
 "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL,
 "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
 "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`

/** The lock instances starting at once on one PostgreSQL database take turns on to migrate it. */
export const MIGRATION_LOCK = 7304

/**
 * On PostgreSQL: a transaction of its own (one connection of the pool) holding MIGRATION_LOCK until the
 * returned release — or until the server ends the session of a process that died. Without it, two
 * instances starting on a new database both applied the first migration and one of them failed. The
 * embedded database has one process (the data folder is locked), so nothing is taken there.
 */
async function takeTurns(db: SqlDriverAdapter): Promise<() => Promise<void>> {
  if (!db.adapterName.startsWith('@prisma/adapter-pg')) return async () => {}
  const holder = await db.startTransaction()
  try {
    await holder.executeRaw({
      sql: `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`,
      args: [],
      argTypes: [],
    })
  } catch (error) {
    await end(holder).catch(() => {})
    throw error
  }
  return () => end(holder) // it wrote nothing; ending it releases the lock
}

/**
 * Ends an adapter's transaction: the adapter's rollback() only hands the connection back (Prisma sends the
 * ROLLBACK itself), and the pool is shared with the app's client, so the next query would run in it.
 */
async function end(transaction: Transaction): Promise<void> {
  try {
    await transaction.executeRaw({ sql: 'ROLLBACK', args: [], argTypes: [] })
  } finally {
    await transaction.rollback()
  }
}

/** A migration that failed: its name, the database's message and (when it gave one) its SQLSTATE code. */
export class MigrationError extends Error {
  readonly code: string | undefined
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    const e = cause as { message?: unknown; code?: unknown; cause?: { code?: unknown } }
    super(`migration ${migration} failed: ${typeof e?.message === 'string' ? e.message : String(cause)}`, {
      cause,
    })
    this.name = 'MigrationError'
    const code = e?.cause?.code ?? e?.code // a driver adapter's error carries the SQLSTATE in its cause
    this.code = typeof code === 'string' ? code : undefined
  }
}

/** Applies every migration not yet applied, each in its own transaction. Returns the names applied. */
export async function migrate(factory: SqlDriverAdapterFactory, dir = MIGRATIONS_DIR): Promise<string[]> {
  const db = await factory.connect()
  const appliedNow: string[] = []
  const release = await takeTurns(db).catch(async (error: unknown) => {
    await db.dispose()
    throw error
  })
  try {
    await db.executeScript(MIGRATIONS_TABLE)
    const done = await db.queryRaw({
      sql: `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      args: [],
      argTypes: [],
    })
    const applied = new Map(done.rows.map((r) => [String(r[0]), String(r[1])]))
    const names = readdirSync(dir)
      .filter((n) => existsSync(`${dir}/${n}/migration.sql`))
      .sort()
    for (const name of names) {
      const sql = readFileSync(`${dir}/${name}/migration.sql`, 'utf8')
      const checksum = createHash('sha256').update(sql).digest('hex')
      const previous = applied.get(name)
      if (previous !== undefined) {
        if (previous !== checksum) throw new Error(`migration ${name} was changed after it was applied`)
        continue
      }
      const now = literal(new Date().toISOString())
      try {
        await db.executeScript(`BEGIN;\n${sql}\n;INSERT INTO "_prisma_migrations" (id, checksum, migration_name,
          started_at, finished_at, applied_steps_count) VALUES (${literal(randomUUID())}, ${literal(checksum)},
          ${literal(name)}, ${now}, ${now}, 1);\nCOMMIT;`)
      } catch (error) {
        await db.executeScript('ROLLBACK').catch(() => {}) // the failed script leaves its transaction open
        throw new MigrationError(name, error)
      }
      appliedNow.push(name)
    }
  } finally {
    await release().catch(() => {})
    await db.dispose()
  }
  return appliedNow
}
