import { type Logger, LogLevel, type WebAPIPlatformError, WebClient } from '@slack/web-api'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type FakeSlack, startFakeSlack } from './fake-slack.ts'

let fake: FakeSlack
let client: WebClient

/** The WebClient logs Slack's response_metadata messages as errors; these tests expect them. */
const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
}
const clientFor = (token: string, options: ConstructorParameters<typeof WebClient>[1] = {}) =>
  new WebClient(token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: silent, ...options })

beforeAll(async () => {
  fake = await startFakeSlack()
  client = clientFor('xoxb-test')
})
afterAll(() => fake.close())
afterEach(() => fake.reset())

const plain = (text: string) => ({ type: 'plain_text' as const, text })
const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } })
const modal = (overrides: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  title: plain('Edit customer'),
  submit: plain('Save'),
  close: plain('Cancel'),
  blocks: [
    {
      type: 'input' as const,
      block_id: 'name',
      label: plain('Name'),
      element: { type: 'plain_text_input' as const, action_id: 'name_input' },
    },
  ],
  ...overrides,
})

/** Runs a WebClient call that must fail; returns Slack's error code. */
async function slackError(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call
  } catch (error) {
    return (error as WebAPIPlatformError).data?.error
  }
  throw new Error('expected the call to fail')
}

/** The violations so far, then clears them so afterEach-style checks stay meaningful. */
function takeViolations(): string[] {
  const found = [...fake.violations]
  fake.violations.length = 0
  return found
}

