// The real app (launch(), as `npm start` builds it) in Socket Mode — SLACK_APP_TOKEN set — against a local
// Socket Mode endpoint (socket-mode-server.ts) reached through the fake Web API's apps.connections.open.
// Proves: the app asks for its URL with the app-level token and connects; a slash command (help, and one
// read from the database), a click, a view submission and an event arrive as envelopes and are acked by
// envelope_id with the payload Slack expects (the command's answer, the view's errors, clear); after Slack's
// `disconnect` and after a dropped socket it asks for a new URL and reconnects; an envelope re-delivered
// after a reconnect (same envelope_id, retry_attempt 1) is acked but not run again (database, fake Slack).
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '../../src/app/env.ts'
import { checkPortFree } from '../../src/app/slack-connection.ts'
import { launch, type RunningApp } from '../../src/app/start.ts'
import { captureLog } from '../support/capture-log.ts'
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts'
import { TEST_BOT_TOKEN as BOT_TOKEN, TEST_APP_ID } from '../support/slack-ids.ts'
import {
  appHomeOpened,
  blockActions,
  eventCallbackBody,
  newTriggerId,
  slashCommandBody,
  stateValue,
  viewSubmission,
} from '../support/slack-request.ts'
import { validateAckBody } from '../support/slack-spec/response-validator.ts'
import { type Ack, type SocketModeServer, startSocketModeServer } from './socket-mode-server.ts'

const APP_TOKEN = 'xapp-1-A0MSPBOT-1-socket-mode-test'
const SIGNING_SECRET = 'socket-mode-signing-secret'
const ADMIN = 'U0PRIYA' // an admin of the demo book
const EMAIL = 'nina@zylker.example'

let fake: FakeSlack
let socket: SocketModeServer
let running: RunningApp
const log = captureLog()

beforeAll(async () => {
  fake = await startFakeSlack({ botToken: BOT_TOKEN, extraTokens: [APP_TOKEN] })
  socket = await startSocketModeServer({ appId: TEST_APP_ID, appToken: APP_TOKEN })
  socket.attach(fake)
  const env = parseEnv({
    PORT: '0',
    DATABASE_URL: 'memory://',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: fake.apiUrl,
  })
  running = await launch({ mode: 'start', env, logger: log.logger })
}, 120_000)

afterAll(async () => {
  await running?.stop()
  await socket?.close()
  await fake?.close()
})

/** `/msp <text>` as Slack sends it over Socket Mode; the ack must be a valid slash command answer. */
async function command(text: string): Promise<{ ack: Ack; responseUrl: string; triggerId: string }> {
  const responseUrl = fake.responseUrl()
  const triggerId = newTriggerId()
  const payload = Object.fromEntries(
    new URLSearchParams(slashCommandBody({ text, userId: ADMIN, responseUrl, triggerId })),
  )
  const ack = await socket.deliver('slash_commands', payload)
  expect(validateAckBody('slash_command', ackText(ack))).toEqual([])
  return { ack, responseUrl, triggerId }
}

type Json = Record<string, unknown>

/** Every `text` string in a message or view, one a line (driver.ts has the full version; it brings the shared test database, which this file does not use). */
function shownText(value: unknown): string {
  if (Array.isArray(value)) return value.map(shownText).join('\n')
  if (typeof value !== 'object' || value === null) return ''
  return Object.entries(value)
    .map(([key, v]) => (key === 'text' && typeof v === 'string' ? v : shownText(v)))
    .filter((line) => line !== '')
    .join('\n')
}

/** The button labelled `label` anywhere in `blocks`. */
function buttonLabelled(blocks: unknown, label: string): Json | undefined {
  if (Array.isArray(blocks)) return blocks.map((b) => buttonLabelled(b, label)).find(Boolean)
  if (typeof blocks !== 'object' || blocks === null) return undefined
  const o = blocks as Json
  if (o.type === 'button' && (o.text as { text?: string } | undefined)?.text === label) return o
  return Object.values(o)
    .map((child) => buttonLabelled(child, label))
    .find(Boolean)
}

