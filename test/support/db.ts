// One migrated database per test file, emptied before each test.
// Embedded PGlite by default (a copy of the run's migrated template); TEST_DATABASE_URL=postgresql://… runs
// the same tests on a server (each file gets its own database there, a copy of the run's migrated template
// when vitest.config.ts's PostgreSQL pass made one).
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, beforeEach, inject } from 'vitest'
import { type Database, openDatabase } from '../../src/db/client.ts'
import { emptyingScript } from './empty-database.ts'
import { databaseUrl, onServer } from './postgres-template-database.ts'

/**
 * A fresh database on the server: a copy of the run's migrated template when the PostgreSQL pass made one
 * for this server (test/support/postgres-template-database.ts), else an empty one that openDatabase migrates.
 */
async function createServerDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `msp_test_${randomUUID().replace(/-/g, '')}`
  const template = serverUrl === process.env.TEST_DATABASE_URL ? inject('postgresTemplate') : undefined
  await onServer(serverUrl, (c) =>
    c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`),
  )
  return {
    url: databaseUrl(serverUrl, name),
    drop: () =>
      onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  }
}

export type TestDatabase = Database & { truncate(): Promise<void> }

/** The run's migrated embedded database (test/support/template-database.ts), read once per test file. */
let template: Blob | undefined
function migratedTemplate(): Blob {
  template ??= new Blob([readFileSync(inject('templateDatabase'))])
  return template
}

export async function openTestDatabase(serverUrl = process.env.TEST_DATABASE_URL): Promise<TestDatabase> {
  const server = serverUrl ? await createServerDatabase(serverUrl) : undefined
  const db = server
    ? await openDatabase({ url: server.url })
    : await openDatabase({ url: 'memory://', copyOf: migratedTemplate() })
  const empty = await emptyingScript(db.prisma, db.kind)
  return {
    ...db,
    async truncate() {
      await db.prisma.$executeRawUnsafe(empty)
    },
    async close() {
      await db.close()
      await server?.drop()
    },
  }
}

/** Registers hooks: `db()` returns the file's database, emptied before each test. */
export function useTestDatabase(): () => TestDatabase {
  let db: TestDatabase | undefined
  beforeAll(async () => {
    db = await openTestDatabase()
  })
  beforeEach(async () => {
    await db?.truncate()
  })
  afterAll(async () => {
    await db?.close()
  })
  return () => {
    if (!db) throw new Error('test database not open yet')
    return db
  }
}
