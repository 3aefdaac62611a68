// `npm start`: open (and migrate) the database, load the demo book into an empty one, then serve Slack —
// or, with no Slack credentials, serve the sandbox (the same app against an in-process Slack emulator,
// src/app/sandbox.ts) and say how to connect Slack.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type Database, openDatabase } from '../db/client.ts'
import { importEnqueuer, type JobQueue, startAppJobs } from '../jobs/index.ts'
import { snapshotIssueLines } from '../messages/snapshot.ts'
import { createServices, type Services } from '../services/index.ts'
import { countBook, importSnapshot, summarizeCounts } from '../services/snapshot/import-snapshot.ts'
import { createSlackApp, EVENTS_PATH } from '../slack/app.ts'
import { importReporterFor } from '../slack/imports/import-reporter.ts'
import { createWebPages } from '../web/index.ts'
import type { WebRoute } from '../web/routes.ts'
import { openAdminSocket } from './admin-socket.ts'
import { approvalExpiryAnnouncer } from './approval-expiry.ts'
import { systemDnsResolver } from './dns-resolver.ts'
import { type AppEnv, parseEnv, type SlackCredentials } from './env.ts'
import { invitationDigestPoster } from './invitation-digest.ts'
import { type AppLogger, createLogger } from './logging.ts'
import { type AppMail, appMail } from './mail.ts'
import { timedPrisma } from './metrics.ts'
import { createObservability, type Observability, secretsOf } from './observability.ts'
// The sandbox (its Slack emulator, page, Slack specs, ajv) is imported only in sandbox mode, see launch.
import type { Sandbox } from './sandbox.ts'
import { DRAIN_MS, onStopSignals, signalExitCode } from './shutdown.ts'
import { checkSlackToken } from './slack-auth.ts'
import { type Backoff, checkPortFree, connectSlack, type SlackServer } from './slack-connection.ts'

export const DEMO_SNAPSHOT = fileURLToPath(new URL('../../examples/demo-snapshot.json', import.meta.url))