/** The ack's payload as the body of the same answer over HTTP ('' when empty). */
const ackText = (ack: Ack) => (Object.keys(ack.payload).length === 0 ? '' : JSON.stringify(ack.payload))

/** The command's answer: in its ack, or else posted to its response_url. */
async function answerOf(sent: { ack: Ack; responseUrl: string }): Promise<Json> {
  if (ackText(sent.ack) !== '') return sent.ack.payload
  const id = decodeURIComponent(sent.responseUrl.split('/').pop() ?? '')
  return (await fake.waitForResponse((r) => r.id === id, 30_000)).body
}

const portalUsersNamed = () => running.db.prisma.portalUser.count({ where: { email: EMAIL } })

const portalValues = (email: string) => ({
  portal_name: { portal_name: stateValue.text('Nina') },
  portal_email: { portal_email: stateValue.email(email) },
  portal_role: { portal_role: stateValue.staticSelect('operator') },
  portal_admin: { portal_admin: stateValue.checkboxes([]) },
})

describe('Socket Mode', () => {
  // the deliveries to send again after a reconnect, and the connection that first carried them
  let click: { payload: Json; envelopeId: string; triggerId: string; connection: number }
  let submission: { payload: Json; envelopeId: string; connection: number }
  let homeOpened: { payload: Json; envelopeId: string }
  /** Each connection took a fresh URL from apps.connections.open, asked with the app-level token. */
  const expectOneOpenPerConnection = () => {
    expect(socket.opens).toHaveLength(socket.connections)
    expect(new Set(socket.opens)).toEqual(new Set([APP_TOKEN]))
  }

  it('asks apps.connections.open with the app-level token, connects, and answers /msp help in the ack', async () => {
    await socket.waitForConnection(1)
    expect(socket.opens).toEqual([APP_TOKEN])
    const help = await command('help')
    expect(shownText(await answerOf(help))).toContain('/msp')
    expect(socket.violations).toEqual([])
  }, 60_000)

  it('acks a database-backed command, a click, a view submission and an event by envelope_id, with their payloads', async () => {
    const list = await answerOf(await command('portal Zylker'))
    expect(shownText(list)).toContain('Zylker')
    const add = buttonLabelled(list.blocks, 'Add portal user')
    expect(add?.action_id).toBe('portal_add')

    const triggerId = newTriggerId()
    const payload = blockActions({
      userId: ADMIN,
      actionId: 'portal_add',
      value: String(add?.value ?? ''),
      responseUrl: fake.responseUrl(),
      triggerId,
    })
    const clickAck = await socket.deliver('interactive', payload, { envelopeId: 'click-1' })
    expect(clickAck.envelopeId).toBe('click-1')
    expect(clickAck.payload).toEqual({})
    click = { payload, envelopeId: 'click-1', triggerId, connection: clickAck.connection }
    const opened = await fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId, 30_000)
    const view = opened.args.view as Json
    const submit = (email: string) =>
      viewSubmission({
        userId: ADMIN,
        callbackId: String(view.callback_id),
        privateMetadata: String(view.private_metadata ?? ''),
        values: portalValues(email),
        blocks: view.blocks as Json[],
      })

    const invalid = await socket.deliver('interactive', submit('not an address'))
    expect(invalid.payload.response_action).toBe('errors')
    expect(Object.keys(invalid.payload.errors as Json)).toContain('portal_email')
    expect(validateAckBody('view_submission', ackText(invalid))).toEqual([])
    expect(await portalUsersNamed()).toBe(0)

    const valid = submit(EMAIL)
    const ack = await socket.deliver('interactive', valid, { envelopeId: 'submit-1' })
    expect(ack).toMatchObject({ envelopeId: 'submit-1', payload: { response_action: 'clear' } })
    expect(await portalUsersNamed()).toBe(1)
    submission = { payload: valid, envelopeId: 'submit-1', connection: ack.connection }

    // an Events API envelope: acked without a payload (accepts_response_payload false), then handled
    const event = eventCallbackBody(appHomeOpened(ADMIN), { eventId: 'Ev0SOCKET1' })
    const eventAck = await socket.deliver('events_api', event, { envelopeId: 'event-1' })
    expect(eventAck.payload).toEqual({})
    await fake.waitForCall('views.publish', (c) => c.args.user_id === ADMIN, 30_000)
    homeOpened = { payload: event, envelopeId: 'event-1' }
    expect(socket.violations).toEqual([])
  }, 60_000)

  it('reconnects after Slack’s disconnect (refresh_requested); the submission re-delivered there runs once', async () => {
    expect(submission).toBeDefined()
    const audited = await running.db.prisma.auditLog.count()
    const before = socket.connections
    socket.sendDisconnect('refresh_requested')
    await socket.waitForConnection(before + 1)
    expectOneOpenPerConnection()

    const again = await socket.deliver('interactive', submission.payload, {
      envelopeId: submission.envelopeId,
      retryAttempt: 1,
      retryReason: 'timeout',
    })
    expect(again.envelopeId).toBe(submission.envelopeId)
    expect(again.payload).toEqual({}) // not { response_action: 'clear' } again
    expect(again.connection).toBeGreaterThan(submission.connection)
    expect(log.text()).toContain(
      `duplicate delivery trigger:${String(submission.payload.trigger_id)} ignored`,
    )
    expect(await portalUsersNamed()).toBe(1)
    expect(await running.db.prisma.auditLog.count()).toBe(audited)
    // and the new connection serves new envelopes
    expect(shownText(await answerOf(await command('help')))).toContain('/msp')
    expect(socket.violations).toEqual([])
  }, 90_000)

  it('reconnects after the socket drops; the click and the event re-delivered there run once', async () => {
    expect(click).toBeDefined()
    const before = socket.connections
    socket.dropConnection()
    await socket.waitForConnection(before + 1)
    expectOneOpenPerConnection()

    const again = await socket.deliver('interactive', click.payload, {
      envelopeId: click.envelopeId,
      retryAttempt: 1,
      retryReason: 'timeout',
    })
    expect(again.envelopeId).toBe(click.envelopeId)
    expect(again.payload).toEqual({})
    expect(again.connection).toBeGreaterThan(before)
    expect(log.text()).toContain(`duplicate delivery trigger:${click.triggerId} ignored`)
    const retried = await socket.deliver('events_api', homeOpened.payload, {
      envelopeId: homeOpened.envelopeId,
      retryAttempt: 1,
      retryReason: 'timeout',
    })
    expect(retried.payload).toEqual({})
    expect(log.text()).toContain('duplicate delivery event:Ev0SOCKET1 ignored')
    // the new connection serves a new command; and the click's modal was opened once only
    expect(shownText(await answerOf(await command('help')))).toContain('/msp')
    expect(fake.callsTo('views.open').filter((c) => c.args.trigger_id === click.triggerId)).toHaveLength(1)
    expect(fake.callsTo('views.publish').filter((c) => c.args.user_id === ADMIN)).toHaveLength(1)
    expect(socket.violations).toEqual([])
    expect(fake.violations).toEqual([])
  }, 90_000)
})

it('refuses a busy PORT before connecting (Bolt’s own listen there would be an uncaught exception)', async () => {
  const busy = createServer()
  await new Promise<void>((resolve) => busy.listen(0, resolve))
  const { port } = busy.address() as AddressInfo
  try {
    await expect(checkPortFree(port)).rejects.toThrow(/EADDRINUSE/)
  } finally {
    await new Promise((resolve) => busy.close(resolve))
  }
  await expect(checkPortFree(port)).resolves.toBeUndefined() // free again: nothing left listening
})
