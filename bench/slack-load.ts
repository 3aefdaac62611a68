// Part 3: ack latency of the real app under signed load, against a bare Bolt app that only acks.
// The fake Slack, the real app (once per database: PGlite, and PostgreSQL when given) and the bare app
// each run in a child process; autocannon runs here.
import autocannon from 'autocannon'
import { postSigned } from '../test/support/slack-request.ts'
import { backendCpu, backendCpuBetween } from './backend-cpu.ts'
import { ask, type Child, spawnChild, stopChild } from './children.ts'
import {
  type FakeReady,
  type FakeStats,
  type Fixtures,
  type JobDone,
  type ServerCpu,
  type ServerReady,
  SIGNING_SECRET,
} from './ipc.ts'
import { bodyFor, signedHeaders, WORKLOAD_LABEL, WORKLOADS, type Workload } from './signed.ts'
import { startNodeOptions } from './start-flags.ts'
import { ms, quantile, ratio } from './stats.ts'

export const TARGET_P99_MS = 50

export interface LoadOptions {
  rate: number
  connections: number
  durationS: number
  warmupS: number
  /** Requests sent one at a time (no load) per server and workload, for reference. */
  sequential: number
  /** Default all (WORKLOADS), in that order. */
  workloads?: readonly Workload[]
  /**
   * Customers in the long job's book (0: no long job). At the end, each app serves `/msp customers` under the
   * same load while it imports a book of that many customers into its own database, started 1 s in.
   */
  jobCustomers?: number
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
  /** 'load' (autocannon at the given rate), 'sequential' (one request at a time), 'job' (load + long job). */
  mode: 'load' | 'sequential' | 'job'
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
  /** The server's main-thread event-loop delay during the run (monitorEventLoopDelay, 5 ms resolution). */
  loopP99Ms: number
  loopMaxMs: number
  /** Answers slower than Slack's 3 s (or never given): Slack would have shown the user an error. */
  over3s: number
  /** 'job' mode: how long the import took, and what it wrote. */
  job?: JobDone
}