export interface StartOptions {
  mode: 'start' | 'sandbox'
  env?: AppEnv
  /** How often auth.test is retried while the Slack API is unreachable (default 1 s doubling to 30 s). */
  slackBackoff?: Backoff
  /** The app's log (default: JSON lines on stdout, pretty in a terminal; secrets scrubbed). */
  logger?: AppLogger
  /** How long in-flight Slack requests may run on after a stop signal (default 10 s). */
  drainMs?: number
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
  /** Log, metrics, Slack requests in flight (see observability.ts). */
  observability: Observability
  /** In sandbox mode (no Slack credentials): the Slack emulator the page drives, and what the app got. */
  sandbox?: Sandbox
  /** Stops taking requests, lets those in flight finish (within drainMs), then closes the database. */
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

/** The invitation link's page (src/web); its form key derives from `secret` when given. */
const webPagesOf = (services: Services, env: AppEnv, obs: Observability, secret?: string) =>
  createWebPages({
    services,
    secret,
    publicUrl: env.publicUrl,
    agentStatusSecret: env.agentStatusSecret,
    logError: (message, error) => obs.log.error({ err: error }, message),
  })

/** The Bolt app on `listenPort`: HTTP receiver at POST /slack/events, or Socket Mode. */
async function startSlack(
  env: AppEnv,
  db: Database,
  ping: () => Promise<boolean>,
  listenPort: number,
  credentials: SlackCredentials,
  obs: Observability,
  drainMs: number,
  mail: ReturnType<AppMail['wiring']>,
  extraRoutes: WebRoute[] = [],
  /** Sends a bulk import's job on the running queue (services.imports.start). */
  enqueueImport?: (taskId: string) => Promise<void>,
): Promise<SlackServer> {
  const services = createServices(timedPrisma(db.prisma, obs.metrics), {
    sharedDatabase: db.kind === 'postgres',
    readCache: db.readCache,
    dnsResolver: systemDnsResolver(),
    ...mail.services,
    enqueueImport,
  })
  const { app, receiver } = createSlackApp({
    credentials,
    deps: { services, notifyChannel: env.notifyChannel, mailSending: mail.mailSending },
    slackApiUrl: env.slackApiUrl,
    ping,
    port: listenPort,
    logger: obs.boltLog,
    observe: { scope: obs.scope, onAck: obs.metrics.observeAck },
    routes: [
      obs.metrics.route,
      ...webPagesOf(services, env, obs, credentials.signingSecret).routes,
      ...extraRoutes,
    ],
    draining: obs.draining,
  })
  if (receiver) {
    const server = await receiver.start(listenPort)
    const port = (server.address() as { port: number }).port
    obs.log.info(
      `msp-bot is listening: POST http://localhost:${port}${EVENTS_PATH}, GET /healthz, GET /metrics`,
    )
    return {
      port,
      stop: async () => {
        // No new connections; requests in flight finish (bounded), then idle keep-alive sockets are closed.
        const closed = receiver.stop()
        await drainRequests(obs, drainMs)
        server.closeAllConnections()
        await closed
      },
    }
  }
  await checkPortFree(listenPort) // a busy PORT fails start-up in one line, as in HTTP mode
  await app.start()
  obs.log.info(`msp-bot is connected to Slack in Socket Mode; GET http://localhost:${listenPort}/healthz`)
  return {
    port: listenPort,
    stop: async () => {
      await drainRequests(obs, drainMs)
      await app.stop()
    },
  }
}

/** Waits for the Slack requests in flight to finish, at most `ms`; says so if some did not. */
async function drainRequests(obs: Observability, ms: number): Promise<void> {
  obs.startDraining()
  if (obs.inFlight.count > 0) obs.log.info(`waiting for ${obs.inFlight.count} Slack request(s) in flight`)
  const left = await obs.inFlight.idle(ms)
  if (left > 0) obs.log.warn(`${left} Slack request(s) still running after ${ms} ms; stopping anyway`)
}

/** Starts everything and returns a handle (tests use it); `startApp` runs until a signal. */
export async function launch(options: StartOptions): Promise<RunningApp> {
  const env = options.env ?? parseEnv()
  const credentials = env.slack && options.mode === 'start' ? env.slack : null
  // Before anything is created: a token Slack rejects stops here with one line (SlackCredentialsError).
  const slackAuth = credentials
    ? await checkSlackToken(credentials.botToken, { slackApiUrl: env.slackApiUrl })
    : null
  const obs = createObservability(env, options.logger)
  const log = obs.log
  const drainMs = options.drainMs ?? DRAIN_MS
  const db = await openDatabase({ url: env.databaseUrl })
  const mail = appMail(env, (line) => log.warn(line))
  // the CLI's export/import/migrate status while we run (src/app/admin-socket.ts)
  const admin = await openAdminSocket({ db, log: (line) => log.warn(line) })
  let jobs: JobQueue | undefined
  let sandbox: Sandbox | undefined
  try {
    const demo = await loadDemoIfEmpty(db)
    // No Slack credentials: the sandbox's emulator stands in for Slack (its own secret, token and API URL).
    if (!credentials) sandbox = await (await import('./sandbox.ts')).startSandbox(db, env.notifyChannel)
    const slackEnv: AppEnv = sandbox
      ? { ...env, slackApiUrl: sandbox.apiUrl, notifyChannel: sandbox.notifyChannel }
      : env
    const botToken = credentials?.botToken ?? sandbox?.credentials.botToken
    // housekeeping: now, then every 10 min; the invitation digest daily (with a channel and Slack)
    const digest = invitationDigestPoster({
      channel: slackEnv.notifyChannel,
      botToken,
      slackApiUrl: slackEnv.slackApiUrl,
    })
    jobs = await startAppJobs(
      db,
      (line) => log.info(line),
      obs.metrics.jobFinished,
      mail.jobs,
      { post: digest },
      {
        announce: approvalExpiryAnnouncer({
          botToken,
          slackApiUrl: slackEnv.slackApiUrl,
          log: (line) => log.warn(line),
        }),
      },
      // bulk imports: progress message updates and the summary DM (src/slack/imports/import-reporter.ts)
      {
        reporter: importReporterFor({
          botToken,
          slackApiUrl: slackEnv.slackApiUrl,
          log: (line) => log.warn(line),
        }),
      },
    )
    const queue = jobs
    obs.metrics.readJobCounts(async () => {
      const stats = await queue.stats()
      return [
        { queue: 'all', state: 'queued', count: stats.depth },
        { queue: 'all', state: 'active', count: stats.active },
        { queue: 'all', state: 'failed', count: stats.failed },
      ]
    })
    log.info(`Database: ${db.kind} at ${db.location}${demo ? ` — loaded the demo book (${demo})` : ''}`)
    const ping = () => db.ping()
    if (credentials && slackAuth) {
      const slack = await connectSlack({
        token: credentials.botToken,
        slackApiUrl: env.slackApiUrl,
        initial: slackAuth,
        port: env.port,
        ping,
        log: (line) => log.info(line),
        backoff: options.slackBackoff,
        start: (port, auth) =>
          startSlack(
            env,
            db,
            ping,
            port,
            { ...credentials, botId: auth.botId, botUserId: auth.botUserId },
            obs,
            drainMs,
            mail.wiring(queue),
            [],
            importEnqueuer(queue),
          ),
      })
      return {
        port: slack.port,
        db,
        jobs,
        slack: slack.status,
        failed: slack.failed,
        observability: obs,
        stop: async () => {
          obs.startDraining()
          // Requests in flight and the job running finish side by side, each within the same 10 s.
          await Promise.all([slack.stop(), queue.stop({ timeoutMs: drainMs })])
          await admin.close()
          await db.close()
        },
      }
    }
    if (!sandbox) throw new Error('unreachable: neither Slack credentials nor the sandbox')
    const sandboxRun = sandbox
    const wiring = mail.wiring(queue)
    const server = await startSlack(
      slackEnv,
      db,
      ping,
      env.port,
      sandboxRun.credentials,
      obs,
      drainMs,
      { ...wiring, services: sandboxRun.mailServices(wiring.services) },
      sandboxRun.routes,
      importEnqueuer(queue),
    )
    sandboxRun.emulator.connect(`http://127.0.0.1:${server.port}${EVENTS_PATH}`)
    log.info(
      `${HOW_TO_CONNECT}\nmsp-bot (sandbox, no Slack) is serving GET http://localhost:${server.port}/healthz\n` +
        `Sandbox: http://localhost:${server.port}/ (a Slack-like page driven by the real app)`,
    )
    return {
      port: server.port,
      db,
      jobs,
      observability: obs,
      sandbox: sandboxRun,
      stop: async () => {
        obs.startDraining()
        await Promise.all([server.stop(), queue.stop({ timeoutMs: drainMs })])
        await sandboxRun.close()
        await admin.close()
        await db.close()
      },
    }
  } catch (error) {
    await jobs?.stop()
    await sandbox?.close()
    await admin.close()
    await db.close()
    throw error
  }
}

/**
 * Runs until SIGINT/SIGTERM, then stops taking requests, lets those in flight (and the job running) finish
 * within 10 s, closes the database cleanly (PGlite must be closed) and resolves, so the process exits 0.
 * A second signal exits at once (128 + its number). A signal during start-up stops the app as soon as it
 * has started. Rejects (after stopping) when the app fails on its own, e.g. Slack rejects the token.
 */
export async function startApp(options: StartOptions): Promise<void> {
  const env = options.env ?? parseEnv()
  const log = options.logger ?? createLogger({ secrets: secretsOf(env) })
  let signalled: (signal: NodeJS.Signals) => void = () => {}
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    signalled = resolve
  })
  const removeHandlers = onStopSignals(
    (name) => signalled(name),
    (name) => {
      log.warn(`${name} again: exiting at once`)
      process.exit(signalExitCode(name))
    },
  )
  try {
    const running = await launch({ ...options, env, logger: log })
    const outcome = await Promise.race([signal, running.failed ?? new Promise<never>(() => {})]).catch(
      (error: unknown) => ({ error }),
    )
    log.info(typeof outcome === 'string' ? `Stopping (${outcome})…` : 'Stopping…')
    await running.stop()
    log.info('Stopped: database closed.')
    if (typeof outcome !== 'string') throw outcome.error
  } finally {
    removeHandlers()
  }
}
