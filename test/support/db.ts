// One migrated database per test file, emptied before each test.
// Embedded PGlite by default; TEST_DATABASE_URL=postgresql://… runs the same tests on a server
// (each file gets its own database created from that server).
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, inject } from 'vitest'
import { type Database, openDatabase } from '../../src/db/client.ts'

async function createServerDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `msp_test_${randomUUID().replace(/-/g, '')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${name}"`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await client.end()
    },
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
  const tables = await db.prisma.$queryRaw<{ tablename: string }[]>`
    SELECT tablename::text AS tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`
  const list = tables.map((t) => `"${t.tablename}"`).join(', ')
  return {
    ...db,
    async truncate() {
      await db.prisma.$executeRawUnsafe(`TRUNCATE ${list} RESTART IDENTITY CASCADE`)
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
