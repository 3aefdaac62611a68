// /msp portal end to end, through signed requests against the fake Slack (which checks every payload):
// the list by category, each action in each state behind its "Yes" dialog, the list replaced in place,
// actions that no longer apply, double clicks, viewers, scope, and the Add portal user modal's errors.
import { describe, expect, it } from 'vitest'
import { parseListRef, parseRowRef } from '../../../src/slack/blocks/portal-values.ts'
import { auditRows } from '../../support/seed.ts'
import { SIGNING_SECRET, useSlackApp } from '../../support/slack-app.ts'
import { blockActions, interaction, stateValue, type ViewStateValues } from '../../support/slack-request.ts'
import { seedSlackWorld } from '../../support/slack-worlds.ts'
import { expectSafe, HOSTILE } from '../hostile-text.ts'
import { buttons, driver, type Json, settle, shownText } from '../subcommands/driver.ts'

const t = useSlackApp()
const slack = driver(t)

/** The fake Slack's waits, longer than its default: the machine is shared and often loaded. */
const WAIT_MS = 15_000

/**
 * Zylker (portal domain set) with admin Dana (enabled), Eli (disabled) and Fay (unconfirmed, invited on
 * 30 Nov); Globex with Gus. Alex (technician), Maya (manager) and Vic (viewer) are on Zylker through
 * Zoho; Priya is admin; nobody but Priya is on Globex.
 */
async function seed() {
  const w = await seedSlackWorld(t, {
    customers: [{ name: 'Zylker', portalDomain: 'status.zylker.example' }, { name: 'Globex' }],
    groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex', 'Maya', 'Vic'] }],
  })
  const db = t.db()
  const zylker = w.customerId('Zylker')
  const portalUser = (
    customerId: number,
    name: string,
    status: 'enabled' | 'disabled' | 'unconfirmed',
    isAdmin = false,
  ) =>
    db.portalUser.create({
      data: { customerId, name, email: `${name.toLowerCase()}@portal.example`, status, isAdmin },
    })
  const dana = await portalUser(zylker, 'Dana', 'enabled', true)
  const eli = await portalUser(zylker, 'Eli', 'disabled')
  const fay = await portalUser(zylker, 'Fay', 'unconfirmed')
  await db.portalInvitation.create({
    data: {
      portalUserId: fay.id,
      tokenHash: 'seeded-fay-invitation',
      createdAt: new Date('2026-11-30T10:00:00Z'),
      expiresAt: new Date('2099-01-01T00:00:00Z'),
    },
  })
  const gus = await portalUser(w.customerId('Globex'), 'Gus', 'enabled')
  return { w, zylker, dana: dana.id, eli: eli.id, fay: fay.id, gus: gus.id }
}

type Seeded = Awaited<ReturnType<typeof seed>>

/** The value of a row's button (action id) for a portal user in a list message; throws when it has none. */
function rowButton(list: Json, actionId: string, portalUserId: number): string {
  const found = buttons(list.blocks).find(
    (b) => b.actionId === actionId && parseRowRef(b.value)?.portalUserId === portalUserId,
  )
  if (!found?.value) throw new Error(`no ${actionId} for portal user ${portalUserId} in:\n${shownText(list)}`)
  return found.value
}

/** The actions each portal user's row offers, by name: e.g. { Dana: ['Disable', 'Delete'] }. */
function rowsOf(list: Json, names: Record<number, string>): Record<string, string[]> {
  const rows: Record<string, string[]> = {}
  for (const b of buttons(list.blocks)) {
    const ref = parseRowRef(b.value)
    if (!ref) continue
    const name = names[ref.portalUserId] ?? String(ref.portalUserId)
    rows[name] = [...(rows[name] ?? []), b.text]
  }
  return rows
}

/** Every button object with its confirm dialog. */
function buttonObjects(value: unknown): Json[] {
  const found: Json[] = []
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk)
    if (typeof v !== 'object' || v === null) return
    const o = v as Json
    if (o.type === 'button') found.push(o)
    for (const child of Object.values(o)) walk(child)
  }
  walk(value)
  return found
}

/** `/msp portal …` as `userId`: the ephemeral list message. */
async function portalList(userId: string, args: string): Promise<Json> {
  return (await slack.reply(userId, `portal ${args}`)).body
}

