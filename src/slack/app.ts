// The Bolt app: HTTP receiver at POST /slack/events (or Socket Mode), GET /healthz, every listener.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { App, type CustomRoute, HTTPReceiver, LogLevel } from '@slack/bolt'
import type { SlackDeps } from './deps.ts'
import { registerListeners } from './listeners/index.ts'
import { runOncePerDelivery } from './middleware/idempotency.ts'

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
}

export function healthRoute(ping: () => Promise<boolean>): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: async (_req: IncomingMessage, res: ServerResponse) => {
      const ok = await ping()
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ ok, database: ok ? 'reachable' : 'unreachable' }))
    },
  }
}

export function createSlackApp(options: SlackAppOptions): { app: App; receiver?: HTTPReceiver } {
  const { credentials, deps } = options
  const clientOptions = {
    slackApiUrl: options.slackApiUrl,
    // Fail fast with a clear message instead of holding a listener for minutes.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 500 },
  }
  const routes = [healthRoute(options.ping)]
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
      installerOptions: { port: options.port },
      clientOptions,
      logLevel: options.logLevel ?? LogLevel.INFO,
    })
  } else {
    receiver = new HTTPReceiver({
      signingSecret: credentials.signingSecret,
      endpoints: EVENTS_PATH,
      customRoutes: routes,
      logLevel: options.logLevel ?? LogLevel.INFO,
    })
    app = new App({
      token: credentials.botToken,
      botId: credentials.botId,
      botUserId: credentials.botUserId,
      receiver,
      clientOptions,
      logLevel: options.logLevel ?? LogLevel.INFO,
    })
  }
  app.use(runOncePerDelivery(deps.services.recordDelivery))
  registerListeners(app, deps)
  return { app, receiver }
}
