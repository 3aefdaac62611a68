// The CLI as a user runs it: `npx tsx src/cli/main.ts <command>` in a child process, on an embedded
// database in a temporary folder. Each start with the embedded database costs seconds: keep this file small.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const DEMO = join(ROOT, 'examples/demo-snapshot.json')
/** The migrations the repository has, oldest first (folder names). */
const MIGRATIONS = readdirSync(join(ROOT, 'prisma/migrations'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort()
const tmp = mkdtempSync(join(tmpdir(), 'msp-cli-'))
const dataDir = join(tmp, 'db')

afterAll(() => rmSync(tmp, { recursive: true, force: true }))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function cli(...args: string[]): Promise<Run> {
  return cliWith({}, ...args)
}

function cliWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    // node --import tsx: the same TypeScript entry point, without npx and tsx's CLI (each its own node process)
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('cli', () => {
  it('migrate applies the migrations once, then finds the database up to date', async () => {
    const first = await cli('migrate')
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toBe(
      `Applied ${MIGRATIONS.length} migrations to the embedded database at ${dataDir}:\n${MIGRATIONS.map((m) => `  ${m}\n`).join('')}`,
    )
    const second = await cli('migrate')
    expect(second.code).toBe(0)
    expect(second.stdout).toBe(
      `The database is up to date (${MIGRATIONS.length} migrations applied): embedded database at ${dataDir}\n`,
    )
  }, 120_000)

  it('imports the demo, and export to a file equals export to stdout and the demo', async () => {
    const imported = await cli('import', DEMO)
    expect(imported.stderr).toBe('')
    expect(imported.code).toBe(0)
    expect(imported.stdout).toContain('5 MSP users, 5 customers, 3 groups')

    const file = join(tmp, 'export.json')
    const toFile = await cli('export', file)
    expect(toFile.code).toBe(0)
    const toStdout = await cli('export')
    expect(toStdout.code).toBe(0)
    expect(toStdout.stderr).toBe('')
    expect(readFileSync(file, 'utf8')).toBe(toStdout.stdout)
    expect(JSON.parse(toStdout.stdout)).toEqual(JSON.parse(readFileSync(DEMO, 'utf8')))
  }, 120_000)

  it('refuses a bad snapshot with every problem on stderr and exit code 1', async () => {
    const bad = join(tmp, 'bad.json')
    writeFileSync(
      bad,
      JSON.stringify({
        mspUsers: [{ name: 'Alex', email: 'alex@msp.example' }],
        customers: [{ name: 'Zylker', accountContact: 'ghost@msp.example' }],
        groups: [{ name: 'Zoho', customers: ['Zylkr'], users: ['alex@msp.example'] }],
      }),
    )
    const run = await cli('import', bad)
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr.trim().split('\n')).toEqual([
      `${bad}: the snapshot has 2 problems; nothing was imported.`,
      'customers[0].accountContact: unknown MSP user "ghost@msp.example"',
      'groups[0].customers[0]: unknown customer "Zylkr"',
    ])
  }, 60_000)

  it('lists the commands on help, and answers an unknown command with the usage on stderr, exit code 2', async () => {
    const help = await cli('help')
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: msp-bot <command>/)
    const run = await cli('frobnicate')
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe(`Unknown command "frobnicate".\n\n${help.stdout}`)
    for (const command of ['migrate', 'import <file.json>', 'export [file.json]', 'start', 'sandbox', 'help'])
      expect(help.stdout).toContain(`  ${command} `)
  }, 60_000)

  it('start with a malformed variable stops with one line naming it, exit code 1', async () => {
    const run = await cliWith({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: '' }, 'start')
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set\n')
  }, 60_000)

  it('refuses to open the database while another live process holds it, naming that process', async () => {
    const holder: ChildProcess = spawn('sleep', ['30'], { stdio: 'ignore' })
    try {
      const pid = holder.pid
      if (pid === undefined) throw new Error('sleep did not start')
      writeFileSync(`${dataDir}.lock`, String(pid))
      const run = await cli('export')
      expect(run.code).toBe(1)
      expect(run.stdout).toBe('')
      expect(run.stderr).toContain(`is in use by process ${pid} (sleep 30)`)
      expect(run.stderr.trim().split('\n')).toHaveLength(1)
    } finally {
      holder.kill()
      rmSync(`${dataDir}.lock`, { force: true })
    }
  }, 60_000)
})
