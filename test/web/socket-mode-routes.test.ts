// In Socket Mode the pages are Bolt custom routes on Bolt's own small HTTP server. A path with a malformed
// %-escape made Bolt's route matching throw inside that server's async handler (an unhandled rejection
// stops the process); createSlackApp answers it 404 first. The server is Bolt's private field: if Bolt
// renames it, this test fails rather than the guard silently doing nothing.
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { LogLevel } from '@slack/bolt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Services } from '../../src/services/index.ts'
import { createSlackApp } from '../../src/slack/app.ts'
import { createInvitationPage } from '../../src/web/invitations/handler.ts'
import { invitationRoutes } from '../../src/web/routes.ts'
import { memoryInvitations } from './memory-invitations.ts'

const TOKEN = 'socketModeToken-0123456789abcdefABCDEF'

describe('the invitation page on Socket Mode’s route server', () => {
  let server: Server
  let base: string

  beforeAll(async () => {
    const memory = memoryInvitations({
      [TOKEN]: { userName: 'Dana', customerName: 'Zylker', loginUrl: null, status: 'pending' },
    })
    const page = createInvitationPage({ port: memory.port, logError: () => {} })
    const { app, receiver } = createSlackApp({
      // With the bot's ids given, Bolt calls no auth.test (nothing here answers it).
      credentials: {
        signingSecret: 'secret-123',
        botToken: 'xoxb-1',
        appToken: 'xapp-1',
        botId: 'B0TEST',
        botUserId: 'U0BOT',
      },
      deps: { services: {} as Services },
      ping: async () => true,
      port: 0,
      logLevel: LogLevel.ERROR,
      routes: invitationRoutes(page),
    })
    expect(receiver).toBeUndefined()
    const socketReceiver: unknown = Reflect.get(app, 'receiver')
    server = Reflect.get(socketReceiver as object, 'httpServer') as Server
    expect(server).toBeDefined()
    // Listened here (app.start() would also connect to Slack).
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()))
  })

  it('serves the page, and answers a malformed path 404 instead of throwing', async () => {
    const page = await fetch(`${base}/portal/invitations/${TOKEN}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Hello Dana,')
    const malformed = await fetch(`${base}/portal/invitations/%ZZ${TOKEN}`, {
      signal: AbortSignal.timeout(5000),
    })
    expect(malformed.status).toBe(404)
    const healthz = await fetch(`${base}/healthz`)
    expect(healthz.status).toBe(200)
  })
})
