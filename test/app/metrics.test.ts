// GET /metrics: Prometheus text format (checked by a strict parser of the exposition format), with the ack
// latency histogram counting a request we sent, database time, job queue depth, event-loop delay and
// process metrics — on the Slack app's port and on the no-Slack server's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '../../src/app/env.ts'
import { createLogger } from '../../src/app/logging.ts'
import { launch, type RunningApp } from '../../src/app/start.ts'
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts'
import { slashCommand } from '../support/slack-request.ts'

const SECRET = 'metrics-test-signing-secret'
const TOKEN = 'xoxb-metrics-test'

interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*'
const LABEL_VALUE = '"(?:[^"\\\\\\n]|\\\\[\\\\"n])*"'
const LABELS = `\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=${LABEL_VALUE}(?:,[a-zA-Z_][a-zA-Z0-9_]*=${LABEL_VALUE})*,?)?\\}`
const SAMPLE = new RegExp(`^(${NAME})(${LABELS})? (\\S+)(?: (-?\\d+))?$`)
// Prometheus reads a value with Go's ParseFloat: NaN and Inf in any case (prom-client writes NaN as "Nan",
// e.g. nodejs_eventloop_lag_mean_seconds before its first sample).
const VALUE = /^(?:[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|[+-]?inf(?:inity)?|nan)$/i

/** Parses Prometheus text format 0.0.4 strictly: every line a HELP, a TYPE or a sample of a typed family. */
function parsePrometheus(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>()
  const samples: Sample[] = []
  expect(text.endsWith('\n')).toBe(true)
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue
    const help = new RegExp(`^# HELP (${NAME}) .*$`).exec(line)
    if (help) continue
    const type = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line)
    if (type) {
      expect(types.has(type[1] ?? ''), `TYPE twice for ${type[1]}`).toBe(false)
      types.set(type[1] ?? '', type[2] ?? '')
      continue
    }
    const sample = SAMPLE.exec(line)
    expect(sample, `not a Prometheus text line: ${line}`).not.toBeNull()
    if (!sample) continue
    const [, name = '', rawLabels = '', value = ''] = sample
    expect(value, line).toMatch(VALUE)
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count|total|created)$/, '')
    expect(types.has(family) || types.has(name), `sample without a TYPE: ${line}`).toBe(true)
    const labels: Record<string, string> = {}
    for (const m of rawLabels.matchAll(new RegExp(`([a-zA-Z_][a-zA-Z0-9_]*)=(${LABEL_VALUE})`, 'g')))
      labels[m[1] ?? ''] = JSON.parse(m[2] ?? '""')
    samples.push({ name, labels, value: Number(value.replace(/^\+?Inf$/, 'Infinity')) })
  }
  return { types, samples }
}

function find(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
}

const quiet = () => createLogger({ sink: { write: () => {} }, pretty: false })

