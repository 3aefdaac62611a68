// The admin socket's server side in-process (src/app/admin-socket.ts): what it answers to bad requests, a
// snapshot refused by the server itself, concurrent exports, a live socket it must not replace, a path too
// long to bind, and close() waiting for a running command before removing the socket file.
import { spawn } from 'node:child_process'
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AdminResponse, openAdminSocket, startAdminSocket } from '../../src/app/admin-socket.ts'
import { type Database, openDatabase } from '../../src/db/client.ts'
import { MIGRATIONS_DIR } from '../../src/db/migrate.ts'
import { migrationStatus } from '../../src/db/migration-status.ts'
import { importSnapshot } from '../../src/services/snapshot/import-snapshot.ts'
import { ROOT } from './child.ts'

const tmp = mkdtempSync(join(tmpdir(), 'msp-admin-proto-'))
const demo = JSON.parse(readFileSync(join(ROOT, 'examples/demo-snapshot.json'), 'utf8'))
let db: Database

beforeAll(async () => {
  db = await openDatabase({ url: 'memory://' })
  const loaded = await importSnapshot(db.prisma, demo)
  expect(loaded.ok).toBe(true)
}, 60_000)
afterAll(async () => {
  await db?.close()
  rmSync(tmp, { recursive: true, force: true })
})

/** Sends raw request bytes; resolves to the header and the body after it. */
function ask(path: string, raw: string): Promise<{ response: AdminResponse; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(path)
    const chunks: Buffer[] = []
    socket.on('error', reject)
    socket.on('connect', () => socket.write(raw))
    socket.on('data', (c: Buffer) => chunks.push(c))
    socket.on('end', () => {
      const all = Buffer.concat(chunks).toString('utf8')
      const newline = all.indexOf('\n')
      resolve({ response: JSON.parse(all.slice(0, newline)), body: all.slice(newline + 1) })
    })
  })
}

describe('admin socket server', () => {
  it('answers bad requests with an error line and keeps serving', async () => {
    const path = join(tmp, 'bad.sock')
    const admin = await startAdminSocket(db, path)
    try {
      expect((await ask(path, 'not json\n')).response).toEqual({
        ok: false,
        error: 'the request is not JSON',
      })
      expect((await ask(path, '{"command":"drop"}\n')).response).toEqual({
        ok: false,
        error: 'unknown command "drop"',
      })
      expect((await ask(path, '{"command":"import"}\n')).response).toMatchObject({ ok: false })
      const status = await ask(path, '{"command":"migrate status"}\n')
      expect(status.response).toMatchObject({ ok: true, command: 'migrate status', pending: [] })
    } finally {
      await admin.close()
    }
    expect(existsSync(path)).toBe(false)
  })

  it('refuses a bad snapshot with its problems (checked by the server too) and changes nothing', async () => {
    const path = join(tmp, 'import.sock')
    const admin = await startAdminSocket(db, path)
    try {
      const bad = structuredClone(demo)
      bad.groups[0].customers.push('Nobody Inc')
      const { response } = await ask(
        path,
        `${JSON.stringify({ command: 'import', args: { snapshot: bad } })}\n`,
      )
      expect(response.ok).toBe(false)
      expect('problems' in response && response.problems).toEqual([
        expect.objectContaining({ problem: { code: 'snapshot.unknownCustomer', customer: 'Nobody Inc' } }),
      ])
      expect(await db.prisma.customer.count()).toBe(demo.customers.length)
    } finally {
      await admin.close()
    }
  })

  it('streams whole exports to several clients at once, each exactly `bytes` long', async () => {
    const path = join(tmp, 'export.sock')
    const admin = await startAdminSocket(db, path)
    try {
      const answers = await Promise.all(Array.from({ length: 4 }, () => ask(path, '{"command":"export"}\n')))
      for (const { response, body } of answers) {
        expect(response).toMatchObject({ ok: true, command: 'export', database: expect.any(String) })
        expect(response.ok && response.command === 'export' && response.bytes).toBe(Buffer.byteLength(body))
        expect(JSON.parse(body)).toEqual(demo)
      }
    } finally {
      await admin.close()
    }
  })

  it('does not replace a socket another process answers on; replaces one left by a killed process', async () => {
    const live = join(tmp, 'live.sock')
    const other = createServer((s) => s.end())
    await new Promise<void>((resolve) => other.listen(live, resolve))
    try {
      await expect(startAdminSocket(db, live)).rejects.toThrow(/another process already serves/)
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()))
    }
    // What kill -9 leaves: a socket file nobody listens on.
    const stale = join(tmp, 'stale.sock')
    const holder = spawn(process.execPath, [
      '-e',
      `require('node:net').createServer().listen(${JSON.stringify(stale)}, () => console.log('up'))`,
    ])
    await new Promise((resolve) => holder.stdout.once('data', resolve))
    holder.kill('SIGKILL')
    await new Promise((resolve) => holder.once('close', resolve))
    expect(lstatSync(stale).isSocket()).toBe(true)
    const admin = await startAdminSocket(db, stale)
    try {
      expect((await ask(stale, '{"command":"migrate status"}\n')).response).toMatchObject({ ok: true })
    } finally {
      await admin.close()
    }
  })

  it('close() lets a running import finish before closing; the socket file goes', async () => {
    const path = join(tmp, 'close.sock')
    const admin = await startAdminSocket(db, path)
    const changed = structuredClone(demo)
    changed.settings.maxGroupsPerUser = 7
    const importing = ask(path, `${JSON.stringify({ command: 'import', args: { snapshot: changed } })}\n`)
    while (admin.running() === 0) await new Promise((resolve) => setTimeout(resolve, 1))
    await admin.close()
    expect((await importing).response).toMatchObject({ ok: true, command: 'import' })
    expect(existsSync(path)).toBe(false)
    expect((await db.prisma.setting.findUnique({ where: { id: 1 } }))?.maxGroupsPerUser).toBe(7)
  })

  it('migrate status lists a migration the database has not applied as pending', async () => {
    const dir = join(tmp, 'migrations')
    cpSync(MIGRATIONS_DIR, dir, { recursive: true })
    mkdirSync(join(dir, '29991231000000_later'))
    writeFileSync(join(dir, '29991231000000_later', 'migration.sql'), 'SELECT 1;')
    const status = await migrationStatus(db.prisma, dir)
    expect(status.pending).toEqual(['29991231000000_later'])
    expect(status.applied.length).toBeGreaterThan(0)
    expect(await migrationStatus(db.prisma)).toEqual({ applied: status.applied, pending: [] })
  })

  it('openAdminSocket logs and serves nothing when the path is too long to bind; memory:// serves nothing', async () => {
    const lines: string[] = []
    const deep = join(tmp, 'x'.repeat(100))
    mkdirSync(deep)
    const admin = await openAdminSocket({ db: { ...db, location: deep }, log: (l) => lines.push(l) })
    expect(admin.path).toBeNull()
    expect(lines.join('\n')).toMatch(
      /CLI commands cannot reach this process \(the socket path .* is longer than 107 bytes\)/,
    )
    await admin.close()
    expect((await openAdminSocket({ db })).path).toBeNull()
  })
})
