// End-to-end check of the harness: a real Bolt app (HTTPReceiver) driven by signed requests, talking to the fake.
import { App, HTTPReceiver, LogLevel } from '@slack/bolt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type RunningApp, startBoltApp } from './bolt-app.ts'
import { type FakeSlack, startFakeSlack } from './fake-slack.ts'
import {
  appHomeOpened,
  blockActions,
  eventCallback,
  interaction,
  postSigned,
  slashCommand,
  stateValue,
  viewSubmission,
} from './slack-request.ts'
import { validateAckBody } from './slack-spec/response-validator.ts'

const SECRET = 'harness-signing-secret'
let fake: FakeSlack
let running: RunningApp

beforeAll(async () => {
  fake = await startFakeSlack()
  const receiver = new HTTPReceiver({
    signingSecret: SECRET,
    endpoints: '/slack/events',
    logLevel: LogLevel.ERROR,
  })
  const app = new App({
    token: fake.botToken,
    receiver,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    logLevel: LogLevel.ERROR,
  })
  app.command('/msp', async ({ ack, command, respond, client }) => {
    await ack({ response_type: 'ephemeral', text: `Working on "${command.text}"` })
    const user = await client.users.info({ user: command.user_id })
    await respond({ response_type: 'ephemeral', text: `Hello ${user.user?.name ?? '?'}` })
    await client.views.open({
      trigger_id: command.trigger_id,
      view: {
        type: 'modal',
        callback_id: 'edit',
        title: { type: 'plain_text', text: 'Edit' },
        submit: { type: 'plain_text', text: 'Save' },
        blocks: [
          {
            type: 'input',
            block_id: 'name',
            label: { type: 'plain_text', text: 'Name' },
            element: { type: 'plain_text_input', action_id: 'name_input' },
          },
        ],
      },
    })
  })
  app.view('edit', async ({ ack, view }) => {
    const name = view.state.values.name?.name_input?.value ?? ''
    if (name === '') await ack({ response_action: 'errors', errors: { name: 'Required' } })
    else await ack()
  })
  app.action('approve', async ({ ack, respond }) => {
    await ack()
    await respond({ replace_original: true, text: 'Approved' })
  })
  app.event('app_home_opened', async ({ event, client }) => {
    await client.views.publish({
      user_id: event.user,
      view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Home' } }] },
    })
  })
  running = await startBoltApp(app)
})
afterAll(async () => {
  await running.stop()
  await fake.close()
})
afterEach(() => {
  expect(fake.violations).toEqual([])
  fake.reset()
})

describe('harness against a real Bolt app', () => {
  it('slash command: ack body, respond via response_url, Web API calls', async () => {
    fake.addUser({ id: 'U1', email: 'priya@msp.example', name: 'priya' })
    const responseUrl = fake.responseUrl()
    const res = await slashCommand(running.url, SECRET, { text: 'help', userId: 'U1', responseUrl })
    expect(res.status).toBe(200)
    expect(validateAckBody('slash_command', res.text)).toEqual([])
    expect(res.json).toEqual({ response_type: 'ephemeral', text: 'Working on "help"' })
    expect((await fake.waitForResponse()).body).toEqual({ response_type: 'ephemeral', text: 'Hello priya' })
    const opened = await fake.waitForCall('views.open')
    expect(opened.args.view).toMatchObject({ callback_id: 'edit' })
  })

  it('view submission acks with errors, block action responds', async () => {
    const empty = viewSubmission({
      userId: 'U1',
      callbackId: 'edit',
      values: { name: { name_input: stateValue.text(null) } },
    })
    const res = await interaction(running.url, SECRET, empty)
    expect(validateAckBody('view_submission', res.text)).toEqual([])
    expect(res.json).toEqual({ response_action: 'errors', errors: { name: 'Required' } })

    const responseUrl = fake.responseUrl()
    const clicked = await interaction(
      running.url,
      SECRET,
      blockActions({ userId: 'U1', actionId: 'approve', value: '1', responseUrl }),
    )
    expect(clicked.status).toBe(200)
    expect((await fake.waitForResponse()).body).toEqual({ replace_original: true, text: 'Approved' })
  })

  it('events: app_home_opened publishes the home tab', async () => {
    const res = await eventCallback(running.url, SECRET, appHomeOpened('U2'), { eventId: 'Ev01' })
    expect(res.status).toBe(200)
    const published = await fake.waitForCall('views.publish')
    expect(published.args).toMatchObject({ user_id: 'U2', view: { type: 'home' } })
  })

  it('Bolt rejects bad signatures and stale timestamps', async () => {
    const bad = await postSigned(running.url, SECRET, 'a=1', { signatureOverride: 'v0=00' })
    const stale = await postSigned(running.url, SECRET, 'a=1', {
      timestamp: Math.floor(Date.now() / 1000) - 600,
    })
    expect([bad.status, stale.status]).toEqual([401, 401])
  })
})
