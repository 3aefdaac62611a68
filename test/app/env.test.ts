import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from '../../src/app/env.ts'

describe('parseEnv', () => {
  it('runs without Slack on defaults', () => {
    const env = parseEnv({})
    expect(env).toMatchObject({ slack: null, port: 3000 })
    expect(env.databaseUrl).toBeUndefined()
  })

  it('reads HTTP-mode credentials, Socket Mode and the rest', () => {
    const env = parseEnv({
      SLACK_SIGNING_SECRET: 'abcdefgh12345678',
      SLACK_BOT_TOKEN: 'xoxb-1-2',
      SLACK_APP_TOKEN: 'xapp-1-2',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      PORT: '8080',
      DATABASE_URL: 'postgresql://u@h/db',
      MSP_NOTIFY_CHANNEL: 'C0123ABCD',
    })
    expect(env.slack).toEqual({
      signingSecret: 'abcdefgh12345678',
      botToken: 'xoxb-1-2',
      appToken: 'xapp-1-2',
    })
    expect(env).toMatchObject({ port: 8080, notifyChannel: 'C0123ABCD' })
  })

  it('treats empty variables as unset', () => {
    expect(parseEnv({ SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: ' ', PORT: '3001' }).slack).toBeNull()
    expect(parseEnv({ PORT: '' }).port).toBe(3000) // not 0, "any free port"
    expect(parseEnv({ PORT: ' ' }).port).toBe(3000)
  })

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a port number'],
    [{ PORT: '70000' }, 'PORT'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set'],
    [{ SLACK_SIGNING_SECRET: 'abcdefgh1' }, 'SLACK_BOT_TOKEN is required when SLACK_SIGNING_SECRET is set'],
    [
      { SLACK_BOT_TOKEN: 'xoxp-user', SLACK_SIGNING_SECRET: 'abcdefgh1' },
      'SLACK_BOT_TOKEN must be a bot token',
    ],
    [{ SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_BOT_TOKEN is required for Socket Mode'],
    [{ MSP_NOTIFY_CHANNEL: '#general' }, 'MSP_NOTIFY_CHANNEL must be a channel id'],
    [{ SLACK_API_URL: 'not a url' }, 'SLACK_API_URL must be a URL'],
  ])('stops on %j with one line naming the variable', (env, message) => {
    expect(() => parseEnv(env)).toThrow(EnvError)
    expect(() => parseEnv(env)).toThrow(message)
  })
})