async function cpuMs(child: Child<unknown>) {
  const cpu = await ask<ServerCpu>(child, { type: 'cpu' }, 'cpu')
  return { ms: (cpu.userUs + cpu.systemUs) / 1000, loopP99Ms: cpu.loopP99Ms, loopMaxMs: cpu.loopMaxMs }
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

/**
 * The app's CPU ms so far, and its database backends' when they can be read; the event-loop delay since the
 * previous reading.
 */
async function cpuReading(target: Target) {
  const cpu = await cpuMs(target.child)
  return {
    server: cpu.ms,
    loopP99Ms: cpu.loopP99Ms,
    loopMaxMs: cpu.loopMaxMs,
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
    loopP99Ms: after.loopP99Ms,
    loopMaxMs: after.loopMaxMs,
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

const SLACK_ACK_LIMIT_MS = 3000

/** Starts the long job (prepared already) 1 s from now; resolves when the app reports it done. */
function startJob(target: Target): Promise<JobDone> {
  return new Promise((resolve) => {
    setTimeout(() => {
      void ask<JobDone>(target.child, { type: 'job' }, 'job-done').then(resolve)
    }, 1000)
  })
}

async function underLoad(
  target: Target,
  workload: Workload,
  prefix: string,
  options: LoadOptions,
  jobCustomers = 0,
): Promise<LoadResult> {
  if (jobCustomers > 0) await ask(target.child, { type: 'prepare-job', customers: jobCustomers }, 'job-ready')
  if (options.warmupS > 0) await drive(target, workload, prefix, options.warmupS, options)
  await sleep(1000) // let the warm-up's asynchronous replies finish
  const cpuBefore = await cpuReading(target)
  const jobDone = jobCustomers > 0 ? startJob(target) : undefined
  const { result, latencies } = await drive(target, workload, prefix, options.durationS, options)
  const job = await jobDone
  await sleep(1000) // and the measured run's, whose CPU counts
  const cpuAfter = await cpuReading(target)
  const expected = options.rate * options.durationS
  return {
    workload,
    server: target.kind,
    serverLabel: target.label,
    mode: job ? 'job' : 'load',
    job,
    over3s:
      latencies.filter((l) => l > SLACK_ACK_LIMIT_MS).length +
      result.errors +
      result.timeouts +
      Math.max(0, expected - result.requests.total),
    expected,
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
    over3s: latencies.filter((l) => l > SLACK_ACK_LIMIT_MS).length,
    non2xx,
    errors: 0,
    timeouts: 0,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: quantile(latencies, 1),
    ...cpuPerRequest(cpuBefore, cpuAfter, latencies.length),
  }
}

/** What each server acks a workload with. */
function expectedAck(target: Target, workload: Workload): (text: string) => boolean {
  if (workload === 'options')
    return target.kind === 'bare'
      ? (text) => text === '{"options":[]}'
      : (text) => /^\{"options":\[\{"text":\{"type":"plain_text","text":"[^"]*e/i.test(text)
  if (target.kind === 'app' && (workload === 'view' || workload === 'save'))
    return (text) => text === '{"response_action":"clear"}'
  return (text) => text === ''
}

/** One signed request of a workload to a server: it must answer 200 with the expected ack. */
async function smokeTest(target: Target, workload: Workload, prefix: string): Promise<string[]> {
  const response = await postSigned(
    `http://127.0.0.1:${target.port}/slack/events`,
    SIGNING_SECRET,
    bodyFor(workload, target.fixtures, prefix),
  )
  return response.status === 200 && expectedAck(target, workload)(response.text)
    ? []
    : [`${target.label} ${workload}: HTTP ${response.status} ${response.text.slice(0, 200)}`]
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
        [...startNodeOptions(database.url), ...profileArgs],
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
    const smokeProblems: string[] = []
    const results: LoadResult[] = []
    for (const workload of options.workloads ?? WORKLOADS) {
      for (const target of targets) {
        const name = target.kind === 'app' ? target.label : 'bare Bolt app'
        process.stdout.write(`  ${WORKLOAD_LABEL[workload]} → ${name} …\n`)
        smokeProblems.push(...(await smokeTest(target, workload, responseUrlPrefix)))
        const loaded = await underLoad(target, workload, responseUrlPrefix, options)
        // after the load run, so the server is warm
        if (options.sequential > 0)
          results.push(await sequential(target, workload, responseUrlPrefix, options.sequential))
        results.push(loaded)
      }
    }
    // Last: the import replaces each app's book (the bench user stays, with the same few customers).
    if (options.jobCustomers)
      for (const target of appTargets) {
        process.stdout.write(
          `  /msp customers + import of ${options.jobCustomers} customers → ${target.label} …\n`,
        )
        results.push(await underLoad(target, 'customers', responseUrlPrefix, options, options.jobCustomers))
      }
    return { results, smokeProblems, fake: await ask<FakeStats>(fake, { type: 'stats' }, 'stats') }
  } finally {
    for (const child of children.reverse()) await stopChild(child)
  }
}

const modeLabel = (r: LoadResult, options: LoadOptions) =>
  r.mode === 'sequential'
    ? 'one at a time'
    : `${options.rate}/s × ${options.durationS} s${r.mode === 'job' ? ` + import of ${options.jobCustomers} customers` : ''}`

/** The bare app's row for the same workload and mode (a long-job run is compared with the plain load run). */
const baselineOf = (results: LoadResult[], r: LoadResult) =>
  results.find(
    (b) =>
      b.workload === r.workload && b.mode === (r.mode === 'job' ? 'load' : r.mode) && b.server === 'bare',
  )

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
      'over 3 s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'p50 ratio',
      'p99 ratio',
      'server CPU ms/req',
      'CPU ratio',
      'loop p99 ms',
      'loop max ms',
    ],
  ]
  for (const r of results) {
    const base = baselineOf(results, r)
    rows.push([
      WORKLOAD_LABEL[r.workload],
      modeLabel(r, options),
      r.serverLabel,
      String(r.expected),
      String(r.done),
      String(r.non2xx),
      `${r.errors}/${r.timeouts}`,
      String(r.over3s),
      ms(r.p50),
      ms(r.p99),
      ms(r.max),
      ratio(r.p50, base?.p50 ?? Number.NaN),
      ratio(r.p99, base?.p99 ?? Number.NaN),
      ms(r.cpuPerRequestMs),
      ratio(r.cpuPerRequestMs, base?.cpuPerRequestMs ?? Number.NaN),
      ms(r.loopP99Ms),
      ms(r.loopMaxMs),
    ])
  }
  return rows
}

/** The issue's goals (see the README's Performance section), each judged on this run's figures. */
export const GOALS = {
  /** `/msp help`: app p99 at most this many times bare Bolt's, under the same load. */
  helpP99Ratio: 3,
  /** `/msp customers` under load: every ack within 3 s, p99 at most this. */
  customersP99Ms: TARGET_P99_MS,
  customersCpuMs: 2,
  saveCpuMs: 5,
  /** Embedded database: the main thread's event-loop delay (includes the 5 ms sampling period). */
  loopP99Ms: 20,
  loopMaxMs: 100,
} as const

const verdict = (met: boolean) => (met ? 'met' : 'NOT met')

function answeredAll(r: LoadResult): string[] {
  return [
    ...(r.done < r.expected * 0.95 ? [`only ${r.done}/${r.expected} answered`] : []),
    ...(r.non2xx + r.errors > 0 ? [`${r.non2xx} non-2xx, ${r.errors} errors`] : []),
  ]
}

/** One line per goal and app: the goal, met or not, and the figures it was judged on. */
export function targetLines(results: LoadResult[]): string[] {
  const lines: string[] = []
  for (const r of results.filter((x) => x.server === 'app' && x.mode !== 'sequential')) {
    const where = `${WORKLOAD_LABEL[r.workload]}, ${r.serverLabel}${r.mode === 'job' ? ', during the import' : ''}`
    const problems = answeredAll(r)
    const base = baselineOf(results, r)
    if (r.workload === 'command' && base) {
      const met = r.p99 <= GOALS.helpP99Ratio * base.p99 && problems.length === 0
      lines.push(
        `goal p99 ≤ ${GOALS.helpP99Ratio}× bare Bolt's (${where}): ${verdict(met)} ` +
          `(${ms(r.p99)} vs ${ms(base.p99)} ms, ${ratio(r.p99, base.p99)}${problems.map((p) => `, ${p}`).join('')})`,
      )
    }
    if (r.workload === 'customers') {
      const met = r.over3s === 0 && r.p99 <= GOALS.customersP99Ms && problems.length === 0
      lines.push(
        `goal 0 over 3 s and p99 ≤ ${GOALS.customersP99Ms} ms (${where}): ${verdict(met)} ` +
          `(${r.over3s} over 3 s, p99 ${ms(r.p99)} ms${problems.map((p) => `, ${p}`).join('')})`,
      )
      if (r.mode === 'load')
        lines.push(
          `goal app CPU ≤ ${GOALS.customersCpuMs} ms/req (${where}): ${verdict(r.cpuPerRequestMs <= GOALS.customersCpuMs)} (${ms(r.cpuPerRequestMs)} ms)`,
        )
    }
    if ((r.workload === 'view' || r.workload === 'save') && r.mode === 'load')
      lines.push(
        `goal app CPU ≤ ${GOALS.saveCpuMs} ms/req (${where}): ${verdict(r.cpuPerRequestMs <= GOALS.saveCpuMs)} ` +
          `(${ms(r.cpuPerRequestMs)} ms${Number.isFinite(r.databaseCpuPerRequestMs) ? ` + ${ms(r.databaseCpuPerRequestMs)} ms in PostgreSQL` : ''})`,
      )
    if (r.workload === 'customers' && r.serverLabel.includes('PGlite'))
      lines.push(
        `goal event-loop delay p99 ≤ ${GOALS.loopP99Ms} ms, max ≤ ${GOALS.loopMaxMs} ms (${where}): ` +
          `${verdict(r.loopP99Ms <= GOALS.loopP99Ms && r.loopMaxMs <= GOALS.loopMaxMs)} (p99 ${ms(r.loopP99Ms)}, max ${ms(r.loopMaxMs)} ms)`,
      )
    if (r.job)
      lines.push(
        `  the import (${where}): ${r.job.error ? `FAILED: ${r.job.error}` : `${r.job.rows} rows in ${ms(r.job.ms)} ms`}`,
      )
  }
  return lines
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
        `  ${WORKLOAD_LABEL[r.workload]}, ${modeLabel(r, options)}, ` +
        `${r.serverLabel}: ${ms(r.databaseCpuPerRequestMs)} ms/req ` +
        `(server + backends ${ms(r.cpuPerRequestMs + r.databaseCpuPerRequestMs)} ms/req)`,
    ),
  ]
}
