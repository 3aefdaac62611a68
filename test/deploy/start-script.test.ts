// bin/start.sh (`npm start`, the Slack CLI's start hook) execs node with the app: with V8's young generation
// capped on a PostgreSQL server only. Run here with a stand-in `node` first on PATH that prints its arguments;
// the bench's copy of that choice (bench/start-flags.ts) is held to it.
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startNodeOptions } from '../../bench/start-flags.ts'
import { ROOT } from '../cli/child.ts'

const shims = mkdtempSync(join(tmpdir(), 'msp-start-'))
writeFileSync(join(shims, 'node'), '#!/bin/sh\necho "$@"\n')
chmodSync(join(shims, 'node'), 0o755)
afterAll(() => rmSync(shims, { recursive: true, force: true }))

function nodeArgs(env: Record<string, string>): string {
  const run = spawnSync('sh', ['bin/start.sh'], {
    cwd: ROOT,
    env: { PATH: `${shims}:${process.env.PATH}`, ...env },
    encoding: 'utf8',
  })
  expect(run.status, run.stderr).toBe(0)
  return run.stdout.trim()
}

describe('bin/start.sh', () => {
  it('caps the young generation on a PostgreSQL server', () => {
    for (const url of ['postgres://u@db/msp', 'postgresql://u:p@db:5432/msp'])
      expect(nodeArgs({ DATABASE_URL: url })).toBe('--max-semi-space-size=2 bin/msp-bot.js start')
  })

  it("keeps node's defaults on the embedded database", () => {
    expect(nodeArgs({})).toBe('bin/msp-bot.js start')
    expect(nodeArgs({ DATABASE_URL: './data/msp-bot' })).toBe('bin/msp-bot.js start')
    expect(nodeArgs({ DATABASE_URL: 'memory://' })).toBe('bin/msp-bot.js start')
  })

  it('gives the options the bench starts its app processes with (bench/start-flags.ts keeps a copy)', () => {
    for (const url of [
      'postgres://u@db/msp',
      'postgresql://u:p@db:5432/msp',
      './data/msp-bot',
      'memory://',
    ]) {
      const options = nodeArgs({ DATABASE_URL: url }).replace(/ ?bin\/msp-bot\.js start$/, '')
      expect(startNodeOptions(url).join(' ')).toBe(options)
    }
  })
})
