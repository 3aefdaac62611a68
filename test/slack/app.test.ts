import type { IncomingMessage, ServerResponse } from 'node:http'
import { LogLevel } from '@slack/bolt'
import { describe, expect, it } from 'vitest'
import type { Services } from '../../src/services/index.ts'
import { createSlackApp, healthRoute } from '../../src/slack/app.ts'

const deps = { services: {} as Services }

describe('createSlackApp', () => {
  it('uses the HTTP receiver at /slack/events without an app token', () => {
    const { receiver } = createSlackApp({
      credentials: { signingSecret: 'secret-123', botToken: 'xoxb-1' },
      deps,
      ping: async () => true,
      logLevel: LogLevel.ERROR,
    })
    expect(receiver).toBeDefined()
  })

  it('uses Socket Mode (no HTTP receiver of its own) when SLACK_APP_TOKEN is set', () => {
    const { app, receiver } = createSlackApp({
      credentials: { signingSecret: 'secret-123', botToken: 'xoxb-1', appToken: 'xapp-1' },
      deps,
      ping: async () => true,
      port: 0,
      logLevel: LogLevel.ERROR,
    })
    expect(receiver).toBeUndefined()
    expect(app).toBeDefined()
  })
})

describe('GET /healthz', () => {
  async function answer(ok: boolean) {
    let status = 0
    let body = ''
    const res = {
      writeHead: (code: number) => {
        status = code
      },
      end: (text: string) => {
        body = text
      },
    } as unknown as ServerResponse
    await healthRoute(async () => ok).handler({} as IncomingMessage, res)
    return { status, body: JSON.parse(body) }
  }

  it('answers 200 when the database is reachable, 503 when it is not', async () => {
    expect(await answer(true)).toEqual({ status: 200, body: { ok: true, database: 'reachable' } })
    expect(await answer(false)).toEqual({ status: 503, body: { ok: false, database: 'unreachable' } })
  })
})
