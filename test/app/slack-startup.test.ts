// Start-up against a Slack that rejects the token or cannot be reached: never a stack trace.
// Rejected → one line naming SLACK_BOT_TOKEN and what to do, exit 1, nothing created.
// Unreachable → the app serves, /healthz answers 503 {slack:"unreachable"}, auth.test is retried with
// backoff, and the Slack app takes over the port once Slack answers.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { parseEnv } from '../../src/app/env.ts'
import { checkSlackToken, SlackCredentialsError } from '../../src/app/slack-auth.ts'
import { launch } from '../../src/app/start.ts'
import { msp } from '../cli/child.ts'
import { captureLog } from '../support/capture-log.ts'

const tmp = mkdtempSync(join(tmpdir(), 'msp-slack-start-'))
const fakes: Array<{ close(): Promise<void> }> = []
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.close()))
  rmSync(tmp, { recursive: true, force: true })
})

/** A tiny Slack Web API on loopback: every method answers `answer()`; counts auth.test calls. */
async function fakeSlackApi(
  answer: () => object,
  port = 0,
): Promise<{ url: string; authTests: () => number; close(): Promise<void> }> {
  let authTests = 0
  const server: Server = createServer((req, res) => {
    if (req.url?.endsWith('/auth.test')) authTests++
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(answer()))
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const { port: bound } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${bound}/api/`,
    authTests: () => authTests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

const OK = {
  ok: true,
  url: 'https://t.slack.com/',
  team: 'T',
  user: 'bot',
  team_id: 'T1',
  user_id: 'U0BOT',
  bot_id: 'B0BOT',
}
const credentials = { SLACK_SIGNING_SECRET: 'start-secret-123', SLACK_BOT_TOKEN: 'xoxb-1-2-3' }

describe('the start-up check of SLACK_BOT_TOKEN', () => {
  it.each([
    [
      'invalid_auth',
      "SLACK_BOT_TOKEN was rejected by Slack (invalid_auth): copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page",
    ],
    ['not_authed', 'SLACK_BOT_TOKEN was not accepted by Slack (not_authed)'],
    [
      'account_inactive',
      'SLACK_BOT_TOKEN belongs to a deleted user or a deactivated workspace (account_inactive)',
    ],
    ['token_revoked', 'SLACK_BOT_TOKEN was revoked (token_revoked): reinstall the app'],
  ])('%s → SlackCredentialsError naming the variable and what to do', async (code, message) => {
    const fake = await fakeSlackApi(() => ({ ok: false, error: code }))
    try {
      const check = checkSlackToken('xoxb-1-2-3', { slackApiUrl: fake.url })
      await expect(check).rejects.toThrow(SlackCredentialsError)
      await expect(checkSlackToken('xoxb-1-2-3', { slackApiUrl: fake.url })).rejects.toThrow(message)
    } finally {
      await fake.close()
    }
  })

  it('a closed port is "unreachable" with the reason, not an error', async () => {
    const port = await closedPort()
    expect(await checkSlackToken('xoxb-1', { slackApiUrl: `http://127.0.0.1:${port}/api/` })).toEqual({
      status: 'unreachable',
      reason: 'ECONNREFUSED',
    })
  })

  it('npm start with a token Slack rejects: one line on stderr, exit 1, no database folder created', async () => {
    const fake = await fakeSlackApi(() => ({ ok: false, error: 'invalid_auth' }))
    const dataDir = join(tmp, 'never-created')
    try {
      const run = await msp(['start'], {
        env: { ...credentials, SLACK_API_URL: fake.url, DATABASE_URL: dataDir, PORT: '0' },
      })
      expect(run.code).toBe(1)
      expect(run.stdout).toBe('')
      expect(run.stderr).toBe(
        "SLACK_BOT_TOKEN was rejected by Slack (invalid_auth): copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page\n",
      )
      expect(fake.authTests()).toBe(1)
      expect(existsSync(dataDir)).toBe(false)
      expect(existsSync(`${dataDir}.lock`)).toBe(false)
    } finally {
      await fake.close()
    }
  }, 60_000)
})

describe('launch while the Slack API is unreachable', () => {
  /** The app on an in-memory database, its Slack API URL a closed port (retried every 100–400 ms). */
  async function launchWhileSlackUnreachable() {
    const log = captureLog()
    const apiPort = await closedPort()
    const env = parseEnv({
      ...credentials,
      PORT: '0',
      DATABASE_URL: 'memory://',
      SLACK_API_URL: `http://127.0.0.1:${apiPort}/api/`,
    })
    const running = await launch({
      mode: 'start',
      env,
      slackBackoff: { firstMs: 100, maxMs: 400 },
      logger: log.logger,
    })
    return { log, apiPort, running }
  }
  it('serves /healthz 503 {slack:"unreachable"}, retries with backoff, then serves Slack on the same port', async () => {
    const { log, apiPort, running } = await launchWhileSlackUnreachable()
    try {
      expect(running.slack?.()).toBe('unreachable')
      const health = await fetch(`http://127.0.0.1:${running.port}/healthz`)
      expect(health.status).toBe(503)
      expect(await health.json()).toEqual({
        ok: false,
        database: 'reachable',
        slack: 'unreachable',
        reason: 'ECONNREFUSED',
      })
      expect((await fetch(`http://127.0.0.1:${running.port}/slack/events`, { method: 'POST' })).status).toBe(
        503,
      )
      await vi.waitFor(() => expect(log.text()).toContain('retrying in'), {
        timeout: 5_000,
      })

      const fake = await fakeSlackApi(() => OK, apiPort) // Slack comes back
      fakes.push(fake) // kept open to the end: Bolt's own auth.test may still be on its way
      await vi.waitFor(() => expect(running.slack?.()).toBe('connected'), { timeout: 10_000, interval: 50 })
      const healthy = await fetch(`http://127.0.0.1:${running.port}/healthz`)
      expect(healthy.status).toBe(200)
      expect(await healthy.json()).toMatchObject({ ok: true, database: 'reachable' })
      // Bolt's receiver has the port now: an unsigned request is refused by signature verification.
      expect(
        (await fetch(`http://127.0.0.1:${running.port}/slack/events`, { method: 'POST', body: '{}' })).status,
      ).toBe(401)
    } finally {
      await running.stop()
    }
  }, 60_000)

  it('stops with the one-line rejection if Slack, once reachable, rejects the token', async () => {
    const { apiPort, running } = await launchWhileSlackUnreachable()
    const fake = await fakeSlackApi(() => ({ ok: false, error: 'token_revoked' }), apiPort)
    try {
      await expect(running.failed).rejects.toThrow(SlackCredentialsError)
      await expect(running.failed).rejects.toThrow('SLACK_BOT_TOKEN was revoked (token_revoked)')
    } finally {
      await running.stop()
      await fake.close()
    }
  }, 60_000)
})
