// `demo`: the generated book written into the database the CLI opens (here an embedded data folder), run
// in-process through runCli as the command line does; a non-empty book is refused unless --replace.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseDemoArgs } from '../../src/cli/commands/demo.ts'
import { runCli } from '../../src/cli/run.ts'
import { openDatabase } from '../../src/db/client.ts'

const tmp = mkdtempSync(join(tmpdir(), 'msp-demo-'))
const dataDir = join(tmp, 'db')
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

async function cli(...args: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    env: { DATABASE_URL: dataDir },
    output: {
      stdout: async (text) => {
        stdout += text
      },
      stderr: async (text) => {
        stderr += text
      },
    },
  })
  return { code, stdout, stderr }
}

const SMALL = ['--customers', '40', '--users', '300', '--groups', '4', '--portal-users', '80']

describe('demo', () => {
  it('writes the book, refuses to write over it, and replaces it with --replace', async () => {
    const first = await cli('demo', ...SMALL, '--customer-users', '200', '--seed', '3')
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(
      new RegExp(
        `^Loaded the demo book \\(seed 3\\) into the embedded database at ${dataDir} in \\d+\\.\\d s \\(CPU \\d+\\.\\d s\\): ` +
          '300 MSP users, 40 customers, 4 groups, \\d+ associations, \\d+ alert groups, 80 portal users, ' +
          '200 customer users\\n$',
      ),
    )

    const again = await cli('demo', ...SMALL, '--seed', '4')
    expect(again.code).toBe(1)
    expect(again.stdout).toBe('')
    expect(again.stderr).toBe(
      `The embedded database at ${dataDir} is not empty: the database already holds a book (300 MSP users, ` +
        '40 customers, 4 groups, 80 portal users, 200 customer users). Nothing was written. Run demo --replace ' +
        'to empty it first (the audit log is kept), or use another DATABASE_URL.\n',
    )

    const replaced = await cli('demo', ...SMALL, '--seed', '4', '--replace')
    expect(replaced.code).toBe(0)
    expect(replaced.stdout).toContain('(seed 4)')
    expect(replaced.stdout).toContain('400 customer users') // 10 per customer by default

    const db = await openDatabase({ url: dataDir })
    try {
      expect(await db.prisma.customerUser.count()).toBe(400)
      const audit = await db.prisma.auditLog.findMany({ select: { action: true }, orderBy: { id: 'asc' } })
      expect(audit.map((a) => a.action)).toEqual(['demo.load', 'demo.load'])
    } finally {
      await db.close()
    }
  }, 240_000) // four opens of a data folder (seconds each under load)

  it('answers a wrong command line with the usage', async () => {
    for (const args of [
      [],
      ['--customers', 'ten'],
      ['--customers', '5', '--color', 'red'],
      ['--customers', '-1'],
    ]) {
      const run = await cli('demo', ...args)
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('Usage: msp-bot <command>')
    }
    expect((await cli('help')).stdout).toContain('demo --customers N [options]')
  })

  it('scales what is left out with --customers', () => {
    expect(parseDemoArgs(['--customers', '10000'])).toEqual({
      customers: 10000,
      mspUsers: 100000,
      groups: 2000,
      portalUsers: 20000,
      customerUsers: 100000,
      seed: 1,
      replace: false,
    })
  })
})
