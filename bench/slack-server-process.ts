// Child process: a Slack app on an HTTPReceiver (port 0), either the real msp-bot app on a seeded
// database ("app": in-memory PGlite, or the PostgreSQL database whose URL is given) or a bare Bolt app
// whose listeners only ack ("bare").
// argv: <app|bare> <fake Slack API URL> [database URL for "app": memory:// (default) or postgresql://…]
import type { Server } from 'node:http'
import { App, HTTPReceiver, LogLevel } from '@slack/bolt'
import { openDatabase } from '../src/db/client.ts'
import { snapshotIssueLines } from '../src/messages/snapshot.ts'
import { createServices } from '../src/services/index.ts'
import { customerGroupDetail } from '../src/services/queries/groups.ts'
import { importSnapshot } from '../src/services/snapshot/import-snapshot.ts'
import type { SnapshotInput } from '../src/services/snapshot/snapshot-schema.ts'
import { createSlackApp, EVENTS_PATH } from '../src/slack/app.ts'
import { customerGroupVersion } from '../src/slack/blocks/customer-group.ts'
import { CALLBACK } from '../src/slack/ids.ts'
import { MSP_COMMAND } from '../src/slack/listeners/commands/msp.ts'
import {
  BENCH_SLACK_USER,
  BOT_TOKEN,
  type Fixtures,
  isMessage,
  type ParentMessage,
  type ServerCpu,
  type ServerReady,
  SIGNING_SECRET,
} from './ipc.ts'

const [mode, apiUrl, databaseUrl = 'memory://'] = process.argv.slice(2)
if ((mode !== 'app' && mode !== 'bare') || !apiUrl)
  throw new Error('usage: slack-server-process <app|bare> <api url> [database url]')

const GROUP = 'Bench group'
const BOOK: SnapshotInput = {
  version: 1,
  mspUsers: [
    { name: 'Bench Admin', email: 'admin@msp.example', role: 'admin', slackUserId: BENCH_SLACK_USER },
    { name: 'Alex', email: 'alex@msp.example', role: 'technician' },
  ],
  customers: ['Zylker', 'Acme', 'Globex', 'Initech', 'Umbrella'].map((name) => ({
    name,
    accountContact: 'alex@msp.example',
    alertGroups: [{ name: 'Ops', members: ['alex@msp.example'] }],
  })),
  groups: [
    {
      name: GROUP,
      customers: ['Zylker', 'Acme', 'Globex'],
      users: ['admin@msp.example', 'alex@msp.example'],
    },
    { name: 'Others', customers: ['Initech', 'Umbrella'], users: ['alex@msp.example'] },
  ],
}

async function startApp(): Promise<{ server: Server; fixtures?: Fixtures; stop: () => Promise<void> }> {
  // a fresh database each time (a Postgres one is created empty by the bench): migrated here, then seeded
  const db = await openDatabase({ url: databaseUrl })
  const imported = await importSnapshot(db.prisma, BOOK)
  if (!imported.ok)
    throw new Error(`bench book rejected: ${snapshotIssueLines(imported.problems).join('; ')}`)
  const group = await db.prisma.customerGroup.findUniqueOrThrow({
    where: { nameKey: GROUP.toLowerCase() },
    include: { customers: true, members: true },
  })
  const admin = await db.prisma.mspUser.findUniqueOrThrow({ where: { slackUserId: BENCH_SLACK_USER } })
  const { receiver } = createSlackApp({
    credentials: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN },
    // as src/app/start.ts: delivery keys go to the database only when other processes may share it
    deps: { services: createServices(db.prisma, { sharedDatabase: db.kind === 'postgres' }) },
    slackApiUrl: apiUrl,
    ping: () => db.ping(),
    logLevel: LogLevel.ERROR,
  })
  if (!receiver) throw new Error('expected an HTTP receiver')
  const server = await receiver.start(0)
  return {
    server,
    fixtures: {
      slackUserId: BENCH_SLACK_USER,
      adminId: admin.id,
      groupId: group.id,
      groupName: group.name,
      groupCustomerIds: group.customers.map((c) => c.customerId).sort((a, b) => a - b),
      groupUserIds: group.members.map((m) => m.mspUserId).sort((a, b) => a - b),
      groupIsDefault: group.isDefault,
      // what the Edit Customer Group form carries when opened now: the submissions are not stale
      formVersion: customerGroupVersion(await customerGroupDetail(db.prisma, group.id)),
    },
    stop: async () => {
      await receiver.stop()
      await db.close()
    },
  }
}

async function startBare(): Promise<{ server: Server; stop: () => Promise<void> }> {
  const receiver = new HTTPReceiver({
    signingSecret: SIGNING_SECRET,
    endpoints: EVENTS_PATH,
    logLevel: LogLevel.ERROR,
  })
  const app = new App({
    token: BOT_TOKEN,
    receiver,
    clientOptions: { slackApiUrl: apiUrl },
    logLevel: LogLevel.ERROR,
  })
  app.command(MSP_COMMAND, async ({ ack }) => {
    await ack()
  })
  app.view(CALLBACK.customerGroup, async ({ ack }) => {
    await ack()
  })
  const server = await receiver.start(0)
  return { server, stop: () => receiver.stop() }
}

const running: { server: Server; fixtures?: Fixtures; stop: () => Promise<void> } =
  mode === 'app' ? await startApp() : await startBare()
const address = running.server.address()
const port = typeof address === 'object' && address ? address.port : 0
const ready: ServerReady = {
  type: 'ready',
  port,
  fixtures: 'fixtures' in running ? running.fixtures : undefined,
}
process.send?.(ready)

process.on('message', (message: unknown) => {
  if (isMessage<ParentMessage>(message, 'cpu')) {
    const usage = process.cpuUsage()
    const cpu: ServerCpu = { type: 'cpu', userUs: usage.user, systemUs: usage.system }
    process.send?.(cpu)
  } else if (isMessage<ParentMessage>(message, 'stop')) {
    running.server.closeAllConnections()
    void running.stop().finally(() => process.exit(0))
  }
})
