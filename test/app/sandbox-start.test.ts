// The sandbox as a newcomer starts it: `npm start` with no Slack credentials, and `npm run cli -- sandbox`
// (which ignores credentials), each a real process. GET / is the page, POST /slack/events is the real
// Bolt endpoint (it refuses what its random signing secret did not sign), and a signal stops it cleanly.
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ROOT, type Started, start } from '../cli/child.ts'

const SANDBOX_LINE = /Sandbox: http:\/\/localhost:(\d+)\//

function signedCommand(secret: string): { headers: Record<string, string>; body: string } {
  const body = new URLSearchParams({ command: '/msp', text: 'help', user_id: 'U0PRIYA' }).toString()
  const timestamp = Math.floor(Date.now() / 1000)
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
  }
}

async function checkSandbox(run: Started): Promise<void> {
  const printed = await run.waitFor(SANDBOX_LINE, 120_000)
  const port = SANDBOX_LINE.exec(printed)?.[1]
  const base = `http://127.0.0.1:${port}`
  expect(run.output()).toContain('SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN') // how to connect Slack

  const page = await fetch(`${base}/`)
  expect(page.status).toBe(200)
  expect(page.headers.get('content-type')).toContain('text/html')
  expect(await page.text()).toContain('/msp')

  const unsigned = await fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'command=%2Fmsp&text=help',
  })
  expect(unsigned.status).toBe(401)
  const forged = signedCommand('real-secret-123')
  const refused = await fetch(`${base}/slack/events`, { method: 'POST', ...forged })
  expect(refused.status).toBe(401)
  expect((await fetch(`${base}/healthz`)).status).toBe(200)

  run.child.kill('SIGTERM')
  const result = await run.done
  expect(result.code, run.output()).toBe(0)
  expect(result.stdout).toContain('Stopped: database closed.')
}

describe.concurrent('the sandbox, started as a person would', () => {
  it('npm start without Slack credentials serves the page and the real Slack endpoint', async () => {
    await checkSandbox(start('npm', ['start'], { cwd: ROOT, env: { DATABASE_URL: 'memory://', PORT: '0' } }))
  }, 180_000)

  it('npm run cli -- sandbox runs the sandbox even when Slack credentials are set', async () => {
    const run = start('npm', ['run', 'cli', '--', 'sandbox'], {
      cwd: ROOT,
      env: {
        DATABASE_URL: 'memory://',
        PORT: '0',
        SLACK_SIGNING_SECRET: 'real-secret-123',
        SLACK_BOT_TOKEN: 'xoxb-real-token',
        // Never asked: the sandbox does not check these credentials with Slack.
        SLACK_API_URL: 'http://127.0.0.1:9/api/',
      },
    })
    await checkSandbox(run)
  }, 180_000)
})
