// The Bolt app: HTTP receiver at POST /slack/events (or Socket Mode), GET /healthz, every listener.
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { App, type CustomRoute, HTTPReceiver, type Logger, LogLevel } from '@slack/bolt'
import type { SlackDeps } from './deps.ts'
import { registerListeners } from './listeners/index.ts'
import { runOncePerDelivery } from './middleware/idempotency.ts'
import {
  type AckObserver,
  ackTimer,
  observeRequests,
  type RequestScope,
} from './middleware/observe-requests.ts'
import { matchSubcommand } from './subcommands/index.ts'

export const EVENTS_PATH = '/slack/events'

/** HTTP mode: signing secret and bot token; Socket Mode: also the app-level token. */
export interface SlackCredentials {
  signingSecret: string
  botToken: string
  appToken?: string
  /** From the start-up auth.test: given to Bolt, it does not call auth.test again (a blip there crashed it). */
  botId?: string
  botUserId?: string
}

export interface SlackAppOptions {
  credentials: SlackCredentials
  deps: SlackDeps
  slackApiUrl?: string
  ping: () => Promise<boolean>
  /** Port of /healthz in Socket Mode (HTTP mode gets it from receiver.start). */
  port?: number
  logLevel?: LogLevel
  /** The app's log; Bolt and its WebClient log through it too (default: Bolt's console logger). */
  logger?: Logger
  /** Runs each request inside the app's scope (log ids, in-flight count) and times its ack (HTTP mode). */
  observe?: { scope: RequestScope; onAck: AckObserver }
  /** More routes on the same port, beside /healthz (GET /metrics). */
  routes?: CustomRoute[]
  /** True while the app drains before stopping: Slack's requests get 503 (Slack retries them). */
  draining?: () => boolean
}

export function healthRoute(ping: () => Promise<boolean>, draining?: () => boolean): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: async (_req: IncomingMessage, res: ServerResponse) => {
      if (draining?.()) {
        res.writeHead(503, { 'content-type': 'application/json', connection: 'close' })
        res.end(JSON.stringify({ ok: false, stopping: true }))
        return
      }
      const ok = await ping()
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ ok, database: ok ? 'reachable' : 'unreachable' }))
    },
  }
}

/** `/msp customers …` is labelled "/msp customers"; an unknown subcommand "/msp ?" (bounded labels). */
function commandLabel(command: string, text: string): string {
  const match = matchSubcommand(text || 'help')
  return match ? `${command} ${match.command.name}` : `${command} ?`
}

/** While draining, a new Slack request gets 503 and its connection is closed (Slack retries it later). */
function refuseWhileDraining(receiver: HTTPReceiver, draining: () => boolean) {
  const listener = receiver.requestListener
  receiver.requestListener = (req, res) => {
    if (draining() && req.method === 'POST') {
      res.writeHead(503, {
        'content-type': 'text/plain; charset=utf-8',
        connection: 'close',
        'retry-after': '5',
      })
      res.end('msp-bot is stopping\n')
      return
    }
    return listener(req, res)
  }
}

/** Whether the path has a malformed %-escape (Bolt's matching of a route with a parameter throws on it). */
function malformedPath(url: string | undefined): boolean {
  try {
    decodeURIComponent((url ?? '').split('?')[0] ?? '')
    return false
  } catch {
    return true
  }
}

function notFound(res: ServerResponse) {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
  res.end('Not found\n')
}

/**
 * Answers 404 to a path with a malformed %-escape before Bolt matches the custom routes: Bolt decodes a
 * route's parameters with decodeURIComponent, which throws — a bare 500 in HTTP mode, an unhandled
 * rejection (the process stops) in Socket Mode's route server. Socket Mode's server is private to Bolt.
 */
function guardMalformedPaths(app: App, receiver: HTTPReceiver | undefined) {
  if (receiver) {
    const listener = receiver.requestListener
    receiver.requestListener = (req, res) => (malformedPath(req.url) ? notFound(res) : listener(req, res))
    return
  }
  const socketReceiver: unknown = Reflect.get(app, 'receiver')
  const server = socketReceiver
    ? (Reflect.get(socketReceiver, 'httpServer') as Server | undefined)
    : undefined
  if (!server) return
  const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[]
  server.removeAllListeners('request')
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (malformedPath(req.url)) return notFound(res)
    for (const listener of listeners) listener.call(server, req, res)
  })
}

export function createSlackApp(options: SlackAppOptions): { app: App; receiver?: HTTPReceiver } {
  const { credentials, deps } = options
  const clientOptions = {
    slackApiUrl: options.slackApiUrl,
    // Fail fast with a clear message instead of holding a listener for minutes.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 500 },
  }
  const routes = [healthRoute(options.ping, options.draining), ...(options.routes ?? [])]
  const timer = options.observe ? ackTimer(options.observe.onAck, EVENTS_PATH) : undefined
  const logging = options.logger
    ? { logger: options.logger, logLevel: options.logLevel ?? options.logger.getLevel() } // else Bolt sets INFO
    : { logLevel: options.logLevel ?? LogLevel.INFO }
  let app: App
  let receiver: HTTPReceiver | undefined
  if (credentials.appToken) {
    app = new App({
      token: credentials.botToken,
      botId: credentials.botId,
      botUserId: credentials.botUserId,
      appToken: credentials.appToken,
      socketMode: true,
      customRoutes: routes,
      // Bolt gives the Socket Mode client (apps.connections.open) installerOptions.clientOptions, not
      // clientOptions: without this it would ask slack.com for its WebSocket URL whatever SLACK_API_URL says.
      installerOptions: { port: options.port, clientOptions: { slackApiUrl: options.slackApiUrl } },
      clientOptions,
      convoStore: false,
      ...logging,
    })
  } else {
    receiver = new HTTPReceiver({
      signingSecret: credentials.signingSecret,
      endpoints: EVENTS_PATH,
      customRoutes: routes,
      customPropertiesExtractor: timer?.customPropertiesExtractor,
      ...logging,
    })
    timer?.instrument(receiver)
    if (options.draining) refuseWhileDraining(receiver, options.draining)
    app = new App({
      token: credentials.botToken,
      botId: credentials.botId,
      botUserId: credentials.botUserId,
      receiver,
      clientOptions,
      // Bolt's default conversation store is per process and, for every event from a conversation it does
      // not hold, makes and throws away an Error; the app never reads context.conversation.
      convoStore: false,
      ...logging,
    })
  }
  guardMalformedPaths(app, receiver)
  if (options.observe) app.use(observeRequests(options.observe.scope, commandLabel))
  app.use(runOncePerDelivery(deps.services.recordDelivery))
  registerListeners(app, deps)
  return { app, receiver }
}
