// Four-eyes approvals end to end, through signed requests against the fake Slack (which checks every
// payload): a technician's Delete asks for a reason and posts a request to the notify channel; admins
// approve (the delete runs once, also on a double click) or deny; the requester cannot decide, nor can a
// manager; an expired request runs nothing; /msp approvals lists what waits; no notify channel → no request.
import { addHours } from 'date-fns'
import { describe, expect, it } from 'vitest'
import { parseRowRef } from '../../../src/slack/blocks/portal-values.ts'
import type { RecordedCall } from '../../support/fake-slack.ts'
import { auditRows } from '../../support/seed.ts'
import { NOTIFY_CHANNEL, SIGNING_SECRET, type SlackAppHarness, useSlackApp } from '../../support/slack-app.ts'
import { blockActions, interaction, stateValue } from '../../support/slack-request.ts'
import { seedSlackWorld } from '../../support/slack-worlds.ts'
import { expectSafe, HOSTILE } from '../hostile-text.ts'
import { buttons, driver, type Json, settle, shownText } from '../subcommands/driver.ts'

/** The fake Slack's waits, longer than its default: the machine is shared and often loaded. */
const WAIT_MS = 15_000

/** Zylker with Dana (enabled, portal admin) and Fay (unconfirmed); Alex (technician), Maya (manager) on it. */
async function seed(t: SlackAppHarness, danaName = 'Dana') {
  const w = await seedSlackWorld(t, {
    customers: [{ name: 'Zylker', portalDomain: 'status.zylker.example' }],
    groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex', 'Maya', 'Vic'] }],
  })
  const db = t.db()
  const zylker = w.customerId('Zylker')
  const dana = await db.portalUser.create({
    data: {
      customerId: zylker,
      name: danaName,
      email: 'dana@portal.example',
      status: 'enabled',
      isAdmin: true,
    },
  })
  const fay = await db.portalUser.create({
    data: { customerId: zylker, name: 'Fay', email: 'fay@portal.example', status: 'unconfirmed' },
  })
  return { zylker, dana: dana.id, fay: fay.id }
}

function flows(t: SlackAppHarness) {
  const slack = driver(t)
  const idOf = (url: string) => decodeURIComponent(url.split('/').pop() ?? '')

  /** The ephemeral answer a click got on its response_url (not a list replacing itself). */
  async function answerTo(responseUrl: string): Promise<string> {
    const id = idOf(responseUrl)
    const r = await t.fake.waitForResponse((x) => x.id === id && x.body.replace_original === false, WAIT_MS)
    return shownText(r.body)
  }

  /** `/msp portal Zylker` as `userId`, then Delete on `portalUserId` (after its "Yes"): the click's URL and trigger. */
  async function clickDelete(userId: string, portalUserId: number) {
    const list = (await slack.reply(userId, 'portal Zylker')).body
    const del = buttons(list.blocks).find(
      (b) => b.actionId === 'portal_delete' && parseRowRef(b.value)?.portalUserId === portalUserId,
    )
    if (!del?.value) throw new Error(`no Delete for ${portalUserId}:\n${shownText(list)}`)
    const responseUrl = t.fake.responseUrl()
    const { triggerId } = await slack.click(userId, 'portal_delete', del.value, { responseUrl })
    return { responseUrl, triggerId }
  }

  /** Delete → the reason modal → sent with `reason`: the ack and the click's response_url. */
  async function requestDelete(userId: string, portalUserId: number, reason: string) {
    const { responseUrl, triggerId } = await clickDelete(userId, portalUserId)
    const open = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId, WAIT_MS)
    const view = open.args.view as Json
    expect(view.callback_id).toBe('approval_request')
    const { ack } = await slack.submit(userId, view, {
      approval_reason: { approval_reason: stateValue.text(reason) },
    })
    return { ack, responseUrl, view }
  }

  /** The request posted to the notify channel, and its row (with the message's ts). */
  async function postedRequest() {
    const call = await t.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === NOTIFY_CHANNEL,
      WAIT_MS,
    )
    let row = await t.db().approval.findFirst({ orderBy: { createdAt: 'desc' } })
    for (let i = 0; i < 100 && !row?.messageTs; i++) {
      await settle(50)
      row = await t.db().approval.findFirst({ orderBy: { createdAt: 'desc' } })
    }
    if (!row?.messageTs) throw new Error('the request message was not recorded')
    return { call, id: row.id, ts: row.messageTs }
  }

  /** Approve / Deny clicked in the channel message; returns the click's response_url. */
  async function decide(userId: string, decision: 'approve' | 'deny', request: { id: string; ts: string }) {
    const responseUrl = t.fake.responseUrl()
    const res = await interaction(
      t.url(),
      SIGNING_SECRET,
      blockActions({
        userId,
        actionId: decision === 'approve' ? 'approval_approve' : 'approval_deny',
        value: request.id,
        responseUrl,
        channelId: NOTIFY_CHANNEL,
        message: { type: 'message', ts: request.ts, text: 'Approval needed', blocks: [] },
      }),
    )
    expect(res.status).toBe(200)
    return responseUrl
  }

  const updates = (ts: string) => t.fake.callsTo('chat.update').filter((c) => c.args.ts === ts)
  const dmsTo = (userId: string) =>
    t.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === userId)
  const exists = async (id: number) => (await t.db().portalUser.count({ where: { id } })) === 1

  return { slack, answerTo, clickDelete, requestDelete, postedRequest, decide, updates, dmsTo, exists }
}

