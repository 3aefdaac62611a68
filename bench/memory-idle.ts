// Part 7 of `npm run bench`: memory at idle. RSS summed over the process tree of `msp-bot start` (read from
// /proc 8 s after /healthz first answers, bench/idle-memory.ts) on a first start on the embedded database
// (a new data folder), a restart on that folder, and PostgreSQL (a fresh database on BENCH_DATABASE_URL's
// server), each next to a bare Bolt 5.1.0 app (bench/bare-bolt.mjs) measured the same way in the same run.
// The app runs as in production: Slack credentials, HTTP mode, against a stand-in Slack Web API that
// answers auth.test. When npm start runs dist/, PostgreSQL is also measured on the sources (through tsx)
// for comparison. Linux only.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compiledIsFresh } from '../bin/compiled.js'
import { createServerDatabase } from './database.ts'
import { freePort, type IdleRss, measureIdleRss, REPO_ROOT, treeRss } from './idle-memory.ts'

/** The targets for idle RSS, summed over the process tree. */
export const EMBEDDED_IDLE_TARGET_MB = 300
export const POSTGRES_IDLE_TARGET_MB = 120
const SETTLE_MS = 8000

export interface IdleCase {
  label: string
  reading: IdleRss
  targetMb?: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A stand-in Slack Web API: auth.test says who the bot is, every other method answers { ok: true }. */
export async function startAuthOnlySlack(): Promise<{ apiUrl: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const body = req.url?.includes('auth.test')
        ? {
            ok: true,
            team: 'Bench',
            user: 'msp-bot',
            team_id: 'T0BENCH',
            user_id: 'U0BENCHBOT',
            bot_id: 'B0BENCH',
          }
        : { ok: true }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** The bare Bolt app's idle RSS: `node bench/bare-bolt.mjs`, /healthz, 8 s, its tree, SIGTERM. */
export async function measureBareBolt(env: Record<string, string>): Promise<IdleRss> {
  const port = await freePort()
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bench/bare-bolt.mjs')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  let exited = false
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true
      resolve()
    }),
  )
  try {
    const deadline = Date.now() + 60_000
    for (;;) {
      if (exited) throw new Error(`the bare Bolt app exited:\n${stderr}`)
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) })
        .then((r) => r.ok)
        .catch(() => false)
      if (ok) break
      if (Date.now() > deadline) throw new Error(`the bare Bolt app did not answer /healthz:\n${stderr}`)
      await sleep(100)
    }
    await sleep(SETTLE_MS)
    return treeRss(child.pid as number)
  } finally {
    if (!exited) {
      child.kill('SIGTERM')
      await exit
    }
  }
}

/** Measures every case (PostgreSQL only with a server URL); the bare Bolt app first. */
export async function benchIdleMemory(
  postgresUrl: string | undefined,
  progress: (line: string) => void = () => {},
): Promise<{ bare: IdleRss; cases: IdleCase[]; compiled: boolean }> {
  const compiled = compiledIsFresh()
  const slack = await startAuthOnlySlack()
  const slackEnv = {
    SLACK_SIGNING_SECRET: 'bench-idle-signing-secret',
    SLACK_BOT_TOKEN: 'xoxb-bench-idle',
    SLACK_API_URL: slack.apiUrl,
  }
  const folder = mkdtempSync(join(tmpdir(), 'msp-bench-idle-'))
  try {
    progress('bare Bolt 5.1.0 app …')
    const bare = await measureBareBolt(slackEnv)
    const cases: IdleCase[] = []
    const data = join(folder, 'data')
    progress('first start on the embedded database (new data folder) …')
    cases.push({
      label: 'embedded, first start (new data folder)',
      reading: await measureIdleRss({ env: { ...slackEnv, DATABASE_URL: data } }),
      targetMb: EMBEDDED_IDLE_TARGET_MB,
    })
    progress('restart on that folder …')
    cases.push({
      label: 'embedded, restart on that folder',
      reading: await measureIdleRss({ env: { ...slackEnv, DATABASE_URL: data } }),
      targetMb: EMBEDDED_IDLE_TARGET_MB,
    })
    if (postgresUrl) {
      const created = await createServerDatabase(postgresUrl)
      try {
        progress(`${created.label} …`)
        cases.push({
          label: created.label,
          reading: await measureIdleRss({ env: { ...slackEnv, DATABASE_URL: created.url } }),
          targetMb: POSTGRES_IDLE_TARGET_MB,
        })
        if (compiled) {
          progress(`${created.label}, the sources through tsx (MSP_BOT_SOURCES=1), for comparison …`)
          cases.push({
            label: `${created.label}, sources through tsx`,
            reading: await measureIdleRss({
              env: { ...slackEnv, DATABASE_URL: created.url, MSP_BOT_SOURCES: '1' },
            }),
          })
        }
      } finally {
        await created.drop()
      }
    }
    return { bare, cases, compiled }
  } finally {
    await slack.close()
    rmSync(folder, { recursive: true, force: true })
  }
}

const mb = (value: number) => `${value.toFixed(0)} MB`

export function idleMemoryTable(bare: IdleRss, cases: IdleCase[]): string[][] {
  return [
    ['case', 'idle RSS (process tree)', 'app process', 'processes', 'vs bare Bolt', 'target', 'met'],
    [
      'bare Bolt 5.1.0 app (baseline)',
      mb(bare.totalMb),
      mb(bare.appMb),
      String(bare.processes.length),
      '1.00×',
      '',
      '',
    ],
    ...cases.map(({ label, reading, targetMb }) => [
      label,
      mb(reading.totalMb),
      mb(reading.appMb),
      String(reading.processes.length),
      `${(reading.totalMb / bare.totalMb).toFixed(2)}×`,
      targetMb ? `≤ ${targetMb} MB` : '',
      targetMb ? (reading.totalMb <= targetMb ? 'met' : 'not met') : '',
    ]),
  ]
}
