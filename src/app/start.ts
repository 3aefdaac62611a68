// `npm start`: open (and migrate) the database, load the demo book into an empty one, then serve Slack —
// or, with no Slack credentials, serve /healthz and say how to connect Slack.
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { type Database, openDatabase } from '../db/client.ts'
import { type JobQueue, startAppJobs } from '../jobs/index.ts'
import { snapshotIssueLines } from '../messages/snapshot.ts'
import { createServices } from '../services/index.ts'
import { countBook, importSnapshot, summarizeCounts } from '../services/snapshot/import-snapshot.ts'
import { createSlackApp, EVENTS_PATH, healthRoute } from '../slack/app.ts'
import { openAdminSocket } from './admin-socket.ts'
import { type AppEnv, parseEnv, type SlackCredentials } from './env.ts'
import { checkSlackToken } from './slack-auth.ts'
import { type Backoff, connectSlack, type SlackServer } from './slack-connection.ts'

export const DEMO_SNAPSHOT = fileURLToPath(new URL('../../examples/demo-snapshot.json', import.meta.url))

export interface StartOptions {
  mode: 'start' | 'sandbox'
  env?: AppEnv
  /** How often auth.test is retried while the Slack API is unreachable (default 1 s doubling to 30 s). */
  slackBackoff?: Backoff
}

export interface RunningApp {
  port: number
  db: Database
  /** The kept job queue (src/jobs): `jobs.stats()` gives its depth and failures. */
  jobs: JobQueue
  /** With Slack credentials: whether the Slack API answered (see slack-connection.ts). */
  slack?: () => 'connected' | 'unreachable'
  /** Rejects when the app must stop on its own (Slack rejected the token after start-up). */
  failed?: Promise<never>
  stop(): Promise<void>
}

async function loadDemoIfEmpty(db: Database): Promise<string | null> {
  const counts = await countBook(db.prisma)
  if (counts.customers > 0 || counts.mspUsers > 0) return null
  const result = await importSnapshot(db.prisma, JSON.parse(readFileSync(DEMO_SNAPSHOT, 'utf8')))
  if (!result.ok)
    throw new Error(`the demo snapshot is invalid: ${snapshotIssueLines(result.problems).join('; ')}`)
  return summarizeCounts(result.counts)
}

const HOW_TO_CONNECT = [
  'No Slack credentials are set, so msp-bot is not connected to Slack. To connect it:',
  '  1. Create a Slack app from manifest.yml (api.slack.com/apps → Create New App → From a manifest),',
  '     with its request URLs pointing at <your public URL>/slack/events.',
  '  2. Install it to your workspace, then set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN',
  '     (or SLACK_APP_TOKEN too, for Socket Mode without a public URL) and run npm start again.',
].join('\n')

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, () => {
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    })
  })
}

/** The Bolt app on `listenPort`: HTTP receiver at POST /slack/events, or Socket Mode. */
async function startSlack(
  env: AppEnv,
  db: Database,
  ping: () => Promise<boolean>,
  listenPort: number,
  credentials: SlackCredentials,
): Promise<SlackServer> {
  const { app, receiver } = createSlackApp({
    credentials,
    deps: {
      services: createServices(db.prisma, { sharedDatabase: db.kind === 'postgres' }),
      notifyChannel: env.notifyChannel,
    },
    slackApiUrl: env.slackApiUrl,
    ping,
    port: listenPort,
  })
  if (receiver) {
    const server = await receiver.start(listenPort)
    const port = (server.address() as { port: number }).port
    console.log(`msp-bot is listening: POST http://localhost:${port}${EVENTS_PATH}, GET /healthz`)
    return { port, stop: () => receiver.stop() }
  }
  await app.start()
  console.log(`msp-bot is connected to Slack in Socket Mode; GET http://localhost:${listenPort}/healthz`)
  return {
    port: listenPort,
    stop: async () => {
      await app.stop()
    },
  }
}

/** Starts everything and returns a handle (tests use it); `startApp` runs until a signal. */
export async function launch(options: StartOptions): Promise<RunningApp> {
  const env = options.env ?? parseEnv()
  const credentials = env.slack && options.mode === 'start' ? env.slack : null
  // Before anything is created: a token Slack rejects stops here with one line (SlackCredentialsError).
  const slackAuth = credentials
    ? await checkSlackToken(credentials.botToken, { slackApiUrl: env.slackApiUrl })
    : null
  const db = await openDatabase({ url: env.databaseUrl })
  const admin = await openAdminSocket({ db }) // the CLI's export/import/migrate status while we run
  let jobs: JobQueue | undefined
  try {
    const demo = await loadDemoIfEmpty(db)
    jobs = await startAppJobs(db, (line) => console.log(line)) // housekeeping: now, then every 10 min
    const queue = jobs
    console.log(`Database: ${db.kind} at ${db.location}${demo ? ` — loaded the demo book (${demo})` : ''}`)
    const ping = () => db.ping()
    if (credentials && slackAuth) {
      const slack = await connectSlack({
        token: credentials.botToken,
        slackApiUrl: env.slackApiUrl,
        initial: slackAuth,
        port: env.port,
        ping,
        log: (line) => console.log(line),
        backoff: options.slackBackoff,
        start: (port, auth) =>
          startSlack(env, db, ping, port, { ...credentials, botId: auth.botId, botUserId: auth.botUserId }),
      })
      return {
        port: slack.port,
        db,
        jobs,
        slack: slack.status,
        failed: slack.failed,
        stop: async () => {
          await slack.stop()
          await queue.stop() // the job running finishes (up to 10 s) before the database closes
          await admin.close()
          await db.close()
        },
      }
    }
    const health = healthRoute(ping)
    const server = createServer((req, res) => {
      if (req.method === 'GET' && req.url === health.path) return void health.handler(req, res)
      res.writeHead(req.url === '/' ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' })
      res.end(`msp-bot is running without Slack.\n\n${HOW_TO_CONNECT}\n`)
    })
    const port = await listen(server, env.port)
    console.log(`${HOW_TO_CONNECT}\nmsp-bot (no Slack) is serving GET http://localhost:${port}/healthz`)
    return {
      port,
      db,
      jobs,
      stop: async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await queue.stop()
        await admin.close()
        await db.close()
      },
    }
  } catch (error) {
    await jobs?.stop()
    await admin.close()
    await db.close()
    throw error
  }
}

/**
 * Runs until SIGINT/SIGTERM, then closes the database cleanly (PGlite must be closed) and resolves, so
 * the process exits 0. A signal during start-up stops the app as soon as it has started. Rejects (after
 * stopping) when the app fails on its own, e.g. Slack rejects the token after start-up.
 */
export async function startApp(options: StartOptions): Promise<void> {
  let signalled: (signal: NodeJS.Signals) => void = () => {}
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    signalled = resolve
  })
  const onSignal = (name: NodeJS.Signals) => signalled(name)
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    const running = await launch(options)
    const outcome = await Promise.race([signal, running.failed ?? new Promise<never>(() => {})]).catch(
      (error: unknown) => ({ error }),
    )
    console.log(typeof outcome === 'string' ? `Stopping (${outcome})…` : 'Stopping…')
    await running.stop()
    console.log('Stopped: database closed.')
    if (typeof outcome !== 'string') throw outcome.error
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
