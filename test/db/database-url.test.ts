// DATABASE_URL is checked before anything is created: only a PostgreSQL URL, a folder (path or file:)
// or memory:// are accepted; anything else is refused with one line naming the variable.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from '../../src/app/env.ts'
import { openDatabase } from '../../src/db/client.ts'
import { DatabaseUrlError, parseDatabaseUrl } from '../../src/db/database-url.ts'
import { msp } from '../cli/child.ts'

const tmp = mkdtempSync(join(tmpdir(), 'msp-db-url-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('parseDatabaseUrl', () => {
  it.each([
    [undefined, { kind: 'embedded', dir: resolve('./data/pglite') }],
    ['  ', { kind: 'embedded', dir: resolve('./data/pglite') }],
    ['./some/folder', { kind: 'embedded', dir: resolve('./some/folder') }],
    ['/var/lib/msp', { kind: 'embedded', dir: '/var/lib/msp' }],
    ['file:./data/x', { kind: 'embedded', dir: resolve('./data/x') }],
    ['file:///var/lib/msp', { kind: 'embedded', dir: '/var/lib/msp' }],
    ['memory://', { kind: 'memory' }],
    [
      'postgresql://u:p@db.example:5432/msp',
      { kind: 'postgres', url: 'postgresql://u:p@db.example:5432/msp' },
    ],
    ['postgres://u@localhost/msp', { kind: 'postgres', url: 'postgres://u@localhost/msp' }],
  ])('%j → %j', (value, target) => {
    expect(parseDatabaseUrl(value)).toEqual(target)
  })

  it.each([
    ['mysql://x', 'DATABASE_URL uses "mysql:", which msp-bot does not support'],
    ['sqlite:./db.sqlite', 'DATABASE_URL uses "sqlite:"'],
    ['https://db.example/', 'DATABASE_URL uses "https:"'],
    ['postgresql:/nohost', 'DATABASE_URL names no PostgreSQL host'],
    ['memory://x', 'DATABASE_URL memory:// takes nothing after it'],
    ['file:', 'DATABASE_URL file: needs a folder'],
  ])('refuses %j naming the variable', (value, message) => {
    expect(() => parseDatabaseUrl(value)).toThrow(DatabaseUrlError)
    expect(() => parseDatabaseUrl(value)).toThrow(message)
  })

  it('never echoes the rest of a refused URL (it may hold a password)', () => {
    expect(() => parseDatabaseUrl('mysql://root:hunter2@db/x')).toThrow(/^(?!.*hunter2)/)
  })

  it('parseEnv refuses it as an EnvError (one line at start-up)', () => {
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(EnvError)
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/^DATABASE_URL uses "mysql:"/)
  })

  it('openDatabase refuses it before creating anything', async () => {
    const cwd = process.cwd()
    process.chdir(tmp)
    try {
      await expect(openDatabase({ url: 'mysql://x' })).rejects.toThrow(DatabaseUrlError)
    } finally {
      process.chdir(cwd)
    }
    expect(readdirSync(tmp)).toEqual([])
  })
})

describe('the CLI with a bad DATABASE_URL', () => {
  it.each([['start'], ['export'], ['migrate']])(
    '%s: one line naming DATABASE_URL, exit 1, no folder created',
    async (command) => {
      const cwd = mkdtempSync(join(tmp, `${command}-`))
      const run = await msp([command], { cwd, env: { DATABASE_URL: 'mysql://x', PORT: '0' } })
      expect(run.code).toBe(1)
      expect(run.stdout).toBe('')
      expect(run.stderr.split('\n')).toEqual([expect.stringMatching(/^DATABASE_URL uses "mysql:"/), ''])
      expect(readdirSync(cwd)).toEqual([])
      expect(existsSync(join(cwd, 'mysql:'))).toBe(false)
    },
    60_000,
  )
})
