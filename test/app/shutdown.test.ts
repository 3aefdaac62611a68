// Clean shutdown of the running app (a child process, as a supervisor runs it): SIGTERM while a Slack
// request is in flight lets it finish — its write committed, its answer sent — and exits 0 within the 10 s
// bound; new requests meanwhile get 503; a second signal exits at once.
//
// The request in flight: `/msp customers` from a staff member the book knows only by email, so the app
// asks Slack's users.info who they are — and this fake Slack answers after 2.5 s — then remembers their
// Slack id (the write) and answers at the response URL.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/client.ts'
import { start } from '../cli/child.ts'
import { slashCommand } from '../support/slack-request.ts'

const SECRET = 'shutdown-test-signing-secret'
const TOKEN = 'xoxb-shutdown-test'
const USERS_INFO_DELAY_MS = 2500
/** The second test's request takes this long: exiting well before it shows the app did not wait. */
const SLOW_MS = 8000

const tmp = mkdtempSync(join(tmpdir(), 'msp-shutdown-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** A Slack Web API that is slow to say who a user is, and a response URL that records answers. */
async function slowSlack(usersInfoDelayMs = USERS_INFO_DELAY_MS) {
  const answers: unknown[] = []
  let usersInfoCalls = 0
  let onUsersInfo: () => void = () => {}
  const usersInfoAsked = new Promise<void>((resolve) => {
    onUsersInfo = resolve
  })
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString()
    })
    req.on('end', () => {
      const json = (value: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      if (req.url?.startsWith('/api/auth.test'))
        return json({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0MSPTEST', team: 'MSP' })
      if (req.url?.startsWith('/api/users.info')) {
        usersInfoCalls += 1
        onUsersInfo()
        const user = { id: 'U0LEE', name: 'lee', profile: { email: 'lee@msp.example' } }
        return void setTimeout(() => json({ ok: true, user }), usersInfoDelayMs)
      }
      if (req.url?.startsWith('/respond')) {
        answers.push(JSON.parse(body))
        return json({ ok: true })
      }
      json({ ok: false, error: 'unknown_method' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    apiUrl: `${base}/api/`,
    responseUrl: `${base}/respond`,
    answers,
    usersInfoAsked,
    usersInfoCalls: () => usersInfoCalls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

async function startApp(dataDir: string, slack: Awaited<ReturnType<typeof slowSlack>>) {
  const app = start('node', ['bin/msp-bot.js', 'start'], {
    env: {
      DATABASE_URL: dataDir,
      PORT: '0',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: slack.apiUrl,
    },
  })
  const printed = await app.waitFor(/listening: POST http:\/\/localhost:(\d+)\/slack\/events/, 90_000)
  const port = /localhost:(\d+)\/slack\/events/.exec(printed)?.[1]
  return { app, url: `http://127.0.0.1:${port}` }
}

async function leeSlackId(dataDir: string): Promise<string | null> {
  const db = await openDatabase({ url: dataDir })
  try {
    return (await db.prisma.mspUser.findFirstOrThrow({ where: { email: 'lee@msp.example' } })).slackUserId
  } finally {
    await db.close()
  }
}

describe.concurrent('stopping the running app', () => {
  it('SIGTERM with a request in flight: it finishes (write committed, answer sent), new requests are refused, exit 0 within 10 s', async () => {
    const dataDir = join(tmp, 'drain')
    const slack = await slowSlack()
    try {
      const { app, url } = await startApp(dataDir, slack)
      const inFlight = slashCommand(`${url}/slack/events`, SECRET, {
        text: 'customers',
        userId: 'U0LEE',
        responseUrl: slack.responseUrl,
      })
      expect((await inFlight).status).toBe(200) // acked at once; the work goes on
      await slack.usersInfoAsked // the request now waits on Slack, before its write

      const sentAt = Date.now()
      app.child.kill('SIGTERM')
      await app.waitFor(/Stopping \(SIGTERM\)/, 5_000)
      // Draining: Slack's new requests are refused (Slack retries them), /healthz says so.
      const refused = await slashCommand(`${url}/slack/events`, SECRET, {
        text: 'help',
        userId: 'U0LEE',
        responseUrl: slack.responseUrl,
      }).catch(() => null) // or the port is already closed to new connections
      if (refused) expect(refused.status).toBe(503)

      const result = await app.done
      const tookMs = Date.now() - sentAt
      expect(result.code, result.stderr).toBe(0)
      expect(tookMs).toBeLessThan(10_000)
      expect(tookMs).toBeGreaterThan(USERS_INFO_DELAY_MS / 2) // it did wait for the request
      expect(result.stdout).toContain('Stopped: database closed.')
      // The request finished: its answer reached the response URL, its write is in the database.
      expect(slack.answers).toHaveLength(1)
      expect(JSON.stringify(slack.answers[0])).not.toContain('went wrong')
      expect(await leeSlackId(dataDir)).toBe('U0LEE')
    } finally {
      await slack.close()
    }
  }, 150_000)

  it('a second signal exits at once, without waiting for the request in flight', async () => {
    const dataDir = join(tmp, 'twice')
    const slack = await slowSlack(SLOW_MS)
    try {
      const { app, url } = await startApp(dataDir, slack)
      await slashCommand(`${url}/slack/events`, SECRET, {
        text: 'customers',
        userId: 'U0LEE',
        responseUrl: slack.responseUrl,
      })
      await slack.usersInfoAsked
      app.child.kill('SIGTERM')
      await app.waitFor(/Stopping \(SIGTERM\)/, 5_000)
      const secondAt = Date.now()
      app.child.kill('SIGINT')
      const result = await app.done
      expect(Date.now() - secondAt).toBeLessThan(SLOW_MS - 2000) // not waiting for the request
      expect(result.code).toBe(130) // 128 + SIGINT
      expect(result.stdout).toContain('SIGINT again: exiting at once')
      expect(slack.answers).toHaveLength(0) // it did not wait for the request
    } finally {
      await slack.close()
    }
  }, 150_000)
})
