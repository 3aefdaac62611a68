// Sandbox mode (no Slack credentials, or `npm run cli -- sandbox`): the real app against the in-process
// Slack emulator (src/sandbox/emulator). The app gets a fresh signing secret and bot token and
// SLACK_API_URL pointed at the emulator; the emulator signs its requests to the app's own
// POST /slack/events with that secret. The page (GET /) drives the emulator.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Database } from '../db/client.ts'
import {
  SANDBOX_IDS,
  SANDBOX_NOTIFY_CHANNEL_ID,
  type SandboxEmulator,
  type SandboxSlack,
  sandboxCredentials,
  startSandboxSlack,
} from '../sandbox/emulator/sandbox-slack.ts'
import type { WebRoute } from '../web/routes.ts'
import type { SlackCredentials } from './env.ts'

export interface Sandbox {
  slack: SandboxSlack
  emulator: SandboxEmulator
  /** What the app is started with: a random secret and token, the emulator's bot ids. */
  credentials: SlackCredentials
  /** SLACK_API_URL for the app. */
  apiUrl: string
  /** MSP_NOTIFY_CHANNEL, or the sandbox's own notify channel when it is not set. */
  notifyChannel: string
  /** The page's routes (GET / and what it calls), on the app's port. */
  routes: WebRoute[]
  close(): Promise<void>
}

/** Until the page is mounted: GET / says what this is. */
function placeholderRoute(): WebRoute {
  return {
    path: '/',
    method: ['GET'],
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('msp-bot sandbox: the Slack emulator is running; the page is not mounted yet.\n')
    },
  }
}

export async function startSandbox(db: Database, notifyChannel: string | undefined): Promise<Sandbox> {
  const secrets = sandboxCredentials()
  const channel = notifyChannel ?? SANDBOX_NOTIFY_CHANNEL_ID
  const emulator = await startSandboxSlack({
    ...secrets,
    notifyChannelId: channel,
    directory: () =>
      db.prisma.mspUser.findMany({
        select: { name: true, email: true, role: true, slackUserId: true },
        orderBy: { name: 'asc' },
      }),
  })
  return {
    slack: emulator.slack,
    emulator,
    credentials: { ...secrets, botId: SANDBOX_IDS.botId, botUserId: SANDBOX_IDS.botUserId },
    apiUrl: emulator.apiUrl,
    notifyChannel: channel,
    routes: [placeholderRoute()],
    close: () => emulator.close(),
  }
}