/** What a person reads, without the bold marks. */
const read = (value: unknown) => shownText(value).replaceAll('*', '')

const buttonTexts = (call: RecordedCall) => buttons(call.args.blocks).map((b) => b.text)

describe('four-eyes approvals (notify channel set)', () => {
  const t = useSlackApp()
  const f = flows(t)

  it("a technician's Delete asks why, posts Approve/Deny to the channel, tells them it waits; nothing deleted", async () => {
    const s = await seed(t)
    const { ack, responseUrl, view } = await f.requestDelete('U0ALEX', s.dana, 'Left the company in November')
    expect(shownText(view)).toContain('Dana')
    expect(ack.response_action).toBe('clear')
    const { call } = await f.postedRequest()
    const shown = read(call.args)
    expect(shown).toContain('@U0ALEX (Alex) asks to delete portal user Dana (dana@portal.example) of Zylker')
    expect(shown).toContain('Why: Left the company in November')
    expect(buttonTexts(call)).toEqual(['Approve', 'Deny'])
    const list = await t.fake.waitForResponse(
      (r) => r.id === decodeURIComponent(responseUrl.split('/').pop() ?? ''),
      WAIT_MS,
    )
    expect(shownText(list.body)).toContain('went to the approvals channel')
    expect(await f.exists(s.dana)).toBe(true)
    expect((await auditRows(t.db())).map((a) => a.action)).toEqual(['approval.request'])
  })

  it("App Home counts the waiting requests: an admin's to decide, a requester's own, none for others", async () => {
    const s = await seed(t)
    await f.requestDelete('U0ALEX', s.dana, 'cleanup')
    await f.postedRequest()
    const count = async (userId: string, eventId: string) => {
      await f.slack.homeOpened(userId, eventId)
      const home = await f.slack.published(userId)
      return /Approval requests \(`\/msp approvals`\): (\d+)/.exec(read(home.args.view))?.[1]
    }
    expect(await count('U0PRIYA', 'Ev0HOME1')).toBe('1')
    expect(await count('U0ALEX', 'Ev0HOME2')).toBe('1')
    expect(await count('U0MAYA', 'Ev0HOME3')).toBe('0')
  })

  it('an empty reason is a field error; nothing is requested or posted', async () => {
    const s = await seed(t)
    const { ack } = await f.requestDelete('U0ALEX', s.dana, '   ')
    expect(ack.response_action).toBe('errors')
    expect(Object.keys(ack.errors as Json)).toEqual(['approval_reason'])
    await settle()
    expect(await t.db().approval.count()).toBe(0)
    expect(t.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === NOTIFY_CHANNEL)).toEqual([])
  })

  it('an admin approves: deleted once, the message shows who and when without buttons, the requester gets a DM', async () => {
    const s = await seed(t)
    await f.requestDelete('U0MAYA', s.dana, 'duplicate account')
    const request = await f.postedRequest()
    await f.decide('U0PRIYA', 'approve', request)
    const update = await t.fake.waitForCall('chat.update', (c) => c.args.ts === request.ts, WAIT_MS)
    const shown = read(update.args)
    expect(shown).toMatch(/Approved by @U0PRIYA \(Priya\) at \d{4}-\d\d-\d\d \d\d:\d\d UTC/)
    expect(shown).toContain('Done: Dana (dana@portal.example) was deleted on Zylker.')
    expect(buttonTexts(update)).toEqual([])
    const dm = await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U0MAYA', WAIT_MS)
    expect(shownText(dm.args)).toContain('was approved by Priya')
    expect(await f.exists(s.dana)).toBe(false)
    expect((await auditRows(t.db())).map((a) => a.action)).toEqual([
      'approval.request',
      'portal-user.delete',
      'approval.approve',
    ])
  })

  it('a double-clicked Approve (two clicks at once) deletes once and DMs once', async () => {
    const s = await seed(t)
    await f.requestDelete('U0ALEX', s.fay, 'never accepted')
    const request = await f.postedRequest()
    const [a, b] = await Promise.all([
      f.decide('U0PRIYA', 'approve', request),
      f.decide('U0PRIYA', 'approve', request),
    ])
    await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U0ALEX', WAIT_MS)
    const answers = await Promise.race([
      f.answerTo(a).then((x) => ({ url: a, x })),
      f.answerTo(b).then((x) => ({ url: b, x })),
    ])
    expect(answers.x).toContain('Already approved by Priya')
    await settle()
    expect(f.dmsTo('U0ALEX')).toHaveLength(1)
    expect(await f.exists(s.fay)).toBe(false)
    expect((await auditRows(t.db())).filter((r) => r.action === 'portal-user.delete')).toHaveLength(1)
    // Fay's invitation link died with her (deleting an unconfirmed user revokes it).
    expect(await t.db().approval.findUnique({ where: { id: request.id } })).toMatchObject({
      status: 'approved',
    })
  })

  it('deny: nothing deleted, the message says who denied, the requester gets a DM', async () => {
    const s = await seed(t)
    await f.requestDelete('U0ALEX', s.dana, 'cleanup')
    const request = await f.postedRequest()
    await f.decide('U0PRIYA', 'deny', request)
    const update = await t.fake.waitForCall('chat.update', (c) => c.args.ts === request.ts, WAIT_MS)
    expect(read(update.args)).toContain('Denied by @U0PRIYA (Priya)')
    expect(buttonTexts(update)).toEqual([])
    const dm = await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U0ALEX', WAIT_MS)
    expect(shownText(dm.args)).toContain('was denied by Priya')
    expect(await f.exists(s.dana)).toBe(true)
  })

  it('the requester cannot approve their own request, nor can a manager: refused, nothing changes', async () => {
    const s = await seed(t)
    // An approver role of technician would let Alex decide — but never his own request.
    await t.db().setting.upsert({ where: { id: 1 }, create: {}, update: {} })
    await f.requestDelete('U0ALEX', s.dana, 'cleanup')
    const request = await f.postedRequest()
    expect(await f.answerTo(await f.decide('U0MAYA', 'approve', request))).toContain(
      'Only admins decide approval requests. Nothing was changed.',
    )
    expect(await f.answerTo(await f.decide('U0ALEX', 'approve', request))).toContain('Only admins decide')
    await t.db().setting.update({ where: { id: 1 }, data: { approverRole: 'technician' } })
    expect(await f.answerTo(await f.decide('U0ALEX', 'approve', request))).toContain(
      'You cannot decide your own request',
    )
    await settle()
    expect(f.updates(request.ts)).toEqual([])
    expect(await f.exists(s.dana)).toBe(true)
    expect((await t.db().approval.findUnique({ where: { id: request.id } }))?.status).toBe('pending')
  })

  it('expired: a click answers "expired", the message says so, nothing runs', async () => {
    const s = await seed(t)
    await f.requestDelete('U0ALEX', s.dana, 'cleanup')
    const request = await f.postedRequest()
    // 24 hours passed (the request's expiry moved into the past).
    await t.db().approval.update({ where: { id: request.id }, data: { expiresAt: addHours(new Date(), -1) } })
    expect(await f.answerTo(await f.decide('U0PRIYA', 'approve', request))).toContain(
      'This request expired at',
    )
    const update = await t.fake.waitForCall('chat.update', (c) => c.args.ts === request.ts, WAIT_MS)
    expect(read(update.args)).toContain('Expired at')
    const dm = await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U0ALEX', WAIT_MS)
    expect(read(dm.args)).toContain('expired without a decision')
    expect(buttonTexts(update)).toEqual([])
    expect(await f.exists(s.dana)).toBe(true)
    expect((await auditRows(t.db())).map((a) => a.action)).toEqual(['approval.request', 'approval.expire'])
    // A later click still says expired and changes nothing.
    expect(await f.answerTo(await f.decide('U0PRIYA', 'approve', request))).toContain('expired')
    expect(await f.exists(s.dana)).toBe(true)
    await settle()
    expect(f.dmsTo('U0ALEX')).toHaveLength(1)
  })

  it('an approved delete of a user deleted meanwhile is reported; nothing else changes', async () => {
    const s = await seed(t)
    await f.requestDelete('U0ALEX', s.dana, 'cleanup')
    const request = await f.postedRequest()
    await t.db().portalUser.delete({ where: { id: s.dana } })
    await f.decide('U0PRIYA', 'approve', request)
    const update = await t.fake.waitForCall('chat.update', (c) => c.args.ts === request.ts, WAIT_MS)
    expect(read(update.args)).toContain('Nothing ran: Dana had already been deleted.')
    expect((await auditRows(t.db())).map((a) => a.action)).toEqual(['approval.request', 'approval.approve'])
  })

  it('a request Slack would not post is kept and said so; admins find it in /msp approvals', async () => {
    const s = await seed(t)
    t.fake.failNext('chat.postMessage', { error: 'channel_not_found' })
    const { ack, responseUrl } = await f.requestDelete('U0ALEX', s.dana, 'cleanup')
    expect(ack.response_action).toBe('clear')
    const id = decodeURIComponent(responseUrl.split('/').pop() ?? '')
    const list = await t.fake.waitForResponse((r) => r.id === id && r.body.replace_original === true, WAIT_MS)
    expect(read(list.body)).toContain('could not be posted to the approvals channel')
    expect(await t.db().approval.findFirst()).toMatchObject({ status: 'pending', messageTs: null })
    expect(read((await f.slack.reply('U0PRIYA', 'approvals')).body)).toContain(
      '(Alex) asks to delete portal user Dana',
    )
    expect(await f.exists(s.dana)).toBe(true)
  })

  it("an admin's Delete runs after its Yes, with no request", async () => {
    const s = await seed(t)
    const { responseUrl } = await f.clickDelete('U0PRIYA', s.dana)
    const id = decodeURIComponent(responseUrl.split('/').pop() ?? '')
    await t.fake.waitForResponse((r) => r.id === id && r.body.replace_original === true, WAIT_MS)
    expect(await f.exists(s.dana)).toBe(false)
    expect(await t.db().approval.count()).toBe(0)
  })

  it('/msp approvals: admins see every waiting request with Approve/Deny; others their own, without', async () => {
    const s = await seed(t, HOSTILE.portalUser)
    await f.requestDelete('U0ALEX', s.dana, `why ${HOSTILE.customer}`)
    const request = await f.postedRequest()
    expectSafe(request.call.args, { shownInMrkdwn: [HOSTILE.portalUser, HOSTILE.customer] })
    const admin = await f.slack.reply('U0PRIYA', 'approvals')
    expect(admin.shown).toContain('Waiting for approval')
    expect(read(admin.body)).toContain('(Alex) asks to delete portal user')
    expect(buttons(admin.body.blocks).map((b) => b.text)).toEqual(['Approve', 'Deny'])
    expectSafe(admin.body, { shownInMrkdwn: [HOSTILE.portalUser, HOSTILE.customer] })
    const own = await f.slack.reply('U0ALEX', 'approvals')
    expect(own.shown).toContain('Your requests waiting for approval')
    expect(buttons(own.body.blocks)).toEqual([])
    const other = await f.slack.reply('U0MAYA', 'approvals')
    expect(other.shown).toContain('None of your approval requests is waiting.')
    // Approved from the list: the channel message is updated and the list no longer shows it.
    const listUrl = t.fake.responseUrl()
    await f.slack.click('U0PRIYA', 'approval_approve', request.id, { responseUrl: listUrl })
    await t.fake.waitForCall('chat.update', (c) => c.args.ts === request.ts, WAIT_MS)
    const replaced = await t.fake.waitForResponse(
      (r) => r.id === decodeURIComponent(listUrl.split('/').pop() ?? '') && r.body.replace_original === true,
      WAIT_MS,
    )
    expect(shownText(replaced.body)).toContain('No approval requests are waiting.')
    expect(await f.exists(s.dana)).toBe(false)
  })
})

describe('four-eyes approvals without a notify channel', () => {
  const t = useSlackApp({ notifyChannel: null })
  const f = flows(t)

  it('a technician is told no approval channel is set; no request, nothing deleted', async () => {
    const s = await seed(t)
    const { responseUrl } = await f.clickDelete('U0ALEX', s.dana)
    expect(await f.answerTo(responseUrl)).toContain('no approval channel is set (MSP_NOTIFY_CHANNEL)')
    await settle()
    expect(t.fake.callsTo('views.open')).toEqual([])
    expect(await t.db().approval.count()).toBe(0)
    expect(await f.exists(s.dana)).toBe(true)
  })
})
