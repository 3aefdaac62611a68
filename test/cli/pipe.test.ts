// The CLI in a pipe: `export > file.json` gives pure JSON — through the bin (bin/msp-bot.js, one process)
// and through `npm run -s cli -- export` (-s keeps npm's banner off stdout); progress goes to stderr.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { msp, ROOT, start } from './child.ts'

const tmp = mkdtempSync(join(tmpdir(), 'msp-pipe-'))
const env = { DATABASE_URL: join(tmp, 'db') }
const demo = JSON.parse(readFileSync(join(ROOT, 'examples/demo-snapshot.json'), 'utf8'))

beforeAll(async () => {
  const imported = await msp(['import', join(ROOT, 'examples/demo-snapshot.json')], { env })
  expect(imported.code).toBe(0)
}, 90_000)
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('export in a pipe', () => {
  it('bin/msp-bot.js export: stdout is exactly the snapshot JSON', async () => {
    const run = await msp(['export'], { env })
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)).toEqual(demo)
  }, 60_000)

  it('npm run -s cli -- export: stdout is exactly the snapshot JSON (no npm banner)', async () => {
    const run = await start('npm', ['run', '-s', 'cli', '--', 'export'], { cwd: ROOT, env }).done
    expect(run.code).toBe(0)
    expect(run.stdout.startsWith('{')).toBe(true)
    expect(JSON.parse(run.stdout)).toEqual(demo)
  }, 60_000)

  it('package.json declares the msp-bot bin, and it runs as a command', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    expect(pkg.bin).toEqual({ 'msp-bot': 'bin/msp-bot.js' })
    const run = await start(join(ROOT, 'bin/msp-bot.js'), ['help'], { cwd: tmp, env }).done
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Usage: msp-bot <command>/)
  }, 60_000)
})
