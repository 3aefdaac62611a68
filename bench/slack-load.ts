// Part 3: ack latency of the real app under signed load, against a bare Bolt app that only acks.
// The fake Slack, the real app (once per database: PGlite, and PostgreSQL when given) and the bare app
// each run in a child process; autocannon runs here.
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { postSigned } from '../test/support/slack-request.ts'
import { backendCpu, backendCpuBetween } from './backend-cpu.ts'
import {
  type FakeReady,
  type FakeStats,
  type Fixtures,
  isMessage,
  type ParentMessage,
  type ServerCpu,
  type ServerReady,
  SIGNING_SECRET,
} from './ipc.ts'
import { bodyFor, signedHeaders, WORKLOAD_LABEL, type Workload } from './signed.ts'
import { ms, quantile, ratio } from './stats.ts'

export const TARGET_P99_MS = 50

export interface LoadOptions {
  rate: number
  connections: number
  durationS: number
  warmupS: number
  /** Requests sent one at a time (no load) per server and workload, for reference. */
  sequential: number
  /** Default both. */
  workloads?: Workload[]
}

/** A database for one msp-bot app: `url` is memory:// or a postgresql:// URL of an empty database. */
export interface AppDatabase {
  label: string
  url: string
  /** The database's name on a server of this machine, to read its backends' CPU time from /proc. */
  localBackends?: string
}

export const PGLITE_APP: AppDatabase = { label: 'PGlite', url: 'memory://' }

type ServerKind = 'bare' | 'app'

export interface LoadResult {
  workload: Workload
  server: ServerKind
  /** The server as the table names it. */
  serverLabel: string
  /** 'load' (autocannon at the given rate) or 'sequential' (one request at a time). */
  mode: 'load' | 'sequential'
  /** What was asked for: rate × duration, or the sequential count. */
  expected: number
  /** Responses received (any status). */
  done: number
  non2xx: number
  errors: number
  timeouts: number
  p50: number
  p99: number
  max: number
  /** Server CPU (user + system) per answered request, including work done after the ack. */
  cpuPerRequestMs: number
  /** CPU of the PostgreSQL backends serving the app's database per answered request (NaN: not measured). */
  databaseCpuPerRequestMs: number
}

interface Child<T> {
  process: ChildProcess
  ready: T
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))

/** Forks a bench child (it inherits tsx through execArgv) and waits for its `ready` message. */
function spawnChild<T extends { type: 'ready' }>(file: string, args: string[], execArgv: string[] = []) {
  const child = fork(here(file), args, {
    execArgv: [...process.execArgv, ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise<Child<T>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start within 60 s`)), 60_000)
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before it was ready`)))
    child.on('message', (message: unknown) => {
      if (isMessage<T>(message, 'ready')) {
        clearTimeout(timer)
        resolve({ process: child, ready: message })
      }
    })
  })
}

function stopChild(child: Child<unknown>): Promise<void> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null) return resolve()
    const timer = setTimeout(() => {
      child.process.kill('SIGKILL')
      resolve()
    }, 10_000)
    child.process.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    const stop: ParentMessage = { type: 'stop' }
    child.process.send(stop)
  })
}

/** Sends `question` and resolves with the child's first answer of type `type`. */
function ask<T extends { type: string }>(child: Child<unknown>, question: ParentMessage, type: T['type']) {
  return new Promise<T>((resolve) => {
    const onMessage = (message: unknown) => {
      if (isMessage<T>(message, type)) {
        child.process.off('message', onMessage)
        resolve(message)
      }
    }
    child.process.on('message', onMessage)
    child.process.send(question)
  })
}

async function cpuMs(child: Child<unknown>): Promise<number> {
  const cpu = await ask<ServerCpu>(child, { type: 'cpu' }, 'cpu')
  return (cpu.userUs + cpu.systemUs) / 1000
}

const sleep = (msDelay: number) => new Promise((resolve) => setTimeout(resolve, msDelay))

interface Target {
  kind: ServerKind
  label: string
  port: number
  child: Child<ServerReady>
  /** What this server's book holds (the bare app gets the first app's: it reads none of it). */
  fixtures: Fixtures
  localBackends?: string
}

/** The app's CPU ms so far, and its database backends' when they can be read. */
async function cpuReading(target: Target) {
  return {
    server: await cpuMs(target.child),
    backends: target.localBackends ? backendCpu(target.localBackends) : null,
  }
}

