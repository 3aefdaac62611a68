// The real msp-bot Slack app over HTTP, on a migrated in-memory database, against the fake Slack.
//   const t = useSlackApp()            // in a describe: hooks open/close everything once per file
//   await seedSlackWorld(t, {...})    // slack-worlds.ts: a named world with the staff, by Slack id
//   t.fake.addUser({ id: 'U1', email: 'priya@msp.example', name: 'priya' })   // a Slack user by profile email
//   await slashCommand(t.url(), SIGNING_SECRET, { text: 'help', userId: 'U1', responseUrl: t.fake.responseUrl() })
import { LogLevel } from '@slack/bolt'
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'
import type { PrismaClient } from '../../src/db/client.ts'
import type { DnsResolver } from '../../src/services/customers/portal-domain.ts'
import { createServices } from '../../src/services/index.ts'
import { createSlackApp } from '../../src/slack/app.ts'
import { type RunningApp, startBoltApp } from './bolt-app.ts'
import { openTestDatabase, type TestDatabase } from './db.ts'
import { type FakeSlack, startFakeSlack } from './fake-slack.ts'

export const SIGNING_SECRET = 'test-signing-secret'
export const BOT_TOKEN = 'xoxb-test'
export const NOTIFY_CHANNEL = 'C0NOTIFY'

export interface SlackAppHarness {
  db(): PrismaClient
  url(): string
  readonly fake: FakeSlack
}

export function useSlackApp(
  options: {
    notifyChannel?: string | null
    viewAckDeadlineMs?: number
    sharedDatabase?: boolean
    /** DNS for the portal-domain check (a fake: tests never reach real DNS). */
    dnsResolver?: DnsResolver
    /** Mail wiring as src/app/mail.ts gives it (PUBLIC_URL, the kick after mail was queued). */
    mail?: { publicUrl?: string; onMailQueued?: () => void; mailSending?: boolean }
  } = {},
): SlackAppHarness {
  let database: TestDatabase | undefined
  let fake: FakeSlack | undefined
  let running: RunningApp | undefined
  beforeAll(async () => {
    database = await openTestDatabase()
    fake = await startFakeSlack({ botToken: BOT_TOKEN })
    const { app } = createSlackApp({
      credentials: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN },
      deps: {
        services: createServices(database.prisma, {
          sharedDatabase: options.sharedDatabase ?? false,
          readCache: database.readCache,
          dnsResolver: options.dnsResolver,
          publicUrl: options.mail?.publicUrl,
          onMailQueued: options.mail?.onMailQueued,
        }),
        mailSending: options.mail?.mailSending,
        notifyChannel: options.notifyChannel === null ? undefined : (options.notifyChannel ?? NOTIFY_CHANNEL),
        viewAckDeadlineMs: options.viewAckDeadlineMs,
      },
      slackApiUrl: fake.apiUrl,
      ping: () => database?.ping() ?? Promise.resolve(false),
      logLevel: LogLevel.ERROR,
    })
    running = await startBoltApp(app)
  })
  beforeEach(async () => {
    await database?.truncate()
    fake?.reset()
  })
  afterEach(() => {
    // A payload Slack would reject fails the test that caused it.
    expect(fake?.violations ?? []).toEqual([])
  })
  afterAll(async () => {
    await running?.stop()
    await fake?.close()
    await database?.close()
  })
  return {
    db: () => {
      if (!database) throw new Error('not started')
      return database.prisma
    },
    url: () => {
      if (!running) throw new Error('not started')
      return running.url
    },
    get fake() {
      if (!fake) throw new Error('not started')
      return fake
    },
  }
}
