// GET /metrics in Prometheus text format (prom-client), on the same port as /healthz:
//   msp_bot_ack_latency_seconds{kind,id}      histogram: Slack request arrival → ack sent (HTTP mode)
//   msp_bot_db_operation_seconds{operation}   histogram: each Prisma operation as the app waits for it
//                                             (query building, the database, result mapping)
//   msp_bot_jobs{queue,state}                 gauge: job queue depth, read at scrape time from the queue
//   msp_bot_job_runs_total{queue,outcome}     counter: jobs finished (completed / failed)
//   msp_bot_shutting_down                     gauge: 1 while draining after SIGTERM/SIGINT
//   msp_bot_process_memory_bytes{kind}        gauge: process.memoryUsage() read at each scrape, one coherent
//                                             reading: rss, heap_total, heap_used, external (memory of C++
//                                             objects bound to JS: buffers, WASM memories' backing stores
//                                             are in rss) and array_buffers (ArrayBuffers and Buffers)
//   process_*, nodejs_*                       prom-client's default metrics, among them the main thread's
//                                             event-loop delay (perf_hooks.monitorEventLoopDelay, 10 ms
//                                             resolution): nodejs_eventloop_lag_{p50,p90,p99,max}_seconds,
//                                             reset at each scrape
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { PrismaClient } from '../db/client.ts'
import type { HandlerLabel } from '../slack/middleware/observe-requests.ts'

export const METRICS_PATH = '/metrics'

/** Counts of jobs by queue and state ('queued', 'active', 'retry', 'failed', …), read at each scrape. */
export type JobCounts = { queue: string; state: string; count: number }[]

/** What the job queue reports: a finished job, and (at wiring) how to read its depth. */
export interface JobMetrics {
  jobFinished(queue: string, outcome: 'completed' | 'failed', seconds?: number): void
  /** Replaces the reader of the queue's depth; it may be async (it is awaited at each scrape). */
  readJobCounts(read: () => JobCounts | Promise<JobCounts>): void
}

export interface AppMetrics extends JobMetrics {
  readonly registry: Registry
  observeAck(label: HandlerLabel, seconds: number): void
  observeDb(operation: string, seconds: number): void
  setShuttingDown(on: boolean): void
  /** The Prometheus text exposition of everything above. */
  text(): Promise<string>
  /** A Bolt custom route / plain handler for GET /metrics. */
  route: {
    path: string
    method: string[]
    handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>
  }
}

/** Acks must come within 3 s; the buckets resolve the fast end finely and mark Slack's limit. */
const ACK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5]
const DB_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5]

export function createMetrics(): AppMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 })
  const ack = new Histogram({
    name: 'msp_bot_ack_latency_seconds',
    help: 'Time from a Slack request arriving to its ack (HTTP response) being sent, by handler.',
    labelNames: ['kind', 'id'] as const,
    buckets: ACK_BUCKETS,
    registers: [registry],
  })
  const db = new Histogram({
    name: 'msp_bot_db_operation_seconds',
    help: 'Duration of each Prisma operation (query building, database, result mapping), by model.action.',
    labelNames: ['operation'] as const,
    buckets: DB_BUCKETS,
    registers: [registry],
  })
  let readJobs: (() => JobCounts | Promise<JobCounts>) | null = null
  new Gauge({
    name: 'msp_bot_jobs',
    help: 'Jobs in the queue by queue and state, read from the queue at each scrape.',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      if (!readJobs) return
      this.reset()
      try {
        for (const { queue, state, count } of await readJobs()) this.set({ queue, state }, count)
      } catch {
        // A scrape must not fail because the queue cannot be read; the gauge is left empty.
      }
    },
  })
  const runs = new Counter({
    name: 'msp_bot_job_runs_total',
    help: 'Jobs finished, by queue and outcome (completed, failed).',
    labelNames: ['queue', 'outcome'] as const,
    registers: [registry],
  })
  const jobSeconds = new Histogram({
    name: 'msp_bot_job_duration_seconds',
    help: 'How long each job ran, by queue.',
    labelNames: ['queue'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
    registers: [registry],
  })
  const shuttingDown = new Gauge({
    name: 'msp_bot_shutting_down',
    help: '1 while the app drains in-flight work after SIGTERM or SIGINT.',
    registers: [registry],
  })
  shuttingDown.set(0)
  new Gauge({
    name: 'msp_bot_process_memory_bytes',
    help: 'process.memoryUsage() at the scrape: rss, heap_total, heap_used, external, array_buffers.',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      const m = process.memoryUsage()
      this.set({ kind: 'rss' }, m.rss)
      this.set({ kind: 'heap_total' }, m.heapTotal)
      this.set({ kind: 'heap_used' }, m.heapUsed)
      this.set({ kind: 'external' }, m.external)
      this.set({ kind: 'array_buffers' }, m.arrayBuffers)
    },
  })

  const text = () => registry.metrics()
  return {
    registry,
    observeAck: (label, seconds) => ack.observe({ kind: label.kind, id: label.id }, seconds),
    observeDb: (operation, seconds) => db.observe({ operation }, seconds),
    jobFinished(queue, outcome, seconds) {
      runs.inc({ queue, outcome })
      if (seconds !== undefined) jobSeconds.observe({ queue }, seconds)
    },
    readJobCounts(read) {
      readJobs = read
    },
    setShuttingDown: (on) => shuttingDown.set(on ? 1 : 0),
    text,
    route: {
      path: METRICS_PATH,
      method: ['GET'],
      handler: async (_req, res) => {
        try {
          const body = await text()
          res.writeHead(200, { 'content-type': registry.contentType })
          res.end(body)
        } catch (error) {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
          res.end(`metrics unavailable: ${String(error)}\n`)
        }
      },
    },
  }
}

/**
 * The same client, each operation timed into `msp_bot_db_operation_seconds` (a Prisma query extension;
 * operations inside interactive transactions included). Raw queries are named `$queryRaw` etc.
 */
export function timedPrisma(prisma: PrismaClient, metrics: Pick<AppMetrics, 'observeDb'>): PrismaClient {
  return prisma.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        const started = performance.now()
        try {
          return await query(args)
        } finally {
          metrics.observeDb(model ? `${model}.${operation}` : operation, (performance.now() - started) / 1000)
        }
      },
    },
  }) as unknown as PrismaClient
}
