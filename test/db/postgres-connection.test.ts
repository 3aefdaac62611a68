// The PostgreSQL path fails clearly and quietly: a server it cannot use is named in one line (host, port,
// database, user — never the password — and what to check), and migrate/import/export print nothing on
// stderr (pg warns, and pg 9 will fail, when a second query is sent on a client still running one).
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/client.ts'
import { DatabaseConnectionError } from '../../src/db/postgres.ts'
import { msp, ROOT } from '../cli/child.ts'
import { closedPort } from './closed-port.ts'

const serverUrl = process.env.POSTGRES_TEST_URL
if (!serverUrl && process.env.CI) throw new Error('CI must set POSTGRES_TEST_URL (see .ci/run)')

describe('PostgreSQL connection failures', () => {
  it('a closed port: one line naming host, port, database and user, never the password', async () => {
    const port = await closedPort()
    const url = `postgresql://alice:hunter2@127.0.0.1:${port}/books`
    const attempt = openDatabase({ url })
    await expect(attempt).rejects.toThrow(DatabaseConnectionError)
    const message = await attempt.then(
      () => '',
      (error: Error) => error.message,
    )
    expect(message).toBe(
      `Cannot reach PostgreSQL at 127.0.0.1:${port} (database "books", user "alice"): connection refused. ` +
        'Check that the server is running and that DATABASE_URL names its host and port.',
    )
    expect(message).not.toContain('hunter2')
  })

  it('the CLI prints just that line and exits 1', async () => {
    const port = await closedPort()
    const run = await msp(['export'], {
      env: { DATABASE_URL: `postgresql://alice:hunter2@127.0.0.1:${port}/books` },
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe(
      `Cannot reach PostgreSQL at 127.0.0.1:${port} (database "books", user "alice"): connection refused. ` +
        'Check that the server is running and that DATABASE_URL names its host and port.\n',
    )
  }, 60_000)
})

describe.skipIf(!serverUrl)('on the test PostgreSQL server', () => {
  const admin = new pg.Client({ connectionString: serverUrl })
  const name = `msp_pipe_${randomUUID().replaceAll('-', '').slice(0, 12)}`
  const url = (() => {
    if (!serverUrl) return ''
    const u = new URL(serverUrl)
    u.pathname = `/${name}`
    return u.toString()
  })()
  const server = serverUrl ? new URL(serverUrl) : undefined

  beforeAll(async () => {
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
  })
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  })

  it('a database that does not exist: one line naming it and how to create it', async () => {
    const missing = new URL(url)
    missing.pathname = '/no_such_database_here'
    await expect(openDatabase({ url: missing.toString() })).rejects.toThrow(
      `PostgreSQL at ${server?.hostname}:${server?.port || 5432} (database "no_such_database_here", user "${decodeURIComponent(server?.username || 'postgres')}"): the database "no_such_database_here" does not exist. Create it (createdb`,
    )
  })

  it('a user the server refuses: one line naming the user and what to check', async () => {
    const stranger = new URL(url)
    stranger.username = 'no_such_role_here'
    stranger.password = 'hunter2'
    const attempt = openDatabase({ url: stranger.toString() })
    await expect(attempt).rejects.toThrow(DatabaseConnectionError)
    await expect(attempt).rejects.toThrow(
      /user "no_such_role_here"\) refused the login .*Check the user and password/,
    )
    await expect(attempt).rejects.not.toThrow(/hunter2/)
  })

  it('migrate, import and export write nothing on stderr (no concurrent queries on one pg client)', async () => {
    const env = { DATABASE_URL: url }
    const migrate = await msp(['migrate'], { env })
    expect(migrate.stderr).toBe('')
    expect(migrate.code).toBe(0)
    const imported = await msp(['import', join(ROOT, 'examples/demo-snapshot.json')], { env })
    expect(imported.stderr).toBe('')
    expect(imported.code).toBe(0)
    const exported = await msp(['export'], { env })
    expect(exported.stderr).toBe('')
    expect(exported.code).toBe(0)
    expect(JSON.parse(exported.stdout).customers.length).toBeGreaterThan(0)
    const again = await msp(['migrate'], { env })
    expect(again.stderr).toBe('')
    expect(again.stdout).toContain('up to date')
  }, 120_000)
})
