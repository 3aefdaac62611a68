// The compiled app (dist/, `npm run build`, run by `npm install` too): `npm start` runs it when it is at
// least as new as src/ (bin/compiled.js). Started as the bin would run it — `node dist/cli/main.js start`,
// sandbox mode on an in-memory database — it answers /healthz, serves the sandbox page with the assets the
// build copies, and answers `/msp help` (the subcommands are found by scanning dist/'s folder, and the
// emulator checks the app's Slack calls against slack-specs/ found from dist/). Everything else tests the
// sources. CI builds at `npm ci`; locally the test is skipped, saying why, when dist/ is missing or stale.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compiledIsFresh } from '../../bin/compiled.js'
import { ROOT, type Started, start } from '../cli/child.ts'
import { until } from '../support/until.ts'

const SANDBOX_LINE = /Sandbox: http:\/\/localhost:(\d+)\//
const fresh = compiledIsFresh()
if (!fresh && process.env.CI)
  throw new Error('dist/ is missing or older than src/ in CI: npm ci should have built it (postinstall)')
if (!fresh)
  console.log('compiled-start: skipped, dist/ is missing or older than src/ (npm run build makes it)')

describe.skipIf(!fresh)('the compiled app', () => {
  let run: Started
  let base = ''
  beforeAll(async () => {
    run = start(process.execPath, ['dist/cli/main.js', 'start'], {
      cwd: ROOT,
      env: { DATABASE_URL: 'memory://', PORT: '0' },
    })
    const printed = await run.waitFor(SANDBOX_LINE, 120_000)
    base = `http://127.0.0.1:${SANDBOX_LINE.exec(printed)?.[1]}`
  }, 150_000)
  afterAll(async () => {
    if (!run) return
    run.child.kill('SIGTERM')
    const result = await run.done
    expect(result.code, run.output()).toBe(0)
  })

  it("reads Prisma's query compiler from a .wasm file, not a base64 module kept in the heap", () => {
    const client = join(ROOT, 'dist', 'generated', 'prisma', 'internal')
    expect(readFileSync(join(client, 'class.js'), 'utf8')).not.toContain('wasm-base64')
    const wasm = readFileSync(join(client, 'query_compiler_bg.postgresql.wasm'))
    expect(wasm.subarray(0, 4).toString('latin1')).toBe('\0asm')
  })

  it('answers /healthz, serves the page and its copied assets, and runs /msp help', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
    expect(await (await fetch(`${base}/`)).text()).toContain('/msp')
    const script = await fetch(`${base}/sandbox/client.js`)
    expect(script.status).toBe(200)
    expect((await script.text()).length).toBeGreaterThan(100)
    expect((await fetch(`${base}/sandbox/style.css`)).status).toBe(200)

    const sent = await fetch(`${base}/sandbox/do/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sandbox': '1' },
      body: JSON.stringify({ channelId: 'C0SANDBOX', text: '/msp help' }),
    })
    expect(sent.status, await sent.text()).toBe(200)
    const state = await until(async () => {
      const text = await (await fetch(`${base}/sandbox/state?tab=C0SANDBOX`)).text()
      return text.includes('/msp customers') ? text : undefined
    }, 60_000)
    expect(state).toContain('/msp groups')
    expect(run.output()).not.toMatch(/spec (violation|error)/i)
  }, 90_000)
})