describe('GET /metrics on the Slack app', () => {
  let fake: FakeSlack
  let running: RunningApp
  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: TOKEN })
    const env = parseEnv({
      PORT: '0',
      DATABASE_URL: 'memory://',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: fake.apiUrl,
    })
    running = await launch({ mode: 'start', env, logger: quiet() })
  }, 90_000)
  afterAll(async () => {
    await running?.stop()
    await fake?.close()
  })

  it('parses as Prometheus text and counts the request we sent under its handler', async () => {
    const base = `http://127.0.0.1:${running.port}`
    const metricsAt = async () => {
      const res = await fetch(`${base}/metrics`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
      return parsePrometheus(await res.text())
    }
    const before = await metricsAt()
    const sent = await slashCommand(`${base}/slack/events`, SECRET, {
      text: 'customers',
      userId: 'U0MARCO', // a manager of the demo book
      responseUrl: fake.responseUrl(),
    })
    expect(sent.status).toBe(200)
    await fake.waitForResponse()
    const { types, samples } = await metricsAt()

    const label = { kind: 'command', id: '/msp customers' }
    expect(find(before.samples, 'msp_bot_ack_latency_seconds_count', label)).toBeUndefined()
    expect(types.get('msp_bot_ack_latency_seconds')).toBe('histogram')
    expect(find(samples, 'msp_bot_ack_latency_seconds_count', label)?.value).toBe(1)
    const sum = find(samples, 'msp_bot_ack_latency_seconds_sum', label)?.value ?? -1
    expect(sum).toBeGreaterThan(0)
    expect(sum).toBeLessThan(3) // Slack's limit
    expect(find(samples, 'msp_bot_ack_latency_seconds_bucket', { ...label, le: '+Inf' })?.value).toBe(1)

    // The listing read the database: Prisma operations timed.
    expect(types.get('msp_bot_db_operation_seconds')).toBe('histogram')
    const dbCounts = samples.filter((s) => s.name === 'msp_bot_db_operation_seconds_count')
    expect(dbCounts.reduce((n, s) => n + s.value, 0)).toBeGreaterThan(0)
    // The job queue's depth, read from the queue at the scrape.
    expect(types.get('msp_bot_jobs')).toBe('gauge')
    expect(find(samples, 'msp_bot_jobs', { state: 'queued' })?.value).toBeGreaterThanOrEqual(0)
    expect(find(samples, 'msp_bot_jobs', { state: 'failed' })).toBeDefined()
    expect(types.get('msp_bot_job_runs_total')).toBe('counter')
    // Event-loop delay (monitorEventLoopDelay) and process metrics.
    for (const name of [
      'nodejs_eventloop_lag_p50_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_eventloop_lag_max_seconds',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
    ])
      expect(find(samples, name), name).toBeDefined()
    expect(find(samples, 'msp_bot_shutting_down')?.value).toBe(0)
  }, 60_000)

  it('exposes process memory: RSS, the V8 heap, external memory and array buffers', async () => {
    const { types, samples } = parsePrometheus(
      await (await fetch(`http://127.0.0.1:${running.port}/metrics`)).text(),
    )
    // prom-client's defaults
    for (const name of [
      'process_resident_memory_bytes',
      'nodejs_heap_size_total_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_external_memory_bytes',
    ])
      expect(find(samples, name)?.value, name).toBeGreaterThan(0)
    // ours: one reading of process.memoryUsage(), array buffers included
    expect(types.get('msp_bot_process_memory_bytes')).toBe('gauge')
    const memory = (kind: string) => find(samples, 'msp_bot_process_memory_bytes', { kind })?.value ?? -1
    for (const kind of ['rss', 'heap_total', 'heap_used', 'external', 'array_buffers'])
      expect(memory(kind), kind).toBeGreaterThan(0)
    expect(memory('heap_used')).toBeLessThanOrEqual(memory('heap_total'))
    expect(memory('heap_total')).toBeLessThan(memory('rss'))
    expect(memory('array_buffers')).toBeLessThanOrEqual(memory('external'))
    // the same process as prom-client's RSS, read a moment apart
    const rss = find(samples, 'process_resident_memory_bytes')?.value ?? 0
    expect(Math.abs(memory('rss') - rss)).toBeLessThan(rss / 2)
  })

  it('labels a request refused before any handler ran by its status', async () => {
    const base = `http://127.0.0.1:${running.port}`
    const forged = await slashCommand(`${base}/slack/events`, 'wrong-secret', {
      text: 'help',
      userId: 'U0MARCO',
      responseUrl: fake.responseUrl(),
    })
    expect(forged.status).toBe(401)
    const { samples } = parsePrometheus(await (await fetch(`${base}/metrics`)).text())
    expect(find(samples, 'msp_bot_ack_latency_seconds_count', { kind: 'http', id: '401' })?.value).toBe(1)
  })
})

describe('GET /metrics without Slack', () => {
  it('is served beside /healthz', async () => {
    const env = parseEnv({ PORT: '0', DATABASE_URL: 'memory://' })
    const running = await launch({ mode: 'sandbox', env, logger: quiet() })
    try {
      const res = await fetch(`http://127.0.0.1:${running.port}/metrics`)
      expect(res.status).toBe(200)
      const { samples } = parsePrometheus(await res.text())
      expect(find(samples, 'nodejs_eventloop_lag_p99_seconds')).toBeDefined()
      expect(find(samples, 'msp_bot_jobs', { state: 'queued' })).toBeDefined()
    } finally {
      await running.stop()
    }
  }, 90_000)
})
