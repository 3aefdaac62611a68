// What start-up wires around the app: the log (secrets scrubbed), the metrics, the count of requests in
// flight and the draining flag that shutdown raises. One object, made once per launch.
import type { Logger as BoltLogger } from '@slack/bolt'
import type { RequestScope } from '../slack/middleware/observe-requests.ts'
import type { AppEnv } from './env.ts'
import { type AppLogger, boltLogger, createLogger, withLogScope } from './logging.ts'
import { type AppMetrics, createMetrics } from './metrics.ts'
import { InFlight } from './shutdown.ts'

export interface Observability {
  log: AppLogger
  /** The same log, for Bolt and its WebClient. */
  boltLog: BoltLogger
  metrics: AppMetrics
  inFlight: InFlight
  /** Each Slack request: counted in flight, its log lines carrying its ids. */
  scope: RequestScope
  draining(): boolean
  startDraining(): void
}

/** The password of a PostgreSQL URL (never logged), if any. */
function databasePassword(url: string | undefined): string | undefined {
  if (!url || !/^postgres(ql)?:\/\//.test(url)) return undefined
  try {
    const password = new URL(url).password
    return password ? decodeURIComponent(password) : undefined
  } catch {
    return undefined
  }
}

/** The password of SMTP_URL (never logged), if any. */
function urlPassword(url: string | undefined): string | undefined {
  try {
    const password = url ? new URL(url).password : ''
    return password ? decodeURIComponent(password) : undefined
  } catch {
    return undefined
  }
}

/** The exact values the log must never contain. */
export function secretsOf(env: AppEnv): string[] {
  return [
    env.slack?.signingSecret,
    env.slack?.botToken,
    env.slack?.appToken,
    databasePassword(env.databaseUrl),
    urlPassword(env.mail?.smtpUrl),
    env.agentStatusSecret,
  ].filter((s): s is string => Boolean(s))
}

export function createObservability(env: AppEnv, log?: AppLogger): Observability {
  const logger = log ?? createLogger({ secrets: secretsOf(env) })
  const metrics = createMetrics()
  const inFlight = new InFlight()
  let draining = false
  return {
    log: logger,
    boltLog: boltLogger(logger),
    metrics,
    inFlight,
    scope: (ids, next) => inFlight.run(() => withLogScope(ids, next)),
    draining: () => draining,
    startDraining() {
      draining = true
      metrics.setShuttingDown(true)
    },
  }
}
