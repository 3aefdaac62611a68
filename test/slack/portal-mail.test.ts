// Invitation mail end to end: signed Slack requests against the fake Slack add and reinvite portal users,
// the app's kick delivers the outbox to a real SMTP server on loopback, and the mails' links work once
// (the old one dead after a reinvite). An SMTP outage keeps the mail (shown in /msp outbox) until the
// server is back, then it is delivered once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSmtpTransport } from '../../src/mail/smtp-transport.ts'
import { deliverDueMail, FIRST_RETRY_MS } from '../../src/services/mail/deliver-outbox.ts'
import { acceptInvitation, invitationState } from '../../src/services/portal/invitations.ts'
import { startTestSmtp, type TestSmtp } from '../services/mail/smtp-server.ts'
import { useSlackApp } from '../support/slack-app.ts'
import { stateValue, type ViewStateValues } from '../support/slack-request.ts'
import { seedSlackWorld } from '../support/slack-worlds.ts'
import { buttons, driver, type Json, settle } from './subcommands/driver.ts'

let smtp: TestSmtp | undefined
let sending: Promise<unknown> = Promise.resolve()
const transport = () =>
  createSmtpTransport({ url: smtp?.url ?? '', from: 'MSP Support <support@msp.example>' })
const t = useSlackApp({
  mail: {
    publicUrl: 'https://msp-bot.test',
    mailSending: true,
    // What the app's kick does (src/app/mail.ts queues the send-mail job, which runs this).
    onMailQueued: () => {
      sending = deliverDueMail(t.db(), transport()).catch(() => {})
    },
  },
})
const slack = driver(t)
const WAIT_MS = 15_000

beforeAll(async () => {
  smtp = await startTestSmtp()
})
afterAll(async () => {
  await smtp?.stop()
})
beforeEach(async () => {
  await smtp?.start().catch(() => {})
  if (smtp) smtp.received.length = 0
})

const LINK = /https:\/\/msp-bot\.test\/portal\/invitations\/([A-Za-z0-9_-]{43})/
const tokenOf = (text: string | undefined) => LINK.exec(text ?? '')?.[1] ?? ''
const mailbox = () => smtp as TestSmtp

async function seed() {
  const w = await seedSlackWorld(t, {
    customers: [{ name: 'Zylker', portalDomain: 'status.zylker.example' }],
    groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex'] }],
  })
  return { zylker: w.customerId('Zylker') }
}

const values = (name: string, email: string): ViewStateValues => ({
  portal_name: { portal_name: stateValue.text(name) },
  portal_email: { portal_email: stateValue.email(email) },
  portal_role: { portal_role: stateValue.staticSelect('operator') },
  portal_admin: { portal_admin: stateValue.checkboxes([]) },
})

/** Alex adds a portal user through `/msp portal Zylker` → Add portal user → the modal. */
async function addThroughSlack(name: string, email: string) {
  const list = (await slack.reply('U0ALEX', 'portal Zylker')).body
  const add = buttons(list.blocks).find((b) => b.text === 'Add portal user')
  const { triggerId } = await slack.click('U0ALEX', 'portal_add', add?.value ?? '', {
    responseUrl: t.fake.responseUrl(),
  })
  const call = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId, WAIT_MS)
  const { ack } = await slack.submit('U0ALEX', call.args.view as Json, values(name, email))
  expect(ack).toEqual({ response_action: 'clear' })
}

describe('invitation mail through Slack', () => {
  it('an add sends the invitation; a reinvite sends a new link and kills the old one', async () => {
    await seed()
    await addThroughSlack('Hana', 'hana@zylker.example')
    const [first] = await mailbox().waitFor(1, WAIT_MS)
    expect(first?.subject).toBe('Invitation to the Zylker portal')
    expect(first?.text).toContain('https://status.zylker.example/app/login/customer_login_portal')
    const oldToken = tokenOf(first?.text)
    expect(oldToken).not.toBe('')
    expect((await invitationState(t.db(), oldToken)).state).toBe('pending')

    const hana = await t.db().portalUser.findFirstOrThrow({ where: { email: 'hana@zylker.example' } })
    const list = (await slack.reply('U0ALEX', 'portal Zylker unconfirmed')).body
    const reinvite = buttons(list.blocks).find((b) => b.actionId === 'portal_reinvite')
    expect(reinvite).toBeDefined()
    await slack.click('U0ALEX', 'portal_reinvite', reinvite?.value ?? '', {
      responseUrl: t.fake.responseUrl(),
    })
    const received = await mailbox().waitFor(2, WAIT_MS)
    const newToken = tokenOf(received[1]?.text)
    expect(newToken).not.toBe('')
    expect(newToken).not.toBe(oldToken)
    expect((await acceptInvitation(t.db(), oldToken)).state).not.toBe('confirmed')
    expect((await acceptInvitation(t.db(), newToken)).state).toBe('confirmed')
    expect((await acceptInvitation(t.db(), newToken)).state).not.toBe('confirmed')
    expect(await t.db().portalUser.findUniqueOrThrow({ where: { id: hana.id } })).toMatchObject({
      status: 'enabled',
    })
    await settle()
    expect(mailbox().received).toHaveLength(2)
  })

  it('SMTP down at the add: the mail is kept and shown in /msp outbox, then delivered once', async () => {
    await seed()
    await mailbox().stop()
    await addThroughSlack('Ivo', 'ivo@zylker.example')
    await settle()
    await sending
    const row = await t.db().outboxMail.findFirstOrThrow()
    expect(row).toMatchObject({ to: 'ivo@zylker.example', sentAt: null, attempts: 1 })
    const waiting = await slack.reply('U0PRIYA', 'outbox')
    expect(waiting.shown).toContain('Mail is sent over SMTP; 1 not sent yet.')
    expect(waiting.shown).toContain('not sent after 1 attempt(s)')
    expect(waiting.shown).toMatch(/ECONNREFUSED|connect/)

    await mailbox().start()
    const later = () => new Date(Date.now() + FIRST_RETRY_MS + 1000)
    expect(await deliverDueMail(t.db(), transport(), { now: later })).toMatchObject({ sent: 1 })
    expect(await deliverDueMail(t.db(), transport(), { now: later })).toMatchObject({ sent: 0 })
    const [mail] = await mailbox().waitFor(1, WAIT_MS)
    expect(tokenOf(mail?.text)).not.toBe('')
    const sent = await slack.reply('U0PRIYA', 'outbox')
    expect(sent.shown).toContain('0 not sent yet')
    expect(sent.shown).toMatch(/sent \d{4}-\d\d-\d\d \d\d:\d\d UTC/)
    expect(mailbox().received).toHaveLength(1)
  })
})
