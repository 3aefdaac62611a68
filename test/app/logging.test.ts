// The log: JSON lines through pino, request ids on the lines logged while a Slack request runs, and no
// secret ever written — the signing secret, the bot token, a database password — whatever carries it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '../../src/app/env.ts'
import { boltLogger, createLogger, secretScrubber } from '../../src/app/logging.ts'
import { secretsOf } from '../../src/app/observability.ts'
import { launch, type RunningApp } from '../../src/app/start.ts'
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts'
import { slashCommand } from '../support/slack-request.ts'

const SIGNING_SECRET = 'log-test-signing-secret-5f2a9c'
const BOT_TOKEN = 'xoxb-1111-2222-logtestBotToken'
const DB_PASSWORD = 'p@ss/word-9x7'

/** Everything the logger writes, line by line. */
function capture() {
  const lines: string[] = []
  return { lines, sink: { write: (line: string) => void lines.push(line) }, text: () => lines.join('') }
}

/** Lines that carry a secret in every way a careless caller could put it there. */
function logCarelessly(log: ReturnType<typeof createLogger>) {
  const env = { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN }
  log.info({ env }, 'environment')
  log.info({ token: BOT_TOKEN, signingSecret: SIGNING_SECRET }, 'credentials as fields')
  log.info({ req: { headers: { authorization: `Bearer ${BOT_TOKEN}` } } }, 'a request')
  log.error(new Error(`Slack refused ${BOT_TOKEN}`), 'an error message with the token')
  log.warn(`signing secret is ${SIGNING_SECRET}, token ${BOT_TOKEN}`)
  log.info(`postgresql://app:${encodeURIComponent(DB_PASSWORD)}@db.example/msp and ${DB_PASSWORD}`)
  log.info({ nested: { quoted: `say "${SIGNING_SECRET}"` } }, 'nested and quoted')
  const bolt = boltLogger(log)
  bolt.setName('bolt-app')
  bolt.error('Slack API error:', new Error(`invalid_auth for ${BOT_TOKEN}`))
  bolt.warn('http request headers:', { Authorization: `Bearer ${BOT_TOKEN}` })
  bolt.info(`an app token xapp-1-A0-123-abcdef and a user token xoxp-9-9-9-secretish`)
}

describe('secret scrubbing', () => {
  it('without scrubbing these lines do carry the secrets (the check below can fail)', () => {
    const raw = capture()
    // Plain pino, no redaction or scrubbing: the control.
    logCarelessly(createLogger({ sink: raw.sink, pretty: false, secrets: [] }))
    // Token patterns are always scrubbed, so the control is about the exact secret values.
    expect(raw.text()).toContain(SIGNING_SECRET)
  })

  it('never writes a secret: redacted fields, scrubbed messages, errors and Bolt lines (JSON and pretty)', () => {
    for (const pretty of [false, true]) {
      const out = capture()
      const log = createLogger({ sink: out.sink, pretty, secrets: [SIGNING_SECRET, BOT_TOKEN, DB_PASSWORD] })
      logCarelessly(log)
      const text = out.text()
      expect(out.lines.length).toBeGreaterThanOrEqual(10)
      for (const secret of [SIGNING_SECRET, BOT_TOKEN, DB_PASSWORD, encodeURIComponent(DB_PASSWORD)])
        expect(text).not.toContain(secret)
      expect(text).not.toMatch(/xox[abeoprs]-(?!\[redacted\])/)
      expect(text).not.toMatch(/xapp-(?!\[redacted\])/)
      expect(text).toContain('[redacted]')
      expect(text).toContain('Slack refused') // the message stays readable
    }
  })

  it('scrubs Slack token patterns even when the value was not given', () => {
    expect(secretScrubber()('a xoxb-123-abc and xapp-1-X')).toBe('a xoxb-[redacted] and xapp-[redacted]')
  })

  it('writes one JSON object per line when not in a terminal', () => {
    const out = capture()
    const log = createLogger({ sink: out.sink, pretty: false })
    log.info({ n: 1 }, 'hello')
    const line = JSON.parse(out.lines[0] ?? '')
    expect(line).toMatchObject({ level: 30, msg: 'hello', n: 1 })
    expect(typeof line.time).toBe('number')
  })
})

describe('the running app logs through pino, secrets never included', () => {
  const out = capture()
  let fake: FakeSlack
  let running: RunningApp
  let url = ''
  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: BOT_TOKEN })
    const env = parseEnv({
      PORT: '0',
      DATABASE_URL: 'memory://',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: fake.apiUrl,
    })
    // As startApp makes it, at debug level so Bolt and the WebClient say everything they can.
    const logger = createLogger({ level: 'debug', sink: out.sink, pretty: false, secrets: secretsOf(env) })
    running = await launch({ mode: 'start', env, logger })
    url = `http://127.0.0.1:${running.port}/slack/events`
  }, 90_000)
  afterAll(async () => {
    await running?.stop()
    await fake?.close()
  })

  it('carries request ids on lines logged during a request, and never a secret', async () => {
    fake.addUser({ id: 'U0LEE', email: 'lee@msp.example', name: 'lee' })
    // Lee is in the demo book without a Slack id: the app asks Slack (WebClient, debug-logged) who U0LEE is.
    const first = await slashCommand(url, SIGNING_SECRET, {
      text: 'customers',
      userId: 'U0LEE',
      triggerId: '1111.2222.logtest',
      responseUrl: fake.responseUrl(),
    })
    expect(first.status).toBe(200)
    await fake.waitForResponse()
    // Slack's retry of the same delivery: logged as a duplicate, inside the request's scope.
    const retry = await slashCommand(url, SIGNING_SECRET, {
      text: 'customers',
      userId: 'U0LEE',
      triggerId: '1111.2222.logtest',
      responseUrl: fake.responseUrl(),
    })
    expect(retry.status).toBe(200)
    const forged = await slashCommand(url, 'not-the-secret', {
      text: 'help',
      userId: 'U0LEE',
      responseUrl: fake.responseUrl(),
    })
    expect(forged.status).toBe(401)

    const text = out.text()
    const lines = out.lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines.length).toBeGreaterThan(5)
    expect(text).not.toContain(SIGNING_SECRET)
    expect(text).not.toContain(BOT_TOKEN)
    expect(text).not.toMatch(/xox[abeoprs]-(?!\[redacted\])/)
    // The duplicate is logged by the app's middleware with the request's ids on the line.
    const duplicate = lines.find((l) => String(l.msg).includes('duplicate delivery'))
    expect(duplicate).toMatchObject({
      kind: 'command',
      id: '/msp customers',
      team: 'T0MSPTEST',
      user: 'U0LEE',
      trigger_id: '1111.2222.logtest',
    })
    // The WebClient's own debug lines during the request carry them too.
    const apiCall = lines.find((l) => String(l.msg).includes("apiCall('users.info')"))
    expect(apiCall).toMatchObject({ user: 'U0LEE', trigger_id: '1111.2222.logtest' })
    // Start-up lines are the app's own, in the same log.
    expect(lines.some((l) => String(l.msg).startsWith('Database: embedded'))).toBe(true)
  }, 60_000)
})
