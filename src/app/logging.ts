// The app's log: pino, one JSON object per line (pretty, coloured lines in a terminal). Every line written
// during a Slack request carries that request's ids (team, user, trigger_id/event_id, callback_id/
// action_id, …) through an AsyncLocalStorage scope entered by the request middleware. Bolt and its
// WebClient log through the same logger (boltLogger adapts pino to Bolt's Logger interface).
//
// Secrets never reach the output: fields named like secrets are redacted by pino, and every finished line
// is scrubbed of Slack token patterns (xoxb-, xoxp-, xapp-, …) and of the exact secret values the app was
// given (signing secret, tokens, the database password), whatever the field or message carrying them.
import { AsyncLocalStorage } from 'node:async_hooks'
import { format } from 'node:util'
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt'
import { type DestinationStream, type Logger, pino } from 'pino'
import { prettyFactory } from 'pino-pretty'

export type AppLogger = Logger

/** Where log lines go: anything with write(line). Defaults to stdout. */
export interface LogSink {
  write(line: string): void
}

export interface LoggerOptions {
  /** pino level name; default 'info'. */
  level?: string
  /** Exact values never to be written (signing secret, tokens, passwords). Empty strings are ignored. */
  secrets?: readonly (string | undefined)[]
  /** Default: stdout (synchronously, so nothing is lost at exit). */
  sink?: LogSink
  /** Human-readable lines instead of JSON; default: whether stdout is a terminal. */
  pretty?: boolean
}

/** Fields whose values are secret wherever they appear (pino redact paths). */
export const REDACTED_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'password',
  'secret',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.password',
  '*.secret',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["x-slack-signature"]',
  '*.*.token',
  '*.*.authorization',
]

/** Slack tokens of every kind (bot, user, app-level, workspace, refresh, config) in any text. */
const SLACK_TOKEN = /\b(xox[abeoprs]|xapp)-[A-Za-z0-9-]+/g

const REDACTION = '[redacted]'

/** Replaces Slack token patterns and the given exact secrets (raw and as escaped in JSON) in a line. */
export function secretScrubber(secrets: readonly (string | undefined)[] = []): (line: string) => string {
  const forms = new Set<string>()
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue // too short to be a secret, too common to scrub
    forms.add(secret)
    forms.add(JSON.stringify(secret).slice(1, -1))
    forms.add(encodeURIComponent(secret))
  }
  const exact =
    forms.size > 0
      ? new RegExp(
          [...forms]
            .sort((a, b) => b.length - a.length)
            .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('|'),
          'g',
        )
      : null
  return (line) => {
    let out = line.replace(SLACK_TOKEN, (_match, kind: string) => `${kind}-${REDACTION}`)
    if (exact) out = out.replace(exact, REDACTION)
    return out
  }
}

/** Ids of the request being handled, added to every line logged inside its scope. */
export type LogScope = object

const scope = new AsyncLocalStorage<LogScope>()

/** Runs `fn` so that every line logged inside it (also asynchronously) carries `ids`. */
export function withLogScope<T>(ids: LogScope, fn: () => T): T {
  return scope.run(ids, fn)
}

function stdoutSink(): LogSink {
  const out = pino.destination({ dest: 1, sync: true })
  return { write: (line) => void out.write(line) }
}

export function createLogger(options: LoggerOptions = {}): AppLogger {
  const scrub = secretScrubber(options.secrets)
  const sink = options.sink ?? stdoutSink()
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY)
  const prettify = pretty
    ? prettyFactory({
        colorize: options.sink === undefined,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname',
      })
    : null
  const destination: DestinationStream = {
    write(line: string) {
      sink.write(scrub(prettify ? prettify(line) : line))
    },
  }
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined, // no pid/hostname on every line
      redact: { paths: REDACTED_PATHS, censor: REDACTION },
      mixin: () => scope.getStore() ?? {},
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  )
}

const BOLT_TO_PINO: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
}

function toBoltLevel(level: string): LogLevel {
  if (level === 'debug' || level === 'trace') return LogLevel.DEBUG
  if (level === 'info') return LogLevel.INFO
  if (level === 'warn') return LogLevel.WARN
  return LogLevel.ERROR
}

/** Bolt calls log methods with any mix of strings, objects and errors: the first error goes to `err`. */
function logWith(logger: () => Logger, method: 'debug' | 'info' | 'warn' | 'error') {
  return (...messages: unknown[]) => {
    const target = logger()
    if (!target.isLevelEnabled(method)) return
    const err = messages.find((m) => m instanceof Error)
    const rest = messages.filter((m) => m !== err)
    const text = rest.length > 0 ? format(...rest) : err instanceof Error ? err.message : ''
    if (err) target[method]({ err }, text)
    else target[method](text)
  }
}

/** Bolt's Logger interface over a pino logger; setName adds the name as `logger` on each line. */
export function boltLogger(base: AppLogger): BoltLogger {
  let current = base
  const get = () => current
  return {
    debug: logWith(get, 'debug'),
    info: logWith(get, 'info'),
    warn: logWith(get, 'warn'),
    error: logWith(get, 'error'),
    setLevel(level: LogLevel) {
      current.level = BOLT_TO_PINO[level] ?? 'info'
    },
    getLevel: () => toBoltLevel(current.level),
    setName(name: string) {
      const level = current.level
      current = base.child({ logger: name })
      current.level = level
    },
  }
}
