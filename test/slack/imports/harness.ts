// The real Slack app against the fake Slack, like test/support/slack-app.ts, plus what a bulk import needs:
// the services' enqueue port runs the import task in this process (runImportTask, the job's body) with the
// Slack reporter src/app wires into the job, pointed at the fake. `settled()` waits for the tasks started.
import { LogLevel } from '@slack/bolt'
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'
import type { PrismaClient } from '../../../src/db/client.ts'
import { runImportTask } from '../../../src/services/customer-users/import/run-import.ts'
import { createServices } from '../../../src/services/index.ts'
import { createSlackApp } from '../../../src/slack/app.ts'
import { importReporterFor } from '../../../src/slack/imports/import-reporter.ts'
import { type RunningApp, startBoltApp } from '../../support/bolt-app.ts'
import { openTestDatabase, type TestDatabase } from '../../support/db.ts'
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.ts'
import { BOT_TOKEN, SIGNING_SECRET, type SlackAppHarness } from '../../support/slack-app.ts'

export interface ImportHarness extends SlackAppHarness {
  /** Waits until every import task started so far has run. */
  settled(): Promise<void>
  /** What the reporter logged (Slack's refusals). */
  readonly reporterLog: string[]
}

export { SIGNING_SECRET }

export function useImportApp(): ImportHarness {
  let database: TestDatabase | undefined
  let fake: FakeSlack | undefined
  let running: RunningApp | undefined
  const runs: Promise<unknown>[] = []
  const reporterLog: string[] = []
  beforeAll(async () => {
    const db = await openTestDatabase()
    const slack = await startFakeSlack({ botToken: BOT_TOKEN })
    database = db
    fake = slack
    const reporter = importReporterFor({
      botToken: BOT_TOKEN,
      slackApiUrl: slack.apiUrl,
      log: (line) => reporterLog.push(line),
    })
    const { app } = createSlackApp({
      credentials: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN },
      deps: {
        services: createServices(db.prisma, {
          sharedDatabase: false,
          readCache: db.readCache,
          // the job's body, after the start's transaction (as the queue would run it)
          enqueueImport: async (taskId) => {
            runs.push(
              new Promise((resolve) => setImmediate(resolve)).then(() =>
                runImportTask(db.prisma, taskId, { reporter, progressEveryMs: 0 }),
              ),
            )
          },
        }),
      },
      slackApiUrl: slack.apiUrl,
      ping: () => db.ping(),
      logLevel: LogLevel.ERROR,
    })
    running = await startBoltApp(app)
  })
  beforeEach(async () => {
    await database?.truncate()
    fake?.reset()
    reporterLog.length = 0
  })
  afterEach(() => {
    expect(fake?.violations ?? []).toEqual([])
  })
  afterAll(async () => {
    await Promise.allSettled(runs)
    await running?.stop()
    await fake?.close()
    await database?.close()
  })
  return {
    db: (): PrismaClient => {
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
    async settled() {
      for (let seen = -1; seen !== runs.length; ) {
        seen = runs.length
        await Promise.all(runs)
      }
    },
    reporterLog,
  }
}
