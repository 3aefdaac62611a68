// Invitation reminders end to end, through signed requests against the fake Slack (which checks every
// payload): App Home lists the invitations waiting N days or more for the customers the reader may act on,
// each with Reinvite behind the "Yes" dialog; a click reinvites once (a double click sends one mail) and
// shows the reminders afresh in place (Home republished, the digest message updated); a customer outside
// the clicker's scope is refused; hostile names are escaped.
import { subDays, subHours } from 'date-fns'
import { describe, expect, it } from 'vitest'
import { invitationDigestPoster } from '../../../src/app/invitation-digest.ts'
import { runInvitationDigest } from '../../../src/jobs/index.ts'
import { parseReminderRef } from '../../../src/slack/blocks/invitation-reminders.ts'
import { BOT_TOKEN, NOTIFY_CHANNEL, useSlackApp } from '../../support/slack-app.ts'
import { TEST_CHANNEL_ID } from '../../support/slack-ids.ts'
import { seedSlackWorld } from '../../support/slack-worlds.ts'
import { expectSafe, HOSTILE } from '../hostile-text.ts'
import { asShownView, buttons, driver, type Json, shownText } from '../subcommands/driver.ts'

const t = useSlackApp()
const slack = driver(t)
const WAIT_MS = 15_000

let events = 0
const newEventId = () => `Ev0REMIND${String(++events).padStart(4, '0')}`

const publishes = (userId: string) => t.fake.callsTo('views.publish').filter((c) => c.args.user_id === userId)

/** Waits for the next views.publish for `userId` after `before` of them. */
async function nextHome(userId: string, before: number): Promise<Json> {
  await t.fake.waitFor(() => publishes(userId).length > before, WAIT_MS)
  const view = publishes(userId)[before]?.args.view as Json
  expect(view.type).toBe('home')
  return view
}

async function openHome(userId: string): Promise<Json> {
  const before = publishes(userId).length
  await slack.homeOpened(userId, newEventId())
  return nextHome(userId, before)
}

/**
 * Zylker (Alex technician, Maya manager and Vic viewer through Zoho) with Fay invited 10 days ago and Dan
 * invited yesterday, both unconfirmed, and Eve enabled; Globex (only admin Priya) with Gus invited 6 days
 * ago, his link expired.
 */
async function seed(names: { customer?: string; user?: string } = {}) {
  const zylkerName = names.customer ?? 'Zylker'
  const w = await seedSlackWorld(t, {
    customers: [{ name: zylkerName }, { name: 'Globex' }],
    groups: [{ name: 'Zoho', customers: [zylkerName], users: ['Alex', 'Maya', 'Vic'] }],
  })
  const db = t.db()
  const now = new Date()
  let n = 0
  const portalUser = async (
    customerId: number,
    name: string,
    status: 'enabled' | 'unconfirmed',
    invitedAt: Date,
    expiresAt = new Date('2099-01-01T00:00:00Z'),
  ) => {
    n += 1
    const u = await db.portalUser.create({
      data: { customerId, name, email: `user${n}@portal.example`, status, createdAt: subDays(invitedAt, 1) },
    })
    await db.portalInvitation.create({
      data: { portalUserId: u.id, tokenHash: `seeded-${n}`, createdAt: invitedAt, expiresAt },
    })
    return u
  }
  const zylker = w.customerId(zylkerName)
  const fay = await portalUser(zylker, names.user ?? 'Fay', 'unconfirmed', subDays(now, 10))
  const dan = await portalUser(zylker, 'Dan', 'unconfirmed', subDays(now, 1))
  await portalUser(zylker, 'Eve', 'enabled', subDays(now, 20))
  const gus = await portalUser(
    w.customerId('Globex'),
    'Gus',
    'unconfirmed',
    subDays(now, 6),
    subHours(now, 1),
  )
  return { w, zylker, fay, dan, gus }
}

/** The Reinvite buttons of a view or message: whom each one names. */
const reinviteButtons = (value: Json) =>
  buttons(value.blocks)
    .filter((b) => b.actionId === 'reminder_reinvite')
    .map((b) => ({ value: b.value ?? '', ref: parseReminderRef(b.value) }))

const invitationsOf = (portalUserId: number) =>
  t.db().portalInvitation.findMany({ where: { portalUserId }, orderBy: { id: 'asc' } })