/** Clicks a button of a list message; returns the response_url the click carried. */
async function click(userId: string, actionId: string, value: string): Promise<string> {
  const responseUrl = t.fake.responseUrl()
  await slack.click(userId, actionId, value, { responseUrl })
  return responseUrl
}

const idOf = (url: string) => decodeURIComponent(url.split('/').pop() ?? '')

/** The list message as the click replaced it in place. */
async function replacedList(responseUrl: string): Promise<Json> {
  const id = idOf(responseUrl)
  const r = await t.fake.waitForResponse((x) => x.id === id && x.body.replace_original === true, WAIT_MS)
  return r.body
}

/** The ephemeral answer a click got (not the list replacing itself). */
async function answerTo(responseUrl: string): Promise<string> {
  const id = idOf(responseUrl)
  const r = await t.fake.waitForResponse((x) => x.id === id && x.body.replace_original === false, WAIT_MS)
  expect(r.body.response_type).toBe('ephemeral')
  return shownText(r.body)
}

const statusOf = async (id: number) =>
  (await t.db().portalUser.findUnique({ where: { id }, select: { status: true } }))?.status ?? 'gone'

const names = (s: Seeded) => ({ [s.dana]: 'Dana', [s.eli]: 'Eli', [s.fay]: 'Fay', [s.gus]: 'Gus' })

