import { readFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { verifySlackRequest } from '@slack/bolt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  appHomeOpened,
  blockActions,
  blockSuggestion,
  eventCallback,
  interaction,
  postSigned,
  signBody,
  slashCommand,
  stateValue,
  viewPayload,
  viewSubmission,
} from './slack-request.ts'
import { slackSpecsDir } from './slack-spec/spec-files.ts'

interface SigningVector {
  signing_secret: string
  timestamp: number
  body: string
  expected_signature: string
}

const vector = JSON.parse(
  readFileSync(join(slackSpecsDir(), 'signing-test-vector.json'), 'utf8'),
) as SigningVector

describe('signBody', () => {
  it("reproduces Slack's documented v0 signing example", () => {
    expect(signBody(vector.signing_secret, vector.body, vector.timestamp)).toBe(vector.expected_signature)
    expect(signBody(vector.signing_secret, vector.body, String(vector.timestamp))).toBe(
      vector.expected_signature,
    )
  })

  it("is accepted by Bolt's own verifier (clock frozen at the vector's time)", () => {
    expect(() =>
      verifySlackRequest({
        signingSecret: vector.signing_secret,
        body: vector.body,
        headers: {
          'x-slack-signature': signBody(vector.signing_secret, vector.body, vector.timestamp),
          'x-slack-request-timestamp': vector.timestamp,
        },
        nowMilliseconds: vector.timestamp * 1000,
      }),
    ).not.toThrow()
  })
})

interface Received {
  headers: IncomingHttpHeaders
  body: string
}

describe('signed requests', () => {
  const secret = 'test-signing-secret'
  const received: Received[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"response_action":"clear"}')
    })
  })
  let url = ''

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  function last(): Received {
    const found = received.at(-1)
    if (found === undefined) throw new Error('nothing received')
    return found
  }

  function verify(r: Received): void {
    verifySlackRequest({
      signingSecret: secret,
      body: r.body,
      headers: {
        'x-slack-signature': String(r.headers['x-slack-signature']),
        'x-slack-request-timestamp': Number(r.headers['x-slack-request-timestamp']),
      },
    })
  }

  it('postSigned sends headers Bolt verifies and parses a JSON answer', async () => {
    const res = await postSigned(url, secret, 'a=1', { retryNum: 1, retryReason: 'http_timeout' })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ response_action: 'clear' })
    expect(res.elapsedMs).toBeGreaterThanOrEqual(0)
    const r = last()
    expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(r.headers['x-slack-retry-num']).toBe('1')
    expect(r.headers['x-slack-retry-reason']).toBe('http_timeout')
    expect(() => verify(r)).not.toThrow()
  })

  it('signatureOverride sends a signature Bolt rejects', async () => {
    await postSigned(url, secret, 'a=1', { signatureOverride: 'v0=deadbeef' })
    expect(() => verify(last())).toThrow(/signature mismatch/)
  })

  it('slashCommand sends the form fields Slack sends', async () => {
    await slashCommand(url, secret, { text: 'customers zyl', userId: 'U1', responseUrl: 'http://r/1' })
    const r = last()
    expect(() => verify(r)).not.toThrow()
    const fields = Object.fromEntries(new URLSearchParams(r.body))
    expect(Object.keys(fields)).toEqual(
      expect.arrayContaining([
        'token',
        'team_id',
        'team_domain',
        'channel_id',
        'channel_name',
        'user_id',
        'user_name',
        'command',
        'text',
        'api_app_id',
        'response_url',
        'trigger_id',
      ]),
    )
    expect(fields).toMatchObject({
      command: '/msp',
      text: 'customers zyl',
      user_id: 'U1',
      response_url: 'http://r/1',
    })
    expect(fields.trigger_id).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/)
  })

  it('interaction sends payload=<json>', async () => {
    const payload = blockActions({
      userId: 'U1',
      actionId: 'approve',
      value: '42',
      responseUrl: 'http://r/2',
    })
    await interaction(url, secret, payload)
    const r = last()
    expect(() => verify(r)).not.toThrow()
    const sent = JSON.parse(new URLSearchParams(r.body).get('payload') ?? 'null') as Record<string, unknown>
    expect(sent).toEqual(payload)
    expect(sent).toMatchObject({
      type: 'block_actions',
      user: { id: 'U1' },
      response_url: 'http://r/2',
      actions: [{ action_id: 'approve', value: '42', type: 'button' }],
      container: { type: 'message' },
    })
  })

  it('eventCallback sends an Events API JSON body', async () => {
    await eventCallback(url, secret, appHomeOpened('U1'), { eventId: 'Ev1', retryNum: 2 })
    const r = last()
    expect(() => verify(r)).not.toThrow()
    expect(r.headers['content-type']).toBe('application/json')
    expect(r.headers['x-slack-retry-num']).toBe('2')
    expect(JSON.parse(r.body)).toMatchObject({
      type: 'event_callback',
      event_id: 'Ev1',
      event: { type: 'app_home_opened', user: 'U1', tab: 'home' },
    })
  })
})

describe('payload builders', () => {
  it('viewSubmission puts values in view.state.values', () => {
    const payload = viewSubmission({
      userId: 'U1',
      callbackId: 'edit_customer',
      privateMetadata: '{"id":1}',
      values: {
        name: { name_input: stateValue.text('Zylker') },
        group: { group_select: stateValue.staticSelect('g1', 'Zoho') },
        owners: { owners_select: stateValue.users(['U2', 'U3']) },
      },
      viewId: 'V0001',
      viewHash: 'h1',
    })
    expect(payload).toMatchObject({
      type: 'view_submission',
      view: {
        id: 'V0001',
        hash: 'h1',
        callback_id: 'edit_customer',
        private_metadata: '{"id":1}',
        state: {
          values: {
            name: { name_input: { type: 'plain_text_input', value: 'Zylker' } },
            group: {
              group_select: {
                type: 'static_select',
                selected_option: { value: 'g1', text: { text: 'Zoho' } },
              },
            },
            owners: { owners_select: { type: 'multi_users_select', selected_users: ['U2', 'U3'] } },
          },
        },
      },
    })
  })

  it('blockActions from a view has a view container and no response_url', () => {
    const view = viewPayload({ id: 'V9', callbackId: 'cb' })
    const payload = blockActions({ userId: 'U1', actionId: 'a', value: 'v', view })
    expect(payload.container).toEqual({ type: 'view', view_id: 'V9' })
    expect(payload.response_url).toBeUndefined()
    expect(payload.message).toBeUndefined()
  })

  it('blockSuggestion carries the typed value', () => {
    expect(blockSuggestion({ userId: 'U1', actionId: 'a', blockId: 'b', value: 'zy' })).toMatchObject({
      type: 'block_suggestion',
      action_id: 'a',
      block_id: 'b',
      value: 'zy',
    })
  })
})