describe('invitation reminders in App Home', () => {
  it('shows a technician the waiting invitations of their customers only, each with Reinvite behind "Yes"', async () => {
    const s = await seed()
    const home = await openHome('U0ALEX')
    const shown = shownText(home)
    expect(shown).toContain('*Invitations waiting* (unconfirmed for 3 days or more): *1*')
    expect(shown).toContain('*Fay* (user1@portal.example) of *Zylker*')
    expect(shown).toMatch(/invited \d{4}-\d\d-\d\d, 10 days ago/)
    expect(shown).not.toContain('Dan') // invited yesterday
    expect(shown).not.toContain('Eve') // enabled
    expect(shown).not.toContain('Gus') // Globex is not Alex's
    const [reinvite, ...more] = reinviteButtons(home)
    expect(more).toEqual([])
    expect(reinvite?.ref).toMatchObject({ portalUserId: s.fay.id, customerId: s.zylker })
    const button = (home.blocks as Json[]).find((b) => b.block_id === `reminder_${s.fay.id}`)
      ?.accessory as Json
    const confirm = button.confirm as { confirm: { text: string }; text: { text: string } }
    expect(confirm.confirm.text).toBe('Yes')
    // /msp portal's own dialog: it names the action, the user, the email and the customer.
    const dialog = shownText(confirm)
    for (const part of ['Reinvite *Fay*', 'user1@portal.example', 'Zylker']) expect(dialog).toContain(part)
  })

  it('shows an admin every customer (an expired link marked), a viewer no reminders', async () => {
    await seed()
    const admin = shownText(await openHome('U0PRIYA'))
    expect(admin).toContain('*Invitations waiting* (unconfirmed for 3 days or more): *2*')
    expect(admin.indexOf('*Fay*')).toBeLessThan(admin.indexOf('*Gus*')) // longest waiting first
    expect(admin).toMatch(
      /\*Gus\* \(user4@portal\.example\) of \*Globex\*\ninvited .*, 6 days ago · \*link expired\*/,
    )
    const viewer = await openHome('U0VIC')
    expect(shownText(viewer)).not.toContain('Invitations waiting')
    expect(reinviteButtons(viewer)).toEqual([])
  })

  it('Reinvite from Home sends one new invitation, republishes Home without it; a second click sends nothing', async () => {
    const s = await seed()
    const home = await openHome('U0ALEX')
    const [reinvite] = reinviteButtons(home)
    const before = publishes('U0ALEX').length
    await slack.click('U0ALEX', 'reminder_reinvite', reinvite?.value ?? '', { view: asShownView(home) })
    const after = await nextHome('U0ALEX', before)
    expect(shownText(after)).not.toContain('*Fay*')
    expect(shownText(after)).toContain('No portal user has been unconfirmed for 3 days or more.')
    const dm = await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U0ALEX', WAIT_MS)
    expect(shownText(dm.args)).toContain('Fay (user1@portal.example) invited again')
    const invitations = await invitationsOf(s.fay.id)
    expect(invitations).toHaveLength(2)
    expect(invitations[0]?.revokedReason).toBe('replaced')
    expect(invitations[1]?.revokedAt).toBeNull()
    expect(await t.db().outboxMail.count()).toBe(1)
    const audit = await t.db().auditLog.findMany({ where: { action: 'portal-user.reinvite' } })
    expect(audit).toHaveLength(1)

    // The same (now stale) button again: nothing more is sent.
    const republished = publishes('U0ALEX').length
    await slack.click('U0ALEX', 'reminder_reinvite', reinvite?.value ?? '', { view: asShownView(home) })
    const again = await t.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'U0ALEX' && shownText(c.args).includes('new invitation already'),
      WAIT_MS,
    )
    expect(shownText(again.args)).toContain('nothing more was sent')
    await nextHome('U0ALEX', republished) // Home shown afresh again
    expect(await invitationsOf(s.fay.id)).toHaveLength(2)
    expect(await t.db().outboxMail.count()).toBe(1)
  })

  it('a double click (two at once) sends one invitation', async () => {
    const s = await seed()
    const home = await openHome('U0ALEX')
    const [reinvite] = reinviteButtons(home)
    const before = publishes('U0ALEX').length
    await Promise.all([
      slack.click('U0ALEX', 'reminder_reinvite', reinvite?.value ?? '', { view: asShownView(home) }),
      slack.click('U0ALEX', 'reminder_reinvite', reinvite?.value ?? '', { view: asShownView(home) }),
    ])
    await t.fake.waitFor(
      () => t.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ALEX').length >= 2,
      WAIT_MS,
    )
    await nextHome('U0ALEX', before + 1) // both clicks show Home afresh
    expect(await invitationsOf(s.fay.id)).toHaveLength(2)
    expect(await t.db().outboxMail.count()).toBe(1)
  })

  it("refuses a Reinvite of another customer's portal user, and a viewer's, writing nothing", async () => {
    const s = await seed()
    const forged = JSON.stringify({ u: s.gus.id, c: s.gus.customerId, i: 0 })
    const responseUrl = t.fake.responseUrl()
    await slack.click('U0ALEX', 'reminder_reinvite', forged, { responseUrl })
    const refusal = await t.fake.waitForResponse((r) => r.body.replace_original === false, WAIT_MS)
    expect(shownText(refusal.body)).toContain('Globex')
    const viewerUrl = t.fake.responseUrl()
    const own = JSON.stringify({ u: s.fay.id, c: s.zylker })
    await slack.click('U0VIC', 'reminder_reinvite', own, { responseUrl: viewerUrl })
    const id = decodeURIComponent(viewerUrl.split('/').pop() ?? '')
    const viewer = await t.fake.waitForResponse((r) => r.id === id, WAIT_MS)
    expect(shownText(viewer.body)).toContain('technician')
    expect(await invitationsOf(s.gus.id)).toHaveLength(1)
    expect(await invitationsOf(s.fay.id)).toHaveLength(1)
    expect(await t.db().outboxMail.count()).toBe(0)
    expect(await t.db().auditLog.count({ where: { action: { startsWith: 'portal-user.' } } })).toBe(0)
  })
})