/** CPU per answered request between two readings: the server's, and its database backends'. */
function cpuPerRequest(
  before: Awaited<ReturnType<typeof cpuReading>>,
  after: Awaited<ReturnType<typeof cpuReading>>,
  answered: number,
) {
  const n = Math.max(1, answered)
  return {
    cpuPerRequestMs: (after.server - before.server) / n,
    databaseCpuPerRequestMs: backendCpuBetween(before.backends, after.backends) / n,
  }
}

async function drive(
  target: Target,
  workload: Workload,
  prefix: string,
  durationS: number,
  options: LoadOptions,
) {
  const latencies: number[] = []
  const instance = autocannon({
    url: `http://127.0.0.1:${target.port}`,
    connections: options.connections,
    overallRate: options.rate,
    duration: durationS,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/slack/events',
        setupRequest: (request) => {
          const body = bodyFor(workload, target.fixtures, prefix)
          return { ...request, body, headers: { ...request.headers, ...signedHeaders(body) } }
        },
      },
    ],
  })
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime)
  })
  const result = await instance
  return { result, latencies }
}

async function underLoad(
  target: Target,
  workload: Workload,
  prefix: string,
  options: LoadOptions,
): Promise<LoadResult> {
  if (options.warmupS > 0) await drive(target, workload, prefix, options.warmupS, options)
  await sleep(1000) // let the warm-up's asynchronous replies finish
  const cpuBefore = await cpuReading(target)
  const { result, latencies } = await drive(target, workload, prefix, options.durationS, options)
  await sleep(1000) // and the measured run's, whose CPU counts
  const cpuAfter = await cpuReading(target)
  return {
    workload,
    server: target.kind,
    serverLabel: target.label,
    mode: 'load',
    expected: options.rate * options.durationS,
    done: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: quantile(latencies, 1),
    ...cpuPerRequest(cpuBefore, cpuAfter, latencies.length),
  }
}

/** One request at a time, each waiting for the previous answer (and a short pause for its async tail). */
async function sequential(
  target: Target,
  workload: Workload,
  prefix: string,
  count: number,
): Promise<LoadResult> {
  const latencies: number[] = []
  let non2xx = 0
  const cpuBefore = await cpuReading(target)
  for (let i = 0; i < count; i++) {
    const response = await postSigned(
      `http://127.0.0.1:${target.port}/slack/events`,
      SIGNING_SECRET,
      bodyFor(workload, target.fixtures, prefix),
    )
    if (response.status >= 200 && response.status < 300) latencies.push(response.elapsedMs)
    else non2xx++
    await sleep(20)
  }
  await sleep(500)
  const cpuAfter = await cpuReading(target)
  return {
    workload,
    server: target.kind,
    serverLabel: target.label,
    mode: 'sequential',
    expected: count,
    done: count,
    non2xx,
    errors: 0,
    timeouts: 0,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: quantile(latencies, 1),
    ...cpuPerRequest(cpuBefore, cpuAfter, latencies.length),
  }
}

/** One signed request of each workload to each server: each must answer 200 with the expected ack. */
async function smokeTest(targets: Target[], prefix: string) {
  const problems: string[] = []
  for (const target of targets) {
    for (const workload of ['command', 'view'] as const) {
      const response = await postSigned(
        `http://127.0.0.1:${target.port}/slack/events`,
        SIGNING_SECRET,
        bodyFor(workload, target.fixtures, prefix),
      )
      const expected = target.kind === 'app' && workload === 'view' ? '{"response_action":"clear"}' : ''
      if (response.status !== 200 || response.text !== expected)
        problems.push(`${target.label} ${workload}: HTTP ${response.status} ${response.text.slice(0, 200)}`)
    }
  }
  return problems
}

export interface SlackBenchResult {
  results: LoadResult[]
  smokeProblems: string[]
  fake: FakeStats
}

