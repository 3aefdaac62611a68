// `npm start` as supervisors, container runtimes and CI run it: a signal goes to the process that
// `npm start` started (npm itself), not to a process group. The app must stop cleanly within 10 s:
// database closed, data-folder lock released, no orphan left serving, exit code 0.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/client.ts'
import { ROOT, start } from '../cli/child.ts'

const tmp = mkdtempSync(join(tmpdir(), 'msp-npm-start-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number)
  } catch {
    return []
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe.concurrent('npm start', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops on %s sent to the npm process: exit 0 within 10 s, database closed, folder released',
    async (signal) => {
      const dataDir = join(tmp, signal)
      const npm = start('npm', ['start'], { cwd: ROOT, env: { DATABASE_URL: dataDir, PORT: '0' } })
      const printed = await npm.waitFor(/serving GET http:\/\/localhost:(\d+)\/healthz/, 90_000)
      const port = /localhost:(\d+)\/healthz/.exec(printed)?.[1]
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200)
      const npmPid = npm.child.pid ?? 0
      const app = childrenOf(npmPid)
      expect(app).toHaveLength(1) // npm's one child is the app itself (`exec node bin/msp-bot.js start`)
      expect(readFileSync(`/proc/${app[0]}/cmdline`, 'utf8')).toContain('bin/msp-bot.js')
      expect(existsSync(`${dataDir}.lock`)).toBe(true)

      const sentAt = Date.now()
      process.kill(npmPid, signal)
      const result = await npm.done
      const tookMs = Date.now() - sentAt

      expect(tookMs).toBeLessThan(10_000)
      expect(result.code).toBe(0)
      expect(result.stdout).toContain(`Stopping (${signal})…`)
      expect(result.stdout).toContain('Stopped: database closed.')
      expect(isAlive(app[0] ?? 0)).toBe(false)
      expect(existsSync(`${dataDir}.lock`)).toBe(false)
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow()
      // The folder opens again at once, with the demo book the first run loaded.
      const again = await openDatabase({ url: dataDir })
      try {
        expect(await again.prisma.customer.count()).toBeGreaterThan(0)
      } finally {
        await again.close()
      }
    },
    120_000,
  )
})