describe('/msp portal: the list', () => {
  it('lists all portal users grouped by status, each row with only the actions that apply, each behind "Yes"', async () => {
    const s = await seed()
    const list = await portalList('U0ALEX', 'zylker')
    const shown = shownText(list)
    expect(shown).toContain('Portal users of Zylker')
    expect(shown).toContain('1 enabled, 1 disabled, 1 unconfirmed')
    expect(shown.indexOf('*Enabled* (1)')).toBeLessThan(shown.indexOf('*Disabled* (1)'))
    expect(shown.indexOf('*Disabled* (1)')).toBeLessThan(shown.indexOf('*Unconfirmed* (1)'))
    expect(shown).toContain('invited 2026-11-30')
    expect(rowsOf(list, names(s))).toEqual({
      Dana: ['Disable', 'Delete'],
      Eli: ['Enable', 'Delete'],
      Fay: ['Reinvite', 'Delete'],
    })
    const rowButtons = buttonObjects(list.blocks).filter((b) => parseRowRef(b.value as string))
    expect(rowButtons).toHaveLength(6)
    for (const b of rowButtons) {
      const confirm = b.confirm as { confirm: { text: string }; text: { text: string } }
      expect(confirm.confirm.text).toBe('Yes')
      const who = names(s)[parseRowRef(b.value as string)?.portalUserId ?? 0]
      expect(confirm.text.text).toContain(`*${who}*`)
      expect(confirm.text.text).toContain((b.text as { text: string }).text) // the effect: "Disable *Dana* …"
    }
    expect(buttons(list.blocks).map((b) => b.text)).toContain('Add portal user')
  })

  it('shows one category when asked, and the select switches category in place', async () => {
    const s = await seed()
    const disabled = await portalList('U0ALEX', 'Zylker disabled')
    expect(rowsOf(disabled, names(s))).toEqual({ Eli: ['Enable', 'Delete'] })
    expect(shownText(disabled)).not.toContain('Dana')

    const heading = (disabled.blocks as Json[])[0] as {
      accessory: { options: Array<{ value: string; text: { text: string } }> }
    }
    const unconfirmed = heading.accessory.options.find((o) => o.text.text.startsWith('Unconfirmed'))
    expect(parseListRef(unconfirmed?.value)?.category).toBe('unconfirmed')
    // A static_select's click carries the chosen option (its value names customer and category).
    const responseUrl = t.fake.responseUrl()
    const res = await interaction(
      t.url(),
      SIGNING_SECRET,
      blockActions({
        userId: 'U0ALEX',
        actionId: 'portal_category',
        actionType: 'static_select',
        blockId: 'portal_heading',
        action: {
          selected_option: {
            text: { type: 'plain_text', text: 'Unconfirmed (1)' },
            value: unconfirmed?.value,
          },
        },
        responseUrl,
      }),
    )
    expect(res.status).toBe(200)
    const switched = await replacedList(responseUrl)
    expect(rowsOf(switched, names(s))).toEqual({ Fay: ['Reinvite', 'Delete'] })
    expect(shownText(switched)).not.toContain('Eli')
  })

  it('pages a long list with Previous and Next, replacing the message in place', async () => {
    const s = await seed()
    await t.db().portalUser.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({
        customerId: s.zylker,
        name: `Zed ${String(i).padStart(2, '0')}`,
        email: `zed${i}@portal.example`,
        status: 'enabled' as const,
      })),
    })
    const first = await portalList('U0MAYA', 'Zylker')
    expect(shownText(first)).toContain('Page 1 of 2')
    expect((first.blocks as Json[]).length).toBeLessThanOrEqual(50)
    const next = buttons(first.blocks).find((b) => b.text === 'Next')
    const url = await click('U0MAYA', 'portal_next_page', next?.value ?? '')
    const second = await replacedList(url)
    expect(shownText(second)).toContain('Page 2 of 2')
    expect(shownText(second)).toContain('Fay')
    expect(buttons(second.blocks).map((b) => b.text)).toContain('Previous')
    expect(buttons(second.blocks).map((b) => b.text)).not.toContain('Next')
  })

  it('shows a viewer the list without buttons, and refuses a viewer’s forged click naming the role', async () => {
    const s = await seed()
    const list = await portalList('U0VIC', 'Zylker')
    expect(shownText(list)).toContain('Dana')
    expect(buttons(list.blocks)).toEqual([])
    const forged = JSON.stringify({ c: s.zylker, s: 'all', p: 0, u: s.dana })
    const url = await click('U0VIC', 'portal_disable', forged)
    expect(await answerTo(url)).toContain('This needs the technician role; you are viewer')
    expect(await statusOf(s.dana)).toBe('enabled')
    expect(await auditRows(t.db())).toEqual([])
  })

  it('keeps a technician to their customers: another customer is not found, and a forged click is refused', async () => {
    const s = await seed()
    const { shown } = await slack.reply('U0ALEX', 'portal Globex')
    expect(shown).toContain('No customer named “Globex”')
    const forged = JSON.stringify({ c: s.w.customerId('Globex'), s: 'all', p: 0, u: s.gus })
    const url = await click('U0ALEX', 'portal_disable', forged)
    expect(await answerTo(url)).toContain('You are not associated with Globex')
    expect(await statusOf(s.gus)).toBe('enabled')
    expect(await auditRows(t.db())).toEqual([])
    // An admin sees every customer.
    expect(shownText(await portalList('U0PRIYA', 'Globex'))).toContain('Gus')
  })

  it('answers an unknown customer with "did you mean" and a missing one with the usage', async () => {
    await seed()
    expect((await slack.reply('U0PRIYA', 'portal Zylkr')).shown).toContain('Did you mean *Zylker*?')
    expect((await slack.reply('U0PRIYA', 'portal')).shown).toContain(
      'Usage: `/msp portal <customer> [enabled|disabled|unconfirmed]`',
    )
  })

  it('reads a trailing category word as part of the name when a customer is named so', async () => {
    const s = await seed()
    const acme = await t.db().customer.create({ data: { name: 'Acme Disabled', nameKey: 'acme disabled' } })
    await t.db().portalUser.create({
      data: { customerId: acme.id, name: 'Hal', email: 'hal@acme.example', status: 'enabled' },
    })
    const whole = shownText(await portalList('U0PRIYA', 'acme disabled'))
    expect(whole).toContain('Portal users of Acme Disabled')
    expect(whole).toContain('Hal')
    // Otherwise the last word is the category.
    expect(rowsOf(await portalList('U0PRIYA', 'Zylker enabled'), names(s))).toEqual({
      Dana: ['Disable', 'Delete'],
    })
  })

  it('escapes hostile portal user names and emails', async () => {
    const s = await seed()
    await t.db().portalUser.create({
      data: { customerId: s.zylker, name: HOSTILE.portalUser, email: 'x&y@evil.example', status: 'enabled' },
    })
    const list = await portalList('U0ALEX', 'Zylker')
    expectSafe(list.blocks, { shownInMrkdwn: [HOSTILE.portalUser, 'x&y@evil.example'] })
  })
})