/** `apps`: one msp-bot app per database (each seeded alike), all compared with the same bare Bolt app. */
export async function benchSlack(
  options: LoadOptions,
  apps: readonly AppDatabase[] = [PGLITE_APP],
): Promise<SlackBenchResult> {
  const fake = await spawnChild<FakeReady>('./fake-slack-process.ts', [])
  const children: Child<unknown>[] = [fake]
  try {
    const { apiUrl, responseUrlPrefix } = fake.ready
    const profile = process.env.BENCH_CPU_PROF_DIR
    const profileArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []
    const appTargets: Target[] = []
    for (const database of apps) {
      const app = await spawnChild<ServerReady>(
        './slack-server-process.ts',
        ['app', apiUrl, database.url],
        profileArgs,
      )
      children.push(app)
      const fixtures = app.ready.fixtures
      if (!fixtures) throw new Error(`the app on ${database.label} did not report its fixtures`)
      appTargets.push({
        kind: 'app',
        label: `msp-bot app on ${database.label}`,
        port: app.ready.port,
        child: app,
        fixtures,
        localBackends: database.localBackends,
      })
    }
    const first = appTargets[0]
    if (!first) throw new Error('no msp-bot app to measure')
    const bare = await spawnChild<ServerReady>('./slack-server-process.ts', ['bare', apiUrl])
    children.push(bare)
    const targets: Target[] = [
      {
        kind: 'bare',
        label: 'bare Bolt (baseline)',
        port: bare.ready.port,
        child: bare,
        fixtures: first.fixtures,
      },
      ...appTargets,
    ]
    const smokeProblems = await smokeTest(targets, responseUrlPrefix)
    const results: LoadResult[] = []
    for (const workload of options.workloads ?? (['command', 'view'] as const)) {
      for (const target of targets) {
        const name = target.kind === 'app' ? target.label : 'bare Bolt app'
        process.stdout.write(`  ${WORKLOAD_LABEL[workload]} → ${name} …\n`)
        const loaded = await underLoad(target, workload, responseUrlPrefix, options)
        // after the load run, so the server is warm
        if (options.sequential > 0)
          results.push(await sequential(target, workload, responseUrlPrefix, options.sequential))
        results.push(loaded)
      }
    }
    return { results, smokeProblems, fake: await ask<FakeStats>(fake, { type: 'stats' }, 'stats') }
  } finally {
    for (const child of children.reverse()) await stopChild(child)
  }
}

export function slackTable(results: LoadResult[], options: LoadOptions): string[][] {
  const rows: string[][] = [
    [
      'workload',
      'load',
      'server',
      'asked',
      'answered',
      'non-2xx',
      'err/timeout',
      'p50 ms',
      'p99 ms',
      'max ms',
      'p50 ratio',
      'p99 ratio',
      'server CPU ms/req',
      'CPU ratio',
    ],
  ]
  for (const r of results) {
    const base = results.find((b) => b.workload === r.workload && b.mode === r.mode && b.server === 'bare')
    rows.push([
      WORKLOAD_LABEL[r.workload],
      r.mode === 'load' ? `${options.rate}/s × ${options.durationS} s` : 'one at a time',
      r.serverLabel,
      String(r.expected),
      String(r.done),
      String(r.non2xx),
      `${r.errors}/${r.timeouts}`,
      ms(r.p50),
      ms(r.p99),
      ms(r.max),
      ratio(r.p50, base?.p50 ?? Number.NaN),
      ratio(r.p99, base?.p99 ?? Number.NaN),
      ms(r.cpuPerRequestMs),
      ratio(r.cpuPerRequestMs, base?.cpuPerRequestMs ?? Number.NaN),
    ])
  }
  return rows
}

export function targetLines(results: LoadResult[]): string[] {
  return results
    .filter((r) => r.server === 'app' && r.mode === 'load')
    .map((r) => {
      const met = r.p99 <= TARGET_P99_MS && r.non2xx === 0 && r.errors === 0 && r.done >= r.expected * 0.95
      const notes = [
        `p99 ${ms(r.p99)} ms`,
        ...(r.done < r.expected * 0.95 ? [`only ${r.done}/${r.expected} answered`] : []),
        ...(r.non2xx + r.errors > 0 ? [`${r.non2xx} non-2xx, ${r.errors} errors`] : []),
      ]
      return `target p99 ≤ ${TARGET_P99_MS} ms (${WORKLOAD_LABEL[r.workload]}, ${r.serverLabel}): ${met ? 'met' : 'not met'} (${notes.join(', ')})`
    })
}

/** Under the table: what the PostgreSQL backends spent per request, when they could be read. */
export function databaseCpuLines(results: LoadResult[], options: LoadOptions): string[] {
  const measured = results.filter((r) => Number.isFinite(r.databaseCpuPerRequestMs))
  if (measured.length === 0) return []
  return [
    'PostgreSQL backends of the bench database (local server, from /proc; not in "server CPU", which counts ' +
      "PGlite's work because it runs in the app's process):",
    ...measured.map(
      (r) =>
        `  ${WORKLOAD_LABEL[r.workload]}, ${r.mode === 'load' ? `${options.rate}/s` : 'one at a time'}, ` +
        `${r.serverLabel}: ${ms(r.databaseCpuPerRequestMs)} ms/req ` +
        `(server + backends ${ms(r.cpuPerRequestMs + r.databaseCpuPerRequestMs)} ms/req)`,
    ),
  ]
}
