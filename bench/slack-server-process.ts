// Child process: a Slack app on an HTTPReceiver (port 0), either the real msp-bot app on a seeded
// database ("app": in-memory PGlite, or the PostgreSQL database whose URL is given) or a bare Bolt app
// whose listeners only ack ("bare").
// argv: <app|bare> <fake Slack API URL> [database URL for "app": memory:// (default) or postgresql://…]
import type { Server } from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { App, HTTPReceiver, LogLevel } from '@slack/bolt'
import { openDatabase } from '../src/db/client.ts'
import { snapshotIssueLines } from '../src/messages/snapshot.ts'
import { createServices } from '../src/services/index.ts'
import { customerGroupDetail } from '../src/services/queries/groups.ts'
import { importSnapshot } from '../src/services/snapshot/import-snapshot.ts'
import { createSlackApp, EVENTS_PATH } from '../src/slack/app.ts'
import { customerGroupVersion } from '../src/slack/blocks/customer-group.ts'
import { ACTION, CALLBACK } from '../src/slack/ids.ts'
import { MSP_COMMAND } from '../src/slack/listeners/commands/msp.ts'
import { BOOK, bigBook, GROUP } from './book.ts'
import {
  BENCH_SLACK_USER,
  BOT_TOKEN,
  type Fixtures,
  isMessage,
  type JobDone,
  type JobReady,
  type ParentMessage,
  readServerCpu,
  type ServerReady,
  SIGNING_SECRET,
} from './ipc.ts'

const [mode, apiUrl, databaseUrl = 'memory://'] = process.argv.slice(2)
if ((mode !== 'app' && mode !== 'bare') || !apiUrl)
  throw new Error('usage: slack-server-process <app|bare> <api url> [database url]')

/** The long job's snapshot as the admin socket receives it from `npm run cli -- import` (JSON text). */
let jobSnapshot: string | undefined

/** Replaces the app's book with the prepared snapshot, parsed and imported as the admin socket does. */
async function runJob(prisma: Parameters<typeof importSnapshot>[0], snapshot: string): Promise<JobDone> {
  const started = performance.now()
  try {
    const result = await importSnapshot(prisma, JSON.parse(snapshot))
    if (!result.ok) throw new Error(snapshotIssueLines(result.problems).join('; '))
    const rows = Object.values(result.counts).reduce((a, b) => a + b, 0)
    return { type: 'job-done', ms: performance.now() - started, rows }
  } catch (error) {
    return { type: 'job-done', ms: performance.now() - started, rows: 0, error: String(error) }
  }
}

let jobDatabase: Parameters<typeof importSnapshot>[0] | undefined

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
  jobDatabase = db.prisma
  const { receiver } = createSlackApp({
    credentials: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN },
    // as src/app/start.ts: delivery keys go to the database only when other processes may share it
    deps: {
      services: createServices(db.prisma, {
        sharedDatabase: db.kind === 'postgres',
        readCache: db.readCache,
      }),
    },
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
  app.options(ACTION.pickCustomers, async ({ ack }) => {
    await ack({ options: [] })
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

// The main thread's timer lag: what acks wait for when something (PGlite's WASM, a long job) holds it.
const loopDelay = monitorEventLoopDelay({ resolution: 5 })
loopDelay.enable()

process.on('message', (message: unknown) => {
  if (isMessage<ParentMessage>(message, 'cpu')) {
    process.send?.(readServerCpu(loopDelay))
  } else if (isMessage<ParentMessage & { type: 'prepare-job' }>(message, 'prepare-job')) {
    jobSnapshot = JSON.stringify(bigBook(message.customers))
    process.send?.({ type: 'job-ready' } satisfies JobReady)
  } else if (isMessage<ParentMessage>(message, 'job')) {
    const database = jobDatabase
    if (!database || !jobSnapshot) throw new Error('only the app runs jobs, once prepared')
    void runJob(database, jobSnapshot).then((done) => process.send?.(done))
  } else if (isMessage<ParentMessage>(message, 'stop')) {
    running.server.closeAllConnections()
    void running.stop().finally(() => process.exit(0))
  }
})
