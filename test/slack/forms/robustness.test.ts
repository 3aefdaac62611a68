// Robustness of the forms through Slack: signatures, retries, Slack API failures, and the 3 s ack deadline.
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { RESPONSE_URL } from '../../support/fake-slack.ts'
import { membershipDump, type SeededWorld } from '../../support/seed.ts'
import { NOTIFY_CHANNEL, SIGNING_SECRET, useSlackApp } from '../../support/slack-app.ts'
import { TEST_CHANNEL_ID } from '../../support/slack-ids.ts'
import {
  interaction,
  newTriggerId,
  postSigned,
  slashCommandBody,
  viewSubmission,
} from '../../support/slack-request.ts'
import { seedSlackWorld, zylkerGuardedInZoho } from '../../support/slack-worlds.ts'
import { staff } from '../../support/worlds.ts'
import {
  ACK_DEADLINE_MS,
  ackedView,
  command,
  expectAck,
  groupValues,
  openForm,
  preferencesValues,
  repliesTo,
  replyTo,
  submissionPayload,
  submit,
  textOf,
  writes,
} from './helpers.ts'

const PRIYA = staff.priya.slackUserId // U1, admin
const STRANGER = 'U9' // no MSP user has this Slack id

/** `zylkerGuardedInZoho` with Priya: Zylker (Account Contact Alex; alert group Ops = Bo) and Acme in Zoho; Carl in no group. */
const seedBook = (t: ReturnType<typeof useSlackApp>): Promise<SeededWorld> =>
  seedSlackWorld(t, zylkerGuardedInZoho(), [staff.priya])

/** The stranger submits Customer Preferences of Zylker (a form no one opened for them) with nothing selected. */
const strangerSubmits = (t: ReturnType<typeof useSlackApp>, w: SeededWorld) =>
  submit(
    t,
    STRANGER,
    {
      callback_id: 'customer_preferences',
      private_metadata: JSON.stringify({ id: w.customerId('Zylker') }),
      blocks: [],
    },
    preferencesValues(w, { groups: [], users: [], contact: null }),
  )