describe('/msp portal: actions', () => {
  it('Disable an enabled user: runs after the Yes, replaces the list in place, audits once', async () => {
    const s = await seed()
    const list = await portalList('U0ALEX', 'Zylker')
    const url = await click('U0ALEX', 'portal_disable', rowButton(list, 'portal_disable', s.dana))
    const after = await replacedList(url)
    expect(await statusOf(s.dana)).toBe('disabled')
    expect(shownText(after)).toContain('Dana (dana@portal.example) disabled on Zylker.')
    expect(rowsOf(after, names(s))).toMatchObject({ Dana: ['Enable', 'Delete'] })
    expect(shownText(after)).toContain('0 enabled, 2 disabled, 1 unconfirmed')
    expect((await auditRows(t.db())).map((a) => a.action)).toEqual(['portal-user.disable'])
  })

  it('Enable a disabled user', async () => {
    const s = await seed()
    const list = await portalList('U0ALEX', 'Zylker disabled')
    const url = await click('U0ALEX', 'portal_enable', rowButton(list, 'portal_enable', s.eli))
    const after = await replacedList(url)
    expect(await statusOf(s.eli)).toBe('enabled')
    // The disabled list it replaces no longer holds Eli.
    expect(rowsOf(after, names(s))).toEqual({})
    expect(shownText(after)).toContain('Eli (eli@portal.example) enabled on Zylker.')
    expect(shownText(after)).toContain('Zylker has no disabled portal users.')
  })

  it.each([
    ['enabled', 'dana'],
    ['disabled', 'eli'],
    ['unconfirmed', 'fay'],
  ] as const)('Delete a %s user: gone, the list without them', async (_status, who) => {
    const s = await seed()
    const list = await portalList('U0PRIYA', 'Zylker')
    const url = await click('U0PRIYA', 'portal_delete', rowButton(list, 'portal_delete', s[who]))
    const after = await replacedList(url)
    expect(await statusOf(s[who])).toBe('gone')
    expect(Object.keys(rowsOf(after, names(s)))).not.toContain(names(s)[s[who]])
    expect((await auditRows(t.db())).map((a) => a.action)).toEqual(['portal-user.delete'])
    if (who === 'fay') {
      const invitation = await t
        .db()
        .portalInvitation.findUnique({ where: { tokenHash: 'seeded-fay-invitation' } })
      expect(invitation?.revokedAt).not.toBeNull()
    }
  })

  it('Reinvite an unconfirmed user: a new invitation and mail, the old invitation revoked', async () => {
    const s = await seed()
    const list = await portalList('U0ALEX', 'Zylker unconfirmed')
    const url = await click('U0ALEX', 'portal_reinvite', rowButton(list, 'portal_reinvite', s.fay))
    const after = await replacedList(url)
    expect(shownText(after)).toContain('Fay (fay@portal.example) invited again')
    const invitations = await t
      .db()
      .portalInvitation.findMany({ where: { portalUserId: s.fay }, orderBy: { id: 'asc' } })
    expect(invitations).toHaveLength(2)
    expect(invitations[0]?.revokedAt).not.toBeNull()
    expect(invitations[1]?.revokedAt).toBeNull()
    expect(await t.db().outboxMail.count({ where: { to: 'fay@portal.example' } })).toBe(1)
    expect(await statusOf(s.fay)).toBe('unconfirmed')
    // The new row offers Reinvite for the new invitation.
    expect(parseRowRef(rowButton(after, 'portal_reinvite', s.fay))?.invitedAt).toBe(
      invitations[1]?.createdAt.getTime(),
    )
  })

  it.each([
    ['portal_enable', 'dana', 'enabled'],
    ['portal_disable', 'eli', 'disabled'],
    ['portal_reinvite', 'dana', 'enabled'],
    ['portal_enable', 'fay', 'unconfirmed'],
    ['portal_disable', 'fay', 'unconfirmed'],
    ['portal_reinvite', 'eli', 'disabled'],
  ] as const)('%s on %s, who is %s now: answered so, nothing changed', async (actionId, who, now) => {
    const s = await seed()
    // A button from a list shown before someone else changed the user (forged here with the same shape).
    const stale = JSON.stringify({ c: s.zylker, s: 'all', p: 0, u: s[who] })
    const url = await click('U0ALEX', actionId, stale)
    expect(await answerTo(url)).toContain(
      `does not apply: ${names(s)[s[who]]} is ${now} now. Nothing was changed.`,
    )
    expect(await statusOf(s[who])).toBe(now)
    expect(await auditRows(t.db())).toEqual([])
    expect(await t.db().outboxMail.count()).toBe(0)
    // The list it came from is brought up to date.
    expect(rowsOf(await replacedList(url), names(s))).toMatchObject({ Dana: ['Disable', 'Delete'] })
  })

  it('an action on a user deleted meanwhile answers so and changes nothing', async () => {
    const s = await seed()
    const list = await portalList('U0ALEX', 'Zylker')
    const button = rowButton(list, 'portal_disable', s.dana)
    await t.db().portalUser.delete({ where: { id: s.dana } })
    const url = await click('U0ALEX', 'portal_disable', button)
    expect(await answerTo(url)).toContain('no longer exists')
    expect(await auditRows(t.db())).toEqual([])
  })

  it('a double click runs once: Disable twice disables once; Reinvite twice sends one invitation', async () => {
    const s = await seed()
    const list = await portalList('U0ALEX', 'Zylker')
    const disable = rowButton(list, 'portal_disable', s.dana)
    const reinvite = rowButton(list, 'portal_reinvite', s.fay)
    const [d1, d2, r1, r2] = await Promise.all([
      click('U0ALEX', 'portal_disable', disable),
      click('U0ALEX', 'portal_disable', disable),
      click('U0ALEX', 'portal_reinvite', reinvite),
      click('U0ALEX', 'portal_reinvite', reinvite),
    ])
    await Promise.all([d1, d2, r1, r2].map((u) => replacedList(u)))
    await settle()
    expect(await statusOf(s.dana)).toBe('disabled')
    expect(await t.db().portalInvitation.count({ where: { portalUserId: s.fay } })).toBe(2)
    expect(await t.db().outboxMail.count()).toBe(1)
    expect((await auditRows(t.db())).map((a) => a.action).sort()).toEqual([
      'portal-user.disable',
      'portal-user.reinvite',
    ])
  })

  it('a double-clicked Delete deletes once; the second click says the user no longer exists', async () => {
    const s = await seed()
    const list = await portalList('U0PRIYA', 'Zylker')
    const button = rowButton(list, 'portal_delete', s.eli)
    const [first, second] = await Promise.all([
      click('U0PRIYA', 'portal_delete', button),
      click('U0PRIYA', 'portal_delete', button),
    ])
    await Promise.all([replacedList(first), replacedList(second)])
    const ids = [first, second].map(idOf)
    const answer = await t.fake.waitForResponse(
      (x) => ids.includes(x.id) && x.body.replace_original === false,
      WAIT_MS,
    )
    expect(shownText(answer.body)).toContain('no longer exists')
    expect(await statusOf(s.eli)).toBe('gone')
    expect((await auditRows(t.db())).map((a) => a.action)).toEqual(['portal-user.delete'])
  })

  it('refuses a button value msp-bot did not make, changing nothing', async () => {
    const s = await seed()
    const url = await click('U0ALEX', 'portal_delete', `{"u":${s.dana}}`)
    expect(await answerTo(url)).toContain('That button is out of date; nothing was changed.')
    expect(await statusOf(s.dana)).toBe('enabled')
  })
})

