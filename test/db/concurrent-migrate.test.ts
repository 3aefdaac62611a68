// Instances starting at once on a new PostgreSQL database migrate it at once. Without taking turns
// (src/db/migrate.ts, a transaction-held advisory lock) both applied the first migration and one failed
// (a unique violation), so one instance of a fresh deployment did not start. Here three opens at once on
// a fresh database, three times over: all succeed, and each migration is recorded once. And a migration
// that fails ends the open with MigrationError, its connections closed (the pool is the app's own).
import { readdirSync } from 'node:fs'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/client.ts'
import { MIGRATIONS_DIR, MigrationError } from '../../src/db/migrate.ts'
import { emptyServerDatabase } from '../support/postgres-template-database.ts'
import { until } from '../support/until.ts'

const serverUrl = process.env.POSTGRES_TEST_URL
if (!serverUrl) {
  if (process.env.CI) throw new Error('CI must set POSTGRES_TEST_URL (see .ci/run) to test migrations on it')
  console.log('Skipping the concurrent migration test: POSTGRES_TEST_URL is not set.')
}

const drops: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const drop of drops) await drop()
})

async function freshDatabase(server: string): Promise<string> {
  const { url, drop } = await emptyServerDatabase(server, 'msp_migrate')
  drops.push(drop)
  return url
}

describe.skipIf(!serverUrl)('a new PostgreSQL database opened by several instances at once', () => {
  it('every open succeeds; each migration is applied and recorded once', async () => {
    const migrations = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
    for (let round = 0; round < 3; round++) {
      const url = await freshDatabase(serverUrl ?? '')
      const opened = await Promise.all([1, 2, 3].map(() => openDatabase({ url })))
      try {
        expect(opened.flatMap((db) => db.appliedMigrations).sort()).toEqual(migrations) // each by one of them
        const recorded = await opened[0]?.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
          `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
        )
        expect(recorded?.map((r) => r.migration_name)).toEqual(migrations)
      } finally {
        for (const db of opened) await db.close()
      }
    }
  }, 120_000)
})

describe.skipIf(!serverUrl)('a migration that fails on PostgreSQL', () => {
  it('openDatabase throws MigrationError and leaves no connection open', async () => {
    const url = await freshDatabase(serverUrl ?? '')
    const blocker = new pg.Client({ connectionString: url })
    await blocker.connect()
    try {
      // a table of the first migration's name already there: its CREATE TABLE fails
      await blocker.query('CREATE TABLE "Customer" (id int)')
      const error = await openDatabase({ url }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(MigrationError)
      // closed, not left idle in the pool (its idle clients would stay 10 s); a backend ends a moment after
      // its client closes, so this polls for less than that
      await until(async () => {
        const others = await blocker.query(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        )
        return others.rows[0].n === 0
      }, 5_000)
    } finally {
      await blocker.end()
    }
  })
})
