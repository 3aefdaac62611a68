// Sandbox mode (no Slack credentials, or `npm run cli -- sandbox`): the real app against the in-process
// Slack emulator (src/sandbox/emulator). The app gets a fresh signing secret and bot token and
// SLACK_API_URL pointed at the emulator; the emulator signs its requests to the app's own
// POST /slack/events with that secret. The page (GET /) drives the emulator.
import type { Database } from '../db/client.ts'
import {
  SANDBOX_IDS,
  SANDBOX_NOTIFY_CHANNEL_ID,
  type SandboxEmulator,
  type SandboxSlack,
  sandboxCredentials,
  startSandboxSlack,
} from '../sandbox/emulator/sandbox-slack.ts'
import { outboxReader } from '../sandbox/page/outbox.ts'
import { sandboxPageRoutes } from '../sandbox/page/routes.ts'
import type { ServicesOptions } from '../services/index.ts'
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
  /** The services' mail options, also telling the page when mail was queued (its Outbox tab). */
  mailServices<T extends Pick<ServicesOptions, 'onMailQueued'>>(services: T): T
  close(): Promise<void>
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
    routes: sandboxPageRoutes(emulator.slack, { outbox: outboxReader(db.prisma) }),
    mailServices: (services) => ({
      ...services,
      onMailQueued: () => {
        services.onMailQueued?.()
        emulator.slack.announce({ kind: 'outbox' })
      },
    }),
    close: () => emulator.close(),
  }
}