describe('the daily digest in the notify channel', () => {
  const postDigest = () =>
    runInvitationDigest(t.db(), {
      post: invitationDigestPoster({
        channel: NOTIFY_CHANNEL,
        botToken: BOT_TOKEN,
        slackApiUrl: t.fake.apiUrl,
      }),
    })

  it('lists every customer; Reinvite updates the digest in place with who reinvited whom', async () => {
    const s = await seed()
    expect(await postDigest()).toBe('posted')
    const [posted] = t.fake.callsTo('chat.postMessage')
    expect(posted?.args.channel).toBe(NOTIFY_CHANNEL)
    const digest = posted?.args as Json
    expect(shownText(digest)).toContain('2 portal invitations unconfirmed for 3 days or more')
    const fay = reinviteButtons(digest).find((b) => b.ref?.portalUserId === s.fay.id)
    const responseUrl = t.fake.responseUrl()
    await slack.click('U0ALEX', 'reminder_reinvite', fay?.value ?? '', { responseUrl })
    // The digest (the bot's own message, as the click names it) is rewritten with chat.update, which
    // works hours after it was posted, when its response_url no longer would.
    const updated = await t.fake.waitForCall('chat.update', () => true, WAIT_MS)
    expect(updated.args).toMatchObject({ channel: TEST_CHANNEL_ID, ts: '1700000000.000100' })
    const shown = shownText(updated.args)
    expect(shown).toContain('@U0ALEX: Fay (user1@portal.example) invited again')
    expect(shown).toContain('1 portal invitation unconfirmed for 3 days or more')
    expect(shown).toContain('*Gus*')
    expect(shown).not.toContain('*Fay* (')
    const id = decodeURIComponent(responseUrl.split('/').pop() ?? '')
    const answer = await t.fake.waitForResponse((r) => r.id === id, WAIT_MS)
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false })
    expect(await invitationsOf(s.fay.id)).toHaveLength(2)
    // A second post the same day: nothing.
    expect(await postDigest()).toBe('already posted today')
    expect(t.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === NOTIFY_CHANNEL)).toHaveLength(
      1,
    )
  })

  it('escapes hostile customer and portal user names in Home and in the digest', async () => {
    await seed({ customer: HOSTILE.customer, user: HOSTILE.portalUser })
    const home = await openHome('U0ALEX')
    expectSafe(home, { shownInMrkdwn: [HOSTILE.customer, HOSTILE.portalUser] })
    expect(await postDigest()).toBe('posted')
    const [posted] = t.fake.callsTo('chat.postMessage')
    expectSafe(posted?.args.blocks, {
      shownInMrkdwn: [HOSTILE.customer, HOSTILE.portalUser],
      topLevelText: String(posted?.args.text),
    })
  })
})