describe('accepts valid calls from a real WebClient', () => {
  it('auth.test, chat.*, views.*, conversations.*', async () => {
    const auth = await client.auth.test()
    expect(auth).toMatchObject({ ok: true, user_id: 'U0MSPBOT', bot_id: 'B0MSPBOT', team_id: 'T0MSPTEST' })

    const posted = await client.chat.postMessage({ channel: 'C1', text: 'hi', blocks: [section('*hi*')] })
    const second = await client.chat.postMessage({ channel: 'U5', text: 'dm' })
    expect(posted).toMatchObject({ ok: true, channel: 'C1', message: { text: 'hi' } })
    expect(Number(second.ts)).toBeGreaterThan(Number(posted.ts))
    expect(second.channel).toBe('D5')
    expect(await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'psst' })).toMatchObject({
      ok: true,
      message_ts: expect.any(String),
    })
    await client.chat.update({ channel: 'C1', ts: String(posted.ts), text: 'edited', blocks: [section('x')] })
    await client.chat.delete({ channel: 'C1', ts: String(posted.ts) })

    const opened = await client.views.open({ trigger_id: '1.2.abc', view: modal({ private_metadata: '{}' }) })
    expect(opened.view).toMatchObject({ id: expect.stringMatching(/^V\d{4}$/), hash: expect.any(String) })
    const id = String(opened.view?.id)
    const updated = await client.views.update({ view_id: id, hash: opened.view?.hash, view: modal() })
    expect(updated.view?.id).toBe(id)
    await client.views.push({ trigger_id: '1.2.def', view: modal() })
    const home = await client.views.publish({
      user_id: 'U1',
      view: { type: 'home', blocks: [section('home')] },
    })
    expect(home.view?.type).toBe('home')

    expect(await client.conversations.open({ users: 'U7' })).toMatchObject({ channel: { id: 'D7' } })
    expect(await client.conversations.info({ channel: 'C1' })).toMatchObject({ channel: { id: 'C1' } })

    expect(fake.violations).toEqual([])
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2)
    expect(fake.lastCall('views.open').args.view).toMatchObject({
      type: 'modal',
      title: plain('Edit customer'),
    })
  })

  it('users.info / users.lookupByEmail answer from fake.users', async () => {
    fake.addUser({ id: 'U1', email: 'Priya@msp.example', name: 'priya', tz: 'Europe/Amsterdam' })
    const info = await client.users.info({ user: 'U1' })
    expect(info.user).toMatchObject({
      id: 'U1',
      tz: 'Europe/Amsterdam',
      profile: { email: 'Priya@msp.example' },
    })
    expect([3600, 7200]).toContain(info.user?.tz_offset)
    expect((await client.users.lookupByEmail({ email: 'priya@msp.example' })).user?.id).toBe('U1')
    expect(await slackError(client.users.info({ user: 'U404' }))).toBe('user_not_found')
    expect(await slackError(client.users.lookupByEmail({ email: 'nobody@x' }))).toBe('users_not_found')
    expect(fake.violations).toEqual([])
  })

  it('files.info points at a download that needs the bot token', async () => {
    fake.addFile({ id: 'F1', name: 'book.json', content: '{"customers":[]}', mimetype: 'application/json' })
    const info = await client.files.info({ file: 'F1' })
    const url = String(info.file?.url_private_download)
    expect(url).toBe(`${fake.baseUrl}files/F1`)
    const ok = await fetch(url, { headers: { Authorization: 'Bearer xoxb-test' } })
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe('{"customers":[]}')
    expect((await fetch(url)).status).toBe(403)
    expect((await fetch(url, { headers: { Authorization: 'Bearer xoxb-other' } })).status).toBe(403)
    expect(await slackError(client.files.info({ file: 'F404' }))).toBe('file_not_found')
    expect(fake.downloads.map((d) => d.status)).toEqual([200, 403, 403])
  })

  it('accepts JSON bodies with native objects and records parsed args', async () => {
    const res = await fetch(`${fake.apiUrl}views.open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-test' },
      body: JSON.stringify({ trigger_id: '9.9.json', view: modal() }),
    })
    expect(await res.json()).toMatchObject({ ok: true })
    expect(fake.violations).toEqual([])
    expect(fake.lastCall('views.open').args.trigger_id).toBe('9.9.json')
  })

  it('warns (without failing) about unknown arguments', async () => {
    await client.apiCall('chat.postMessage', { channel: 'C1', text: 'x', colour: 'red' })
    expect(fake.violations).toEqual([])
    expect(fake.warnings).toContain('chat.postMessage: unknown argument colour')
  })
})

describe('rejects what Slack would reject', () => {
  it('modal title of 25 characters', async () => {
    const view = modal({ title: plain('x'.repeat(25)) })
    expect(await slackError(client.views.open({ trigger_id: '1.1.a', view }))).toBe('invalid_arguments')
    expect(takeViolations()).toEqual([
      'views.open: view.title.text: must be at most 24 characters, got 25 (modal.title.text)',
    ])
  })

  it('message with 51 blocks', async () => {
    const blocks = Array.from({ length: 51 }, (_, i) => section(`line ${i}`))
    expect(await slackError(client.chat.postMessage({ channel: 'C1', text: 'x', blocks }))).toBe(
      'invalid_blocks',
    )
    expect(takeViolations()).toEqual([
      'chat.postMessage: blocks: must have at most 50 items, got 51 (message.blocks.count)',
    ])
  })

  it('views.open without trigger_id or interactivity_pointer', async () => {
    await slackError(client.apiCall('views.open', { view: modal() }))
    expect(takeViolations()).toEqual(['views.open: one of trigger_id, interactivity_pointer is required'])
  })

  it('button text over 75 characters', async () => {
    const blocks = [
      { type: 'actions', elements: [{ type: 'button', action_id: 'go', text: plain('b'.repeat(76)) }] },
    ]
    await slackError(client.chat.postMessage({ channel: 'C1', text: 'x', blocks }))
    expect(takeViolations()).toEqual([
      'chat.postMessage: blocks[0].elements[0].text.text: must be at most 75 characters, got 76 (button.text)',
    ])
  })

  it('a modal with an input block but no submit, and a modal sent to views.publish', async () => {
    await slackError(client.views.open({ trigger_id: '1.1.b', view: modal({ submit: undefined }) }))
    await slackError(client.views.publish({ user_id: 'U1', view: modal() }))
    expect(takeViolations()).toEqual([
      'views.open: view.submit: is required when the modal has an input block (modal.submit.required_with_input)',
      'views.publish: view.type: must be home for this method',
    ])
  })

  it('a bad content type', async () => {
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: 'Bearer xoxb-test' },
      body: 'channel=C1&text=hi',
    })
    expect(await res.json()).toMatchObject({ ok: false, error: 'invalid_arguments' })
    expect(takeViolations()).toEqual([
      'chat.postMessage: content-type text/plain not accepted (allowed: application/x-www-form-urlencoded, application/json)',
    ])
  })

  it('a missing or foreign token, and GET', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' }
    const missing = await fetch(`${fake.apiUrl}auth.test`, {
      method: 'POST',
      headers: form,
      body: 'token=xoxb-test',
    })
    expect(await missing.json()).toMatchObject({ ok: false, error: 'not_authed' })
    const foreign = clientFor('xoxb-someone-else')
    expect(await slackError(foreign.auth.test())).toBe('invalid_auth')
    await fetch(`${fake.apiUrl}auth.test`, { headers: { authorization: 'Bearer xoxb-test' } })
    expect(takeViolations()).toEqual([
      'auth.test: Authorization header missing',
      'auth.test: Authorization token is not a token of this workspace',
      'auth.test: HTTP GET not accepted (use POST)',
      'auth.test: no content-type not accepted (allowed: application/x-www-form-urlencoded, application/json)',
    ])
  })

  it('an unknown method and a missing required argument', async () => {
    expect(await slackError(client.apiCall('chat.postMessagee', { channel: 'C1', text: 'x' }))).toBe(
      'unknown_method',
    )
    await slackError(client.apiCall('users.info', {}))
    await slackError(client.apiCall('chat.postMessage', { channel: 'C1' }))
    expect(takeViolations()).toEqual([
      'chat.postMessagee: unknown method chat.postMessagee (not in openapi-v2.json or overlay.json)',
      'users.info: user is required',
      'chat.postMessage: one of text, blocks, attachments, markdown_text is required',
    ])
  })

  it('a reused trigger_id', async () => {
    await client.views.open({ trigger_id: '5.5.same', view: modal() })
    expect(await slackError(client.views.open({ trigger_id: '5.5.same', view: modal() }))).toBe(
      'exchanged_trigger_id',
    )
    expect(takeViolations()).toEqual([
      'views.open: trigger_id 5.5.same was already used (trigger_id.expiry: single use)',
    ])
  })

  it('views.update with a stale hash answers hash_conflict (not a violation)', async () => {
    const opened = await client.views.open({ trigger_id: '6.6.a', view: modal() })
    const id = String(opened.view?.id)
    await client.views.update({ view_id: id, view: modal() })
    expect(
      await slackError(client.views.update({ view_id: id, hash: opened.view?.hash, view: modal() })),
    ).toBe('hash_conflict')
    expect(fake.violations).toEqual([])
  })
})

describe('failure injection', () => {
  it('failNext with an error answers ok:false once, in order', async () => {
    fake.failNext('chat.postMessage', { error: 'channel_not_found' })
    fake.failNext('chat.postMessage', { error: 'not_in_channel' })
    expect(await slackError(client.chat.postMessage({ channel: 'C1', text: 'a' }))).toBe('channel_not_found')
    expect(await slackError(client.chat.postMessage({ channel: 'C1', text: 'b' }))).toBe('not_in_channel')
    expect((await client.chat.postMessage({ channel: 'C1', text: 'c' })).ok).toBe(true)
    expect(fake.callsTo('chat.postMessage')).toHaveLength(3)
  })

  it('failNext with status 429 is surfaced as a rate-limit error', async () => {
    const limited = clientFor('xoxb-test', { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true })
    fake.failNext('views.open', { status: 429, retryAfter: 7 })
    await expect(limited.views.open({ trigger_id: '7.7.a', view: modal() })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 7,
    })
    expect(fake.violations).toEqual([])
  })

  it('reset clears queued failures', async () => {
    fake.failNext('auth.test', { error: 'invalid_auth' })
    fake.reset()
    expect((await client.auth.test()).ok).toBe(true)
  })
})

describe('response_url', () => {
  const post = (url: string, body: unknown, contentType = 'application/json') =>
    fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) })

  it('records valid posts', async () => {
    const url = fake.responseUrl('cmd-1')
    expect(url).toBe(`${fake.baseUrl}response/cmd-1`)
    const res = await post(url, { response_type: 'ephemeral', text: 'Done', replace_original: false })
    expect(res.status).toBe(200)
    expect(fake.responses).toEqual([
      {
        id: 'cmd-1',
        body: { response_type: 'ephemeral', text: 'Done', replace_original: false },
        at: expect.any(Number),
      },
    ])
    expect(fake.violations).toEqual([])
  })

  it('rejects bad bodies, content types and a sixth use', async () => {
    const url = fake.responseUrl()
    const blocks = Array.from({ length: 51 }, () => section('x'))
    expect((await post(url, { response_type: 'public', text: 'x' })).status).toBe(400)
    await post(url, { text: 'x', blocks })
    await post(url, { text: 'x' }, 'text/plain')
    await post(url, {})
    expect((await post(url, { delete_original: true })).status).toBe(200)
    expect((await post(url, { text: 'sixth' })).status).toBe(404)
    const id = url.split('/').pop()
    expect(takeViolations()).toEqual([
      `response_url ${id}: response_type must be in_channel or ephemeral, got "public"`,
      `response_url ${id}: blocks: must have at most 50 items, got 51 (message.blocks.count)`,
      `response_url ${id}: content-type text/plain not accepted by response_url (allowed: application/json)`,
      `response_url ${id}: one of text, blocks, attachments is required (or delete_original: true)`,
      `response_url ${id}: used more than 5 times (response_url.window)`,
    ])
  })
})

describe('waitFor', () => {
  it('resolves with a call recorded later', async () => {
    const waiting = fake.waitForCall('chat.postMessage', (c) => c.args.text === 'later')
    setTimeout(() => void client.chat.postMessage({ channel: 'C1', text: 'later' }), 20)
    expect((await waiting).args).toMatchObject({ channel: 'C1', text: 'later' })
  })

  it('resolves with a response already recorded', async () => {
    await fetch(fake.responseUrl('r'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"hello"}',
    })
    expect(await fake.waitForResponse((r) => r.body.text === 'hello')).toMatchObject({ id: 'r' })
  })

  it('rejects listing what was recorded', async () => {
    await client.chat.postMessage({ channel: 'C1', text: 'something else' })
    await expect(fake.waitFor((e) => e.kind === 'call' && e.method === 'views.open', 50)).rejects.toThrow(
      /nothing matched within 50 ms[\s\S]*call chat.postMessage \{"channel":"C1","text":"something else"\}/,
    )
  })
})