/** Nothing reached Slack and nothing was written. */
async function expectUntouched(t: ReturnType<typeof useSlackApp>, before: unknown) {
  await sleep(200) // a listener that wrongly ran would call Slack or write by now
  // (Bolt's own start-up auth.test may land at any time; it is not caused by a request.)
  expect(t.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([])
  expect(t.fake.responses).toEqual([])
  expect(await membershipDump(t.db())).toEqual(before)
  expect(await t.db().idempotencyKey.count()).toBe(0)
  expect(await writes(t)).toMatchObject({ audit: 0, pending: 0 })
}

describe('Robustness of the forms through Slack', () => {
  const t = useSlackApp()

  it('rejects a bad signature with 401 and records nothing', async () => {
    const w = await seedBook(t)
    const before = await membershipDump(t.db())
    const responseUrl = t.fake.responseUrl()
    const body = slashCommandBody({ text: 'customer Zylker', userId: PRIYA, responseUrl })

    const wrongSecret = await postSigned(t.url(), 'not-the-signing-secret', body)
    expect(wrongSecret.status).toBe(401)
    const forged = await postSigned(t.url(), SIGNING_SECRET, body, {
      signatureOverride: `v0=${'0'.repeat(64)}`,
    })
    expect(forged.status).toBe(401)
    const unsigned = await postSigned(t.url(), SIGNING_SECRET, body, { signatureOverride: '' })
    expect(unsigned.status).toBe(401)
    // A form submission that would apply at once, signed with another secret.
    const save = viewSubmission({
      userId: PRIYA,
      callbackId: 'customer_preferences',
      privateMetadata: JSON.stringify({ id: w.customerId('Zylker'), responseUrl }),
      values: preferencesValues(w, { groups: ['Zoho'], users: ['Carl'], contact: 'Alex' }),
    })
    const rejected = await interaction(t.url(), 'not-the-signing-secret', save)
    expect(rejected.status).toBe(401)
    for (const res of [wrongSecret, forged, unsigned, rejected])
      expect(res.elapsedMs).toBeLessThan(ACK_DEADLINE_MS)

    await expectUntouched(t, before)
  })

  it('rejects a correctly signed request whose timestamp is 10 minutes old with 401', async () => {
    const w = await seedBook(t)
    const before = await membershipDump(t.db())
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600
    const responseUrl = t.fake.responseUrl()
    const stale = await postSigned(
      t.url(),
      SIGNING_SECRET,
      slashCommandBody({ text: 'customer Zylker', userId: PRIYA, responseUrl }),
      { timestamp: tenMinutesAgo },
    )
    expect(stale.status).toBe(401)
    const staleSave = await interaction(
      t.url(),
      SIGNING_SECRET,
      viewSubmission({
        userId: PRIYA,
        callbackId: 'customer_preferences',
        privateMetadata: JSON.stringify({ id: w.customerId('Zylker'), responseUrl }),
        values: preferencesValues(w, { groups: ['Zoho'], users: ['Carl'], contact: 'Alex' }),
      }),
      { timestamp: tenMinutesAgo },
    )
    expect(staleSave.status).toBe(401)
    await expectUntouched(t, before)
  })

  it('runs a retried slash command once: one views.open for one trigger_id', async () => {
    await seedBook(t)
    const responseUrl = t.fake.responseUrl()
    const triggerId = newTriggerId()
    const body = slashCommandBody({ text: 'customer Zylker', userId: PRIYA, responseUrl, triggerId })
    expectAck('slash_command', await postSigned(t.url(), SIGNING_SECRET, body))
    await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId)
    expectAck(
      'slash_command',
      await postSigned(t.url(), SIGNING_SECRET, body, { retryNum: 1, retryReason: 'http_timeout' }),
    )
    await sleep(300)
    expect(t.fake.calls.map((c) => c.method).filter((m) => m !== 'auth.test')).toEqual(['views.open'])
    expect(t.fake.responses).toEqual([])
  })

  it('applies a retried form submission once and answers it once, even when the retry races the original', async () => {
    const w = await seedBook(t)
    const form = await openForm(t, PRIYA, 'customer Zylker')
    const values = preferencesValues(w, { groups: ['Zoho'], users: ['Carl'], contact: 'Alex' })
    const payload = submissionPayload(PRIYA, form.view, values, { triggerId: newTriggerId() })

    // Sequential: the retry comes after the original was answered.
    const first = expectAck('view_submission', await interaction(t.url(), SIGNING_SECRET, payload))
    expect(first.body).toEqual({ response_action: 'clear' })
    expect((await replyTo(t, form)).body.text).toContain('Carl added to Zylker')
    const retry = expectAck(
      'view_submission',
      await interaction(t.url(), SIGNING_SECRET, payload, { retryNum: 1 }),
    )
    expect(retry.body).toEqual({})

    // Concurrent: original and retry of another save (from a freshly opened form) in flight together.
    const again = await openForm(t, PRIYA, 'customer Zylker')
    const second = submissionPayload(
      PRIYA,
      again.view,
      preferencesValues(w, { groups: ['Zoho'], users: ['Carl', 'Priya'], contact: 'Alex' }),
      { triggerId: newTriggerId() },
    )
    const acks = await Promise.all([
      interaction(t.url(), SIGNING_SECRET, second),
      interaction(t.url(), SIGNING_SECRET, second, { retryNum: 1, retryReason: 'http_timeout' }),
    ])
    const bodies = acks.map((res) => expectAck('view_submission', res).body)
    expect(bodies).toContainEqual({ response_action: 'clear' })
    expect(bodies).toContainEqual({})
    await replyTo(t, again)
    await sleep(300)

    expect(repliesTo(t, form).map((r) => r.body.text)).toEqual([
      ':white_check_mark: Saved Zylker: Carl added to Zylker.',
    ])
    expect(repliesTo(t, again).map((r) => r.body.text)).toEqual([
      ':white_check_mark: Saved Zylker: Priya added to Zylker.',
    ])
    expect((await membershipDump(t.db())).directLinks).toEqual(['Carl→Zylker', 'Priya→Zylker'])
    expect(await writes(t)).toMatchObject({ actions: ['customer.preferences', 'customer.preferences'] })
    expect(t.fake.calls.map((c) => c.method).filter((m) => m !== 'auth.test')).toEqual([
      'views.open',
      'views.open',
    ])
  })

  it('refuses clearly when Slack cannot find an unmapped user (users.info user_not_found)', async () => {
    const w = await seedBook(t)
    const before = await membershipDump(t.db())
    t.fake.failNext('users.info', { error: 'user_not_found' })
    const cmd = await command(t, STRANGER, 'customer Zylker')
    const reply = await replyTo(t, cmd)
    expect(reply.body.response_type).toBe('ephemeral')
    expect(reply.body.text).toMatch(/not an MSP user/)
    expect(reply.body.text).toMatch(/manager/)
    expect(t.fake.callsTo('users.info').map((c) => c.args.user)).toEqual([STRANGER])
    expect(t.fake.callsTo('views.open')).toEqual([])

    // The same for a form submission: the modal says so, nothing is written.
    t.fake.failNext('users.info', { error: 'user_not_found' })
    const ack = await strangerSubmits(t, w)
    expect(textOf(ackedView(ack, 'update').blocks)).toMatch(/not an MSP user/)
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await writes(t)).toMatchObject({ audit: 0, pending: 0 })
    expect(await t.db().mspUser.count({ where: { slackUserId: STRANGER } })).toBe(0)
  })

  it('an unexpected failure on submit goes over the form (Back keeps the input); nothing is written', async () => {
    const w = await seedBook(t)
    const before = await membershipDump(t.db())
    t.fake.failNext('users.info', { status: 429, retryAfter: 1 }) // Slack says wait while we ask who this is
    const ack = await strangerSubmits(t, w)
    const notice = ackedView(ack, 'push')
    expect(notice.title?.text).toBe('Not saved')
    expect(textOf(notice.blocks)).toMatch(/rate limiting this app; try again in 1 seconds/)
    expect(await membershipDump(t.db())).toEqual(before)
  })

  it('tells the user to run the command again when views.open fails with expired_trigger_id', async () => {
    await seedBook(t)
    t.fake.failNext('views.open', { error: 'expired_trigger_id' })
    const cmd = await command(t, PRIYA, 'customer Zylker')
    const reply = await replyTo(t, cmd)
    expect(reply.body.response_type).toBe('ephemeral')
    expect(reply.body.text).toMatch(/expired.*nothing was changed.*run the command again/)
    expect(await writes(t)).toMatchObject({ audit: 0, pending: 0 })
  })

  it('still shows the blocked preview when the notification is rate limited (429), and loses nothing', async () => {
    const w = await seedBook(t)
    const before = await membershipDump(t.db())
    t.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 })
    const form = await openForm(t, PRIYA, 'group Zoho')
    const ack = await submit(
      t,
      PRIYA,
      form.view,
      groupValues(w, { name: 'Zoho', customers: ['Acme'], users: ['Alex', 'Bo'] }),
    )

    const blocked = ackedView(ack, 'push')
    expect(blocked.title?.text).toBe('Save blocked')
    expect(textOf(blocked.blocks)).toContain('Alex is the Account Contact of Zylker')
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await writes(t)).toMatchObject({ actions: ['group.edit.blocked'], pending: 0 })

    // The rate-limited notification is posted once Slack allows it again.
    const posted = await t.fake.waitForCall(
      'chat.postMessage',
      () => t.fake.callsTo('chat.postMessage').length >= 2,
      5000,
    )
    expect(posted.args.channel).toBe(NOTIFY_CHANNEL)
    expect(String(posted.args.text)).toContain('Blocked save of group Zoho')
    const [rejected, accepted] = t.fake.callsTo('chat.postMessage')
    expect(accepted?.args).toEqual(rejected?.args)
    expect((accepted?.at ?? 0) - (rejected?.at ?? 0)).toBeGreaterThanOrEqual(900)
    // The user saw the blocked preview; no "try again" on top of it.
    await sleep(200)
    expect(repliesTo(t, form)).toEqual([])
  })

  it('falls back to an ephemeral message in the channel when the response_url is gone', async () => {
    const w = await seedBook(t)
    const form = await openForm(t, PRIYA, 'customer Zylker')
    t.fake.failNext(RESPONSE_URL, { status: 404, error: 'expired_url' })
    const ack = await submit(
      t,
      PRIYA,
      form.view,
      preferencesValues(w, { groups: ['Zoho'], users: ['Carl'], contact: 'Alex' }),
    )
    expect(ack.body).toEqual({ response_action: 'clear' })
    const ephemeral = await t.fake.waitForCall('chat.postEphemeral')
    expect(ephemeral.args).toMatchObject({ channel: TEST_CHANNEL_ID, user: PRIYA })
    expect(String(ephemeral.args.text)).toContain('Carl added to Zylker')
    // The response_url was tried first, once.
    expect(repliesTo(t, form)).toHaveLength(1)
  })
})
