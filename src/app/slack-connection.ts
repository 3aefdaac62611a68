// Serving Slack when the Slack API may not be reachable yet. Connected at start-up: the Slack app starts
// at once. Unreachable: a stand-in server on the same port answers GET /healthz with 503
// {"ok":false,"slack":"unreachable",…} (and Slack's requests with 503, which Slack retries), while auth.test
// is retried with backoff; on success the stand-in gives the port to the Slack app. If Slack then rejects
// the token, `failed` rejects with the one-line SlackCredentialsError.
import { createServer, type Server } from 'node:http'
import { checkSlackToken, type SlackAuth } from './slack-auth.ts'

export interface SlackServer {
  port: number
  stop(): Promise<void>
}

export interface SlackLink {
  port: number
  status(): 'connected' | 'unreachable'
  /** Rejects if Slack rejects the token while retrying; otherwise never settles. */
  failed: Promise<never>
  stop(): Promise<void>
}

export interface Backoff {
  firstMs: number
  maxMs: number
}

export const DEFAULT_BACKOFF: Backoff = { firstMs: 1_000, maxMs: 30_000 }

export interface ConnectSlackOptions {
  token: string
  slackApiUrl?: string
  /** The result of the start-up check (made before the database was opened). */
  initial: SlackAuth
  port: number
  ping: () => Promise<boolean>
  /** Starts the Bolt app on `port` (0 = any free port). */
  start(port: number, auth: Extract<SlackAuth, { status: 'connected' }>): Promise<SlackServer>
  log(line: string): void
  backoff?: Backoff
}

/** Listens on `port` (0: any free one) and resolves with the port taken. */
export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, () => {
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    })
  })
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/**
 * Rejects (EADDRINUSE, …) when `port` cannot be listened on. Socket Mode checks it before connecting: Bolt
 * listens for /healthz there without handling an error, so a busy port was an uncaught exception.
 */
export async function checkPortFree(port: number): Promise<void> {
  if (port === 0) return
  const probe = createServer()
  await listen(probe, port)
  await close(probe)
}

/** The stand-in server while Slack is unreachable: /healthz says so, everything else is 503. */
function standIn(ping: () => Promise<boolean>, reason: () => string): Server {
  return createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') {
      void ping().then((database) => {
        // connection: close — the Slack app takes this port over later; no client keeps a socket to us
        res.writeHead(503, { 'content-type': 'application/json', connection: 'close' })
        res.end(
          JSON.stringify({
            ok: false,
            database: database ? 'reachable' : 'unreachable',
            slack: 'unreachable',
            reason: reason(),
          }),
        )
      })
      return
    }
    res.writeHead(503, {
      'content-type': 'text/plain; charset=utf-8',
      'retry-after': '10',
      connection: 'close',
    })
    res.end('msp-bot cannot reach the Slack API yet; it keeps trying.\n')
  })
}

export async function connectSlack(options: ConnectSlackOptions): Promise<SlackLink> {
  const { initial } = options
  if (initial.status === 'connected') {
    const server = await options.start(options.port, initial)
    return {
      port: server.port,
      status: () => 'connected',
      failed: new Promise<never>(() => {}),
      stop: server.stop,
    }
  }

  const backoff = options.backoff ?? DEFAULT_BACKOFF
  let reason = initial.reason
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let connected: SlackServer | undefined
  const waiting = standIn(options.ping, () => reason)
  const port = await listen(waiting, options.port)
  let waitingOpen = true
  let fail: (error: unknown) => void = () => {}
  const failed = new Promise<never>((_, reject) => {
    fail = reject
  })
  failed.catch(() => {}) // observed by whoever awaits it; never an unhandled rejection

  const retry = (delay: number) => {
    options.log(
      `Slack API unreachable (${reason}); /healthz answers 503; retrying in ${Math.round(delay / 1000)} s`,
    )
    timer = setTimeout(async () => {
      if (stopped) return
      try {
        const auth = await checkSlackToken(options.token, { slackApiUrl: options.slackApiUrl })
        if (stopped) return
        if (auth.status === 'unreachable') {
          reason = auth.reason
          return retry(Math.min(delay * 2, backoff.maxMs))
        }
        await close(waiting)
        waitingOpen = false
        if (stopped) return
        const server = await options.start(port, auth)
        if (stopped) return void (await server.stop())
        connected = server
        options.log('Slack API reachable again: msp-bot is connected to Slack')
      } catch (error) {
        fail(error)
      }
    }, delay)
  }
  retry(backoff.firstMs)

  return {
    port,
    status: () => (connected ? 'connected' : 'unreachable'),
    failed,
    async stop() {
      stopped = true
      clearTimeout(timer)
      if (waitingOpen) await close(waiting)
      await connected?.stop()
    },
  }
}