describe('/msp portal: Add portal user', () => {
  const values = (v: { name: string; email: string; role?: string; admin?: boolean }): ViewStateValues => ({
    portal_name: { portal_name: stateValue.text(v.name) },
    portal_email: { portal_email: stateValue.email(v.email) },
    portal_role: { portal_role: stateValue.staticSelect(v.role ?? 'operator') },
    portal_admin: { portal_admin: stateValue.checkboxes(v.admin ? ['admin'] : []) },
  })

  async function openAdd(userId: string, args = 'Zylker') {
    const list = await portalList(userId, args)
    const add = buttons(list.blocks).find((b) => b.text === 'Add portal user')
    const responseUrl = t.fake.responseUrl()
    const { triggerId } = await slack.click(userId, 'portal_add', add?.value ?? '', { responseUrl })
    const call = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId, WAIT_MS)
    return { view: call.args.view as Json, responseUrl }
  }

  it('opens Name, Email, Role (default Operator) and no Portal admin while the customer has one', async () => {
    await seed()
    const { view } = await openAdd('U0ALEX')
    expect((view.title as { text: string }).text).toBe('Add portal user')
    const blockIds = (view.blocks as Json[]).filter((b) => b.type === 'input').map((b) => b.block_id)
    expect(blockIds).toEqual(['portal_name', 'portal_email', 'portal_role']) // Dana is the portal admin
    const role = (view.blocks as Json[]).find((b) => b.block_id === 'portal_role')?.element as Json
    expect((role.initial_option as { text: { text: string } }).text.text).toBe('Operator (MSP Customer)')
    expect(role.options as unknown[]).toHaveLength(7)
  })

  it('adds a user: the form closes, the invitation is queued, the list shows them in place', async () => {
    const s = await seed()
    const { view, responseUrl } = await openAdd('U0ALEX')
    const { ack } = await slack.submit('U0ALEX', view, values({ name: 'Hana', email: 'Hana@Zylker.example' }))
    expect(ack).toEqual({ response_action: 'clear' })
    const after = await replacedList(responseUrl)
    expect(shownText(after)).toContain(
      'Hana (hana@zylker.example) added to Zylker as Operator (MSP Customer)',
    )
    const hana = await t.db().portalUser.findFirstOrThrow({ where: { email: 'hana@zylker.example' } })
    expect(hana).toMatchObject({
      customerId: s.zylker,
      status: 'unconfirmed',
      role: 'operator',
      isAdmin: false,
    })
    expect(rowsOf(after, { ...names(s), [hana.id]: 'Hana' })).toMatchObject({ Hana: ['Reinvite', 'Delete'] })
    expect(await t.db().outboxMail.count({ where: { to: 'hana@zylker.example' } })).toBe(1)
    expect((await auditRows(t.db())).map((a) => a.action)).toEqual(['portal-user.add'])
  })

  it.each([
    [
      'an invalid email',
      { name: 'Ida', email: 'not-an-email' },
      'portal_email',
      'is not a valid email address',
    ],
    [
      'a duplicate email',
      { name: 'Dee', email: 'DANA@portal.example' },
      'portal_email',
      'already a portal user of Zylker',
    ],
    ['no name', { name: '  ', email: 'ida@zylker.example' }, 'portal_name', 'needs a name'],
  ])('refuses %s on its field, writing nothing', async (_what, input, block, words) => {
    await seed()
    const { view } = await openAdd('U0ALEX')
    const before = await t.db().portalUser.count()
    const { ack } = await slack.submit('U0ALEX', view, values(input))
    expect(ack.response_action).toBe('errors')
    expect(Object.keys(ack.errors as Json)).toEqual([block])
    expect(String((ack.errors as Json)[block])).toContain(words)
    expect(await t.db().portalUser.count()).toBe(before)
    expect(await t.db().outboxMail.count()).toBe(0)
    expect(await auditRows(t.db())).toEqual([])
  })

  it('offers Portal admin while there is none, and refuses a second admin on that field', async () => {
    const s = await seed()
    await t.db().portalUser.update({ where: { id: s.dana }, data: { isAdmin: false } })
    const { view } = await openAdd('U0ALEX')
    expect((view.blocks as Json[]).some((b) => b.block_id === 'portal_admin')).toBe(true)
    // Meanwhile someone else makes Eli the portal admin.
    await t.db().portalUser.update({ where: { id: s.eli }, data: { isAdmin: true } })
    const { ack } = await slack.submit(
      'U0ALEX',
      view,
      values({ name: 'Ivy', email: 'ivy@zylker.example', admin: true }),
    )
    expect(ack.response_action).toBe('errors')
    expect(String((ack.errors as Json).portal_admin)).toContain('already has a portal admin (Eli)')
    expect(await t.db().portalUser.count({ where: { email: 'ivy@zylker.example' } })).toBe(0)
  })

  it('refuses Add to a viewer, naming the role', async () => {
    const s = await seed()
    const url = await click('U0VIC', 'portal_add', JSON.stringify({ c: s.zylker, s: 'all', p: 0 }))
    expect(await answerTo(url)).toContain('This needs the technician role; you are viewer')
    expect(t.fake.callsTo('views.open')).toEqual([])
  })
})
