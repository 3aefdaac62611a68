// Idle memory of `msp-bot start` as an operator runs it: starts `sh bin/start.sh` (what `npm start` runs) with the given
// environment, waits for GET /healthz to answer, lets it settle (8 s), then sums the RSS of the process
// and every descendant it still has (read from /proc), and stops it with SIGTERM.
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface IdleRssOptions {
  /**
   * The app's environment on top of PATH, HOME, TMPDIR and LANG (nothing else is inherited, so a
   * DATABASE_URL or SLACK_* of the caller's shell cannot leak in). PORT defaults to a free port.
   */
  env: Record<string, string>
  /** Where to run it (a clone of the repo); its bin/start.sh is run. Default: this repo. */
  cwd?: string
  /** How long to wait after /healthz first answers before reading RSS (default 8 000 ms). */
  settleMs?: number
  /** How long start-up may take before giving up (default 180 000 ms: a first start creates a database). */
  startTimeoutMs?: number
}

export interface ProcessRss {
  pid: number
  command: string
  rssMb: number
}

export interface IdleRss {
  /** RSS summed over the started process and all its descendants alive at the reading. */
  totalMb: number
  /** RSS of the started process itself (`sh bin/start.sh` execs `node bin/msp-bot.js start`, which runs the app in-process). */
  appMb: number
  processes: ProcessRss[]
}

const MB = 1024 * 1024

/** A TCP port nobody listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

function parentOf(pid: number): number | null {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …" — comm may hold spaces or parentheses, so split after the last ')'
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return null
  }
}

function rssBytesOf(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = status.match(/^VmRSS:\s+(\d+) kB/m)?.[1]
    return kb === undefined ? null : Number(kb) * 1024
  } catch {
    return null
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
  } catch {
    return '?'
  }
}

/** `root` and every live descendant, root first. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const pid = Number(entry)
    const parent = parentOf(pid)
    if (parent === null) continue
    children.set(parent, [...(children.get(parent) ?? []), pid])
  }
  const tree: number[] = []
  const queue = [root]
  while (queue.length > 0) {
    const pid = queue.shift() as number
    tree.push(pid)
    queue.push(...(children.get(pid) ?? []))
  }
  return tree
}

/** RSS of `root` and its descendants now. */
export function treeRss(root: number): IdleRss {
  const processes: ProcessRss[] = []
  for (const pid of processTree(root)) {
    const rss = rssBytesOf(pid)
    if (rss !== null) processes.push({ pid, command: commandOf(pid), rssMb: rss / MB })
  }
  const totalMb = processes.reduce((sum, p) => sum + p.rssMb, 0)
  return { totalMb, appMb: processes.find((p) => p.pid === root)?.rssMb ?? 0, processes }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function healthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) })
    await response.arrayBuffer()
    return response.ok
  } catch {
    return false
  }
}

/**
 * Runs `sh bin/start.sh` (in `cwd`) with `env`, waits for /healthz, waits `settleMs`, reads the
 * RSS of its process tree, stops it (SIGTERM, SIGKILL after 30 s) and returns the reading. Rejects with
 * the app's output when it exits or does not answer in time.
 */
export async function measureIdleRss(options: IdleRssOptions): Promise<IdleRss> {
  const cwd = options.cwd ?? REPO_ROOT
  const base: Record<string, string> = {}
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG']) {
    const value = process.env[key]
    if (value !== undefined) base[key] = value
  }
  const port = options.env.PORT ?? String(await freePort())
  const child = spawn('sh', [join(cwd, 'bin/start.sh')], {
    cwd,
    env: { ...base, ...options.env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal }
      resolve()
    })
  })
  const fail = (why: string) => new Error(`${why}\n--- its output (last 8 000 characters) ---\n${output}`)
  try {
    const deadline = Date.now() + (options.startTimeoutMs ?? 180_000)
    for (;;) {
      if (exited) throw fail(`msp-bot start exited (${JSON.stringify(exited)}) before /healthz answered`)
      if (await healthy(Number(port))) break
      if (Date.now() > deadline) throw fail('msp-bot start did not answer /healthz in time')
      await sleep(100)
    }
    await sleep(options.settleMs ?? 8000)
    if (exited) throw fail(`msp-bot start exited (${JSON.stringify(exited)}) while settling`)
    return treeRss(child.pid as number)
  } finally {
    if (!exited) {
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000)
      await exit
      clearTimeout(killer)
    }
  }
}

// `npx tsx bench/idle-memory.ts [DATABASE_URL]`: one reading, printed as JSON (a new temp folder by default).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { mkdtempSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const url = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), 'msp-idle-')), 'data')
  const reading = await measureIdleRss({ env: { DATABASE_URL: url } })
  console.log(JSON.stringify({ url, ...reading }, null, 2))
}
