// Part 6, PostgreSQL only: ack latency at 200 signed requests/s spread over TWO msp-bot app processes on
// one database (the seeded book), as two production instances behind a load balancer. Child processes:
// the fake Slack (fake-slack-process.ts) and two apps (at-size-server-process.ts); the load generator
// (two autocannon instances, 100 requests/s each) runs in the bench process.
import autocannon from 'autocannon'
import { ACTION, BLOCK, CALLBACK } from '../src/slack/ids.ts'
import { encodeMetadata } from '../src/slack/metadata.ts'
import { TEST_CHANNEL_ID } from '../test/support/slack-ids.ts'
import {
  blockSuggestion,
  newTriggerId,
  postSigned,
  slashCommandBody,
  viewPayload,
} from '../test/support/slack-request.ts'
import { ask, type Child, spawnChild, stopChild } from './children.ts'
import {
  BENCH_SLACK_USER,
  type FakeReady,
  type FakeStats,
  type ServerCpu,
  type ServerReady,
  SIGNING_SECRET,
} from './ipc.ts'
import { signedHeaders } from './signed.ts'
import { startNodeOptions } from './start-flags.ts'
import { quantile } from './stats.ts'

export type LoadWorkload = 'customers' | 'options'

export const LOAD_LABEL: Record<LoadWorkload, string> = {
  customers: '`/msp customers <search>` (ack, then the list on response_url)',
  options: 'options load, customers select (answered in the ack)',
}

export interface TwoInstanceOptions {
  /** Requests per second in all (half to each instance). */
  rate: number
  /** Connections per instance. */
  connections: number
  durationS: number
  warmupS: number
  search: string
  /** The group whose Edit Customer Group form the options load comes from. */
  groupId: number
}

export interface TwoInstanceResult {
  workload: LoadWorkload
  /** Requests per second asked for, over both instances. */
  rate: number
  expected: number
  answered: number
  non2xx: number
  errors: number
  /** Answers slower than 3 s, errors, timeouts and requests never sent (closed loop). */
  over3s: number
  p50: number
  p99: number
  max: number
  /** App CPU ms per answered request, both instances together. */
  cpuPerRequestMs: number
}

let counter = 0

function bodyFor(workload: LoadWorkload, options: TwoInstanceOptions, responseUrlPrefix: string): string {
  const search = options.search
  if (workload === 'customers')
    return slashCommandBody({
      text: `customers ${search}`,
      userId: BENCH_SLACK_USER,
      responseUrl: `${responseUrlPrefix}at-size-${process.pid}-${++counter}`,
      triggerId: newTriggerId(),
    })
  const payload = blockSuggestion({
    userId: BENCH_SLACK_USER,
    actionId: ACTION.pickCustomers,
    blockId: BLOCK.customers,
    value: search,
    view: viewPayload({
      id: 'VATSIZEOPTIONS',
      callbackId: CALLBACK.customerGroup,
      privateMetadata: encodeMetadata({ id: options.groupId, channel: TEST_CHANNEL_ID }),
    }),
  })
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString()
}

async function drive(
  port: number,
  workload: LoadWorkload,
  prefix: string,
  rate: number,
  durationS: number,
  options: TwoInstanceOptions,
) {
  const latencies: number[] = []
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: options.connections,
    overallRate: rate,
    duration: durationS,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/slack/events',
        setupRequest: (request) => {
          const body = bodyFor(workload, options, prefix)
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Both instances under `rate` requests/s in all, at the same time; latencies pooled. */
async function bothUnderLoad(
  ports: number[],
  apps: Child<ServerReady>[],
  workload: LoadWorkload,
  prefix: string,
  options: TwoInstanceOptions,
): Promise<TwoInstanceResult> {
  const perInstance = options.rate / ports.length
  if (options.warmupS > 0)
    await Promise.all(ports.map((p) => drive(p, workload, prefix, perInstance, options.warmupS, options)))
  await sleep(1000)
  const cpu = async () =>
    (await Promise.all(apps.map((a) => ask<ServerCpu>(a, { type: 'cpu' }, 'cpu')))).reduce(
      (sum, c) => sum + (c.userUs + c.systemUs) / 1000,
      0,
    )
  const cpuBefore = await cpu()
  const runs = await Promise.all(
    ports.map((p) => drive(p, workload, prefix, perInstance, options.durationS, options)),
  )
  await sleep(1000) // the asynchronous replies of the last requests
  const cpuAfter = await cpu()
  const latencies = runs.flatMap((r) => r.latencies)
  const expected = options.rate * options.durationS
  const sent = runs.reduce((s, r) => s + r.result.requests.total, 0)
  const errors = runs.reduce((s, r) => s + r.result.errors + r.result.timeouts, 0)
  return {
    workload,
    rate: options.rate,
    expected,
    answered: sent,
    non2xx: runs.reduce((s, r) => s + r.result.non2xx, 0),
    errors,
    over3s: latencies.filter((l) => l > 3000).length + errors + Math.max(0, expected - sent),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: quantile(latencies, 1),
    cpuPerRequestMs: (cpuAfter - cpuBefore) / Math.max(1, latencies.length),
  }
}

/** Starts the fake Slack and two app processes on `databaseUrl`, runs each workload, stops them. */
export async function twoInstanceLoad(
  databaseUrl: string,
  workloads: readonly LoadWorkload[],
  options: TwoInstanceOptions,
): Promise<{ results: TwoInstanceResult[]; smokeProblems: string[]; fake: FakeStats }> {
  const fake = await spawnChild<FakeReady>('./fake-slack-process.ts', [])
  const children: Child<unknown>[] = [fake]
  try {
    const apps: Child<ServerReady>[] = []
    for (let i = 0; i < 2; i++) {
      const app = await spawnChild<ServerReady>(
        './at-size-server-process.ts',
        [fake.ready.apiUrl, databaseUrl],
        startNodeOptions(databaseUrl),
      )
      children.push(app)
      apps.push(app)
    }
    const ports = apps.map((a) => a.ready.port)
    const results: TwoInstanceResult[] = []
    const smokeProblems: string[] = []
    for (const workload of workloads) {
      // one request to each instance first: its ack must be the expected one
      for (const port of ports) {
        const response = await postSigned(
          `http://127.0.0.1:${port}/slack/events`,
          SIGNING_SECRET,
          bodyFor(workload, options, fake.ready.responseUrlPrefix),
        )
        const good =
          response.status === 200 &&
          (workload === 'options' ? response.text.startsWith('{"options":[{') : response.text === '')
        if (!good)
          smokeProblems.push(
            `${workload} on port ${port}: HTTP ${response.status} ${response.text.slice(0, 200)}`,
          )
      }
      results.push(await bothUnderLoad(ports, apps, workload, fake.ready.responseUrlPrefix, options))
    }
    return { results, smokeProblems, fake: await ask<FakeStats>(fake, { type: 'stats' }, 'stats') }
  } finally {
    for (const child of children.reverse()) await stopChild(child)
  }
}
