// Messages between the bench and its child processes (the fake Slack and the Slack servers).
import type { IntervalHistogram } from 'node:perf_hooks'

export const SIGNING_SECRET = 'bench-secret'
export const BOT_TOKEN = 'xoxb-bench'
export const BENCH_SLACK_USER = 'U0BENCHADMIN'

export interface FakeReady {
  type: 'ready'
  apiUrl: string
  /** A response_url minus its id: append a unique id per request. */
  responseUrlPrefix: string
}

export interface FakeStats {
  type: 'stats'
  calls: number
  responses: number
  violations: string[]
}

/** What the seeded app holds, so the parent can build requests that change nothing. */
export interface Fixtures {
  slackUserId: string
  adminId: number
  groupId: number
  groupName: string
  groupCustomerIds: number[]
  groupUserIds: number[]
  groupIsDefault: boolean
  formVersion: string
}

export interface ServerReady {
  type: 'ready'
  port: number
  /** Only from the real app. */
  fixtures?: Fixtures
}

/**
 * A server's process.cpuUsage(), in microseconds, and its main thread's event-loop delay since the previous
 * reading (perf_hooks.monitorEventLoopDelay, reset at every reading), in milliseconds.
 */
export interface ServerCpu {
  type: 'cpu'
  userUs: number
  systemUs: number
  loopP99Ms: number
  loopMaxMs: number
}

const NS_PER_MS = 1e6

/** A server child's answer to `cpu`: its CPU so far and its loop delay since the last answer (then reset). */
export function readServerCpu(loopDelay: IntervalHistogram): ServerCpu {
  const usage = process.cpuUsage()
  const cpu: ServerCpu = {
    type: 'cpu',
    userUs: usage.user,
    systemUs: usage.system,
    loopP99Ms: loopDelay.percentile(99) / NS_PER_MS,
    loopMaxMs: loopDelay.max / NS_PER_MS,
  }
  loopDelay.reset()
  return cpu
}

/** The app's long job (a snapshot import of `customers` customers into its own database) has ended. */
export interface JobDone {
  type: 'job-done'
  ms: number
  /** Rows the import wrote (customers, group links, associations, …). */
  rows: number
  error?: string
}

/** The long job's snapshot is made (before the measured run: making test data is not the app's work). */
export interface JobReady {
  type: 'job-ready'
}

export type ParentMessage =
  | { type: 'stats' }
  | { type: 'cpu' }
  | { type: 'stop' }
  | { type: 'prepare-job'; customers: number }
  | { type: 'job' }

export function isMessage<T extends { type: string }>(value: unknown, type: T['type']): value is T {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === type
}
