// The CLI beside the running bot on the embedded database: `node bin/msp-bot.js start` holds the data
// folder and serves export, import and migrate status on <folder>/admin.sock; the CLI goes through it
// (never a second database client), the app keeps serving, another user's socket is refused in one line,
// and a socket left by kill -9 is replaced at the next start.
import { chownSync, existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { msp, ROOT, type Started, start } from './child.ts'

const tmp = mkdtempSync(join(tmpdir(), 'msp-admin-'))
const dataDir = join(tmp, 'db')
const socketPath = join(dataDir, 'admin.sock')
const env = { DATABASE_URL: dataDir }
const demo = JSON.parse(readFileSync(join(ROOT, 'examples/demo-snapshot.json'), 'utf8'))

let app: Started
let port: string

async function startApp(): Promise<Started> {
  const started = start(process.execPath, ['bin/msp-bot.js', 'start'], { env: { ...env, PORT: '0' } })
  const printed = await started.waitFor(/localhost:(\d+)\/healthz/, 90_000)
  port = /localhost:(\d+)\/healthz/.exec(printed)?.[1] ?? ''
  return started
}

async function health(): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`)
  expect(res.status).toBe(200)
  return res.json()
}

beforeAll(async () => {
  app = await startApp()
}, 120_000)

afterAll(async () => {
  if (app.child.exitCode === null && app.child.signalCode === null) {
    app.child.kill('SIGTERM')
    await app.done
  }
  rmSync(tmp, { recursive: true, force: true })
}, 30_000)

describe('CLI commands while the bot holds the embedded database', () => {
  it('the socket is inside the data folder, a socket, readable and writable by its owner only', () => {
    const stat = lstatSync(socketPath)
    expect(stat.isSocket()).toBe(true)
    expect(stat.mode & 0o777).toBe(0o600)
    expect(stat.uid).toBe(process.getuid?.())
  })

  it('export: stdout is exactly the snapshot the app holds; the app keeps serving', async () => {
    const run = await msp(['export'], { env })
    expect(run.stderr).toContain(`through the running msp-bot (process ${app.child.pid})`)
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual(demo) // the app loaded the demo book into its empty folder
    expect(await health()).toEqual({ ok: true, database: 'reachable' })
  }, 60_000)

  it('import a changed snapshot: the running app has it, a following export shows it, /healthz stays ok', async () => {
    const changed = structuredClone(demo)
    changed.customers.push({
      name: 'Zz Imported',
      dataCenter: 'eu',
      directUsers: [],
      alertGroups: [],
      subscriptionsPurchased: 2,
    })
    changed.settings.maxGroupsPerUser = 9
    const file = join(tmp, 'changed.json')
    writeFileSync(file, JSON.stringify(changed))
    const imported = await msp(['import', file], { env })
    expect(imported.stderr).toContain(`through the running msp-bot (process ${app.child.pid})`)
    expect(imported.code).toBe(0)
    expect(imported.stdout).toMatch(/^Imported .* into the embedded database at .*: .*6 customers/)
    expect(await health()).toEqual({ ok: true, database: 'reachable' })

    const out = join(tmp, 'after.json')
    const exported = await msp(['export', out], { env })
    expect(exported.code).toBe(0)
    const after = JSON.parse(readFileSync(out, 'utf8'))
    expect(after).toEqual(changed) // exactly what was imported (Zz sorts last, as exports sort)
    expect(app.child.exitCode).toBeNull()
  }, 90_000)

  it('a bad snapshot is refused with its problems; the running app is unchanged', async () => {
    const bad = structuredClone(demo)
    bad.groups[0].customers.push('No Such Customer')
    const file = join(tmp, 'bad.json')
    writeFileSync(file, JSON.stringify(bad))
    const run = await msp(['import', file], { env })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('nothing was imported')
    expect(run.stderr).toContain('unknown customer "No Such Customer"')
    const exported = await msp(['export'], { env })
    expect(JSON.parse(exported.stdout).customers.map((c: { name: string }) => c.name)).toContain(
      'Zz Imported',
    )
  }, 60_000)

  it('migrate status and migrate answer through the app: up to date, exit 0', async () => {
    const status = await msp(['migrate', 'status'], { env })
    expect(status.code).toBe(0)
    expect(status.stdout).toMatch(
      /^The database is up to date \(\d+ migrations? applied\): embedded database at /,
    )
    expect(status.stderr).toContain(`running msp-bot (process ${app.child.pid})`)
    const migrate = await msp(['migrate'], { env })
    expect(migrate.code).toBe(0)
    expect(migrate.stdout).toMatch(/^The database is up to date/)
  }, 60_000)

  it('refuses cleanly when the socket belongs to another user: one line naming the process and what to do', async (context) => {
    if (process.getuid?.() !== 0) {
      console.log('skipped: giving the socket to another uid needs root (chown)')
      context.skip()
    }
    chownSync(socketPath, 4242, 4242)
    try {
      for (const args of [['export'], ['import', join(tmp, 'changed.json')]]) {
        const run = await msp(args, { env })
        expect(run.code).toBe(1)
        expect(run.stdout).toBe('')
        const lines = run.stderr.trim().split('\n')
        expect(lines).toHaveLength(1)
        expect(lines[0]).toContain(`held by process ${app.child.pid}`)
        expect(lines[0]).toContain('of another user')
        expect(lines[0]).toContain('uid 4242')
        expect(lines[0]).toContain('run this command as that user')
      }
    } finally {
      chownSync(socketPath, 0, 0)
    }
    expect(await health()).toEqual({ ok: true, database: 'reachable' })
  }, 90_000)

  it('a socket left by kill -9 is replaced at the next start; SIGTERM removes it', async () => {
    app.child.kill('SIGKILL')
    await app.done
    expect(lstatSync(socketPath).isSocket()).toBe(true) // left behind, nobody answers on it

    app = await startApp()
    const run = await msp(['export'], { env })
    expect(run.code).toBe(0)
    expect(run.stderr).toContain(`through the running msp-bot (process ${app.child.pid})`)
    expect(JSON.parse(run.stdout).customers.map((c: { name: string }) => c.name)).toContain('Zz Imported')

    app.child.kill('SIGTERM')
    expect((await app.done).code).toBe(0)
    expect(existsSync(socketPath)).toBe(false)
    expect(existsSync(`${dataDir}.lock`)).toBe(false)

    // Nobody holds the folder now: the CLI opens it itself, as before.
    const direct = await msp(['export'], { env })
    expect(direct.code).toBe(0)
    expect(direct.stderr).toBe('')
    expect(JSON.parse(direct.stdout).customers).toHaveLength(demo.customers.length + 1)
  }, 180_000)
})
