// Messages between the bench and its child processes (the fake Slack and the Slack servers).

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

/** A server's process.cpuUsage(), in microseconds. */
export interface ServerCpu {
  type: 'cpu'
  userUs: number
  systemUs: number
}

export type ParentMessage = { type: 'stats' } | { type: 'cpu' } | { type: 'stop' }

export function isMessage<T extends { type: string }>(value: unknown, type: T['type']): value is T {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === type
}
