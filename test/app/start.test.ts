// npm start, in-process: embedded database, demo book, /healthz, and Slack at /slack/events.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseEnv } from '../../src/app/env.ts'
import { launch } from '../../src/app/start.ts'
import { captureLog } from '../support/capture-log.ts'
import { startFakeSlack } from '../support/fake-slack.ts'
import { slashCommand } from '../support/slack-request.ts'

const dir = mkdtempSync(join(tmpdir(), 'msp-start-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('launch', () => {
  it('without Slack credentials: loads the demo book once, serves /healthz, says how to connect Slack', async () => {
    const log = captureLog()
    const env = parseEnv({ PORT: '0', DATABASE_URL: join(dir, 'db') })
    const first = await launch({ mode: 'start', env, logger: log.logger })
    try {
      const health = await fetch(`http://127.0.0.1:${first.port}/healthz`)
      expect(health.status).toBe(200)
      expect(await health.json()).toEqual({ ok: true, database: 'reachable' })
      expect((await fetch(`http://127.0.0.1:${first.port}/`)).status).toBe(200)
      expect(await first.db.prisma.customer.count()).toBeGreaterThan(0)
      const printed = log.text()
      expect(printed).toContain('loaded the demo book')
      expect(printed).toContain('SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN')
    } finally {
      await first.stop()
    }
    // A restart keeps the data and does not load the demo again.
    log.clear()
    const second = await launch({ mode: 'start', env, logger: log.logger })
    await second.stop()
    expect(log.text()).not.toContain('loaded the demo book')
  }, 90_000)

  it('with credentials: answers signed Slack requests at /slack/events and /healthz on the same port', async () => {
    const fake = await startFakeSlack({ botToken: 'xoxb-start' })
    const log = captureLog()
    const env = parseEnv({
      PORT: '0',
      DATABASE_URL: 'memory://',
      SLACK_SIGNING_SECRET: 'start-secret-123',
      SLACK_BOT_TOKEN: 'xoxb-start',
      SLACK_API_URL: fake.apiUrl,
    })
    const running = await launch({ mode: 'start', env, logger: log.logger })
    try {
      expect((await fetch(`http://127.0.0.1:${running.port}/healthz`)).status).toBe(200)
      const url = `http://127.0.0.1:${running.port}/slack/events`
      const res = await slashCommand(url, 'start-secret-123', {
        text: 'help',
        userId: 'U0PRIYA',
        responseUrl: fake.responseUrl(),
      })
      expect(res.status).toBe(200)
      // help needs no I/O: its answer rides in the ack
      expect(res.json).toMatchObject({ response_type: 'ephemeral' })
      expect(res.text).toContain('/msp customers')
      const forged = await slashCommand(url, 'wrong-secret', {
        text: 'help',
        userId: 'U0PRIYA',
        responseUrl: fake.responseUrl(),
      })
      expect(forged.status).toBe(401)
      expect(fake.violations).toEqual([])
    } finally {
      await running.stop()
      await fake.close()
    }
  }, 90_000)
})
