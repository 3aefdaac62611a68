// Who may do what from Slack (mapping Slack users to MSP users, refusals naming the role), and /msp audit.
import { describe, expect, it } from 'vitest'
import { membershipDump } from '../../support/seed.ts'
import { useSlackApp } from '../../support/slack-app.ts'
import { seedSlackWorld, slackStranger } from '../../support/slack-worlds.ts'
import { asShownView, driver, type Json, texts, userValues } from './driver.ts'

const t = useSlackApp()
const slack = driver(t)

/** Admin Priya, manager Maya, technician Alex, viewer Vic; Bob (manager) has no Slack id yet. */
async function seed() {
  return seedSlackWorld(t, {
    users: [{ name: 'Bob', role: 'manager' }],
    customers: [{ name: 'Zylker' }, { name: 'Globex' }],
    groups: [
      { name: 'Zoho', customers: ['Zylker'], users: ['Alex', 'Maya', 'Bob'], default: true },
      { name: 'Empty' },
    ],
  })
}

function expectNothingOpened() {
  for (const method of ['views.open', 'views.push', 'views.update'])
    expect(t.fake.callsTo(method), method).toEqual([])
}

describe('roles: who the Slack user is', () => {
  it('a Slack user whose profile email is not in the book is refused, naming the role needed', async () => {
    await seed()
    const before = await membershipDump(t.db())
    t.fake.addUser(slackStranger)
    const read = await slack.reply('U0STRANGER', 'groups')
    expect(read.shown).toContain('You are not an MSP user here (stranger@elsewhere.example)')
    expect(read.shown).toContain('viewer role')
    const edit = await slack.reply('U0STRANGER', 'group Zoho')
    expect(edit.shown).toContain('not an MSP user')
    expect(edit.shown).toContain('manager role')
    const user = await slack.reply('U0STRANGER', 'user alex@msp.example')
    expect(user.shown).toContain('manager role')
    expectNothingOpened()
    expect(t.fake.callsTo('users.info').map((c) => c.args.user)).toContain('U0STRANGER')
    expect(await t.db().mspUser.count({ where: { slackUserId: 'U0STRANGER' } })).toBe(0)
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await t.db().auditLog.count()).toBe(0)
  })

  it('a Slack user Slack itself does not know is refused like any non-MSP user, and nothing opens', async () => {
    await seed()
    const { shown } = await slack.reply('U0GHOST', 'group Zoho')
    expect(shown).toContain('You are not an MSP user here')
    expect(shown).toContain('manager role')
    expectNothingOpened()
  })

  it('a Slack user is recognised by their profile email (case-insensitive), then by the stored Slack id', async () => {
    const w = await seed()
    t.fake.addUser({ id: 'U0BOB', email: 'Bob@MSP.example', name: 'bob' })
    const { view } = await slack.openModal('U0BOB', 'group zoho')
    expect(view.callback_id).toBe('customer_group')
    const bob = await t.db().mspUser.findUniqueOrThrow({ where: { id: w.userId('Bob') } })
    expect(bob.slackUserId).toBe('U0BOB')
    expect(t.fake.callsTo('users.info')).toHaveLength(1)
    // Next time the stored id is enough.
    const again = await slack.reply('U0BOB', 'groups')
    expect(again.body.text).toBe('2 customer groups')
    expect(t.fake.callsTo('users.info')).toHaveLength(1)
  })

  it('a profile email of an MSP user bound to another Slack account is not enough', async () => {
    const w = await seed()
    t.fake.addUser({ id: 'U0IMPOSTOR', email: 'priya@msp.example', name: 'priya2' })
    const { shown } = await slack.reply('U0IMPOSTOR', 'group Zoho')
    expect(shown).toContain('not an MSP user')
    expectNothingOpened()
    const priya = await t.db().mspUser.findUniqueOrThrow({ where: { id: w.userId('Priya') } })
    expect(priya.slackUserId).toBe('U0PRIYA')
  })

  it('a viewer running `/msp group Zoho` is refused naming manager, and nothing is opened', async () => {
    await seed()
    const { shown } = await slack.reply('U0VIC', 'group Zoho')
    expect(shown).toBe('This needs the manager role; you are viewer. Nothing was changed.')
    for (const text of ['group add', 'customer Zylker', 'user alex@msp.example']) {
      const refused = await slack.reply('U0VIC', text)
      expect(refused.shown, text).toContain('needs the manager role; you are viewer')
    }
    expectNothingOpened()
    // Reading is allowed (Vic is associated with no customer).
    expect((await slack.reply('U0VIC', 'groups')).body.text).toBe('2 customer groups')
    expect((await slack.reply('U0VIC', 'customers')).body.text).toBe(
      'You are not associated with any customer yet; a manager can add you to a customer group.',
    )
  })

  it('a technician may list but not edit', async () => {
    await seed()
    expect((await slack.reply('U0ALEX', 'customers')).body.text).toBe('1 customer')
    const { shown } = await slack.reply('U0ALEX', 'customer Zylker')
    expect(shown).toBe('This needs the manager role; you are technician. Nothing was changed.')
    expectNothingOpened()
  })

  it('a viewer’s crafted form submission or Delete click is refused and writes nothing', async () => {
    const w = await seed()
    const before = await membershipDump(t.db())
    // The form a manager would get, submitted by a viewer.
    const { view } = await slack.openModal('U0MAYA', 'group add')
    const { ack } = await slack.submit('U0VIC', view, {
      name: { group_name: { type: 'plain_text_input', value: 'Sneaky' } },
    })
    expect(ack.response_action).toBe('update')
    expect(texts(ack.view).join('\n')).toContain('needs the manager role; you are viewer')
    const edit = await slack.openModal('U0MAYA', 'group Empty')
    await slack.click('U0VIC', 'delete_group', String(w.groupId('Empty')), { view: asShownView(edit.view) })
    const refusal = await slack.responseTo(edit.sent.responseUrl)
    expect(refusal.body.text).toContain('needs the manager role; you are viewer')
    expect(t.fake.callsTo('views.update')).toEqual([])
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await t.db().customerGroup.count({ where: { name: 'Sneaky' } })).toBe(0)
  })
})

describe('/msp audit', () => {
  /** Changes made through Slack: Priya adds two groups and deletes one, Maya adds one, Priya edits Vic. */
  async function makeChanges() {
    const w = await seed()
    const add1 = await slack.addGroup('U0PRIYA', {
      name: 'Site24x7',
      customerIds: w.customerIds('Zylker'),
      userIds: w.userIds('Vic'),
    })
    expect(add1.response_action).toBe('clear')
    const add2 = await slack.addGroup('U0PRIYA', { name: 'Globex Ops', customerIds: w.customerIds('Globex') })
    expect(add2.response_action).toBe('clear')
    const add3 = await slack.addGroup('U0MAYA', { name: 'Maya Team' })
    expect(add3.response_action).toBe('clear')
    const empty = await slack.openModal('U0PRIYA', 'group Empty')
    await slack.click('U0PRIYA', 'delete_group', String(w.groupId('Empty')), {
      view: asShownView(empty.view),
    })
    await t.fake.waitForCall('views.update')
    const vic = await slack.openModal('U0PRIYA', 'user vic@msp.example')
    const edited = await slack.submit('U0PRIYA', vic.view, userValues(w.groupIds(), 'technician'))
    // Vic leaves Site24x7 (and so Zylker): a preview first, then Confirm.
    expect(edited.ack.response_action).toBe('push')
    const confirmed = await slack.submit('U0PRIYA', edited.ack.view as Json, {})
    expect(confirmed.ack.response_action).toBe('clear')
    await slack.responseTo(vic.sent.responseUrl)
    expect(await t.db().auditLog.count()).toBe(5)
    return w
  }

  /** The audit lines of a reply, as sent (mrkdwn). */
  const lines = (body: Json) => texts(body.blocks).join('\n').split('\n')

  it('lists recent changes, newest first, each with its actor (an admin sees them all)', async () => {
    await makeChanges()
    const { body, shown } = await slack.reply('U0PRIYA', 'audit')
    expect(body.text).toBe('5 recent changes')
    const rows = lines(body)
    expect(rows).toHaveLength(5)
    expect(rows[0]).toMatch(
      /^`\d{4}-\d\d-\d\d \d\d:\d\d` <@U0PRIYA> \*user\.edit\* user \*vic@msp\.example\*/,
    )
    expect(rows[0]).toContain('Vic removed from Zylker')
    expect(rows[1]).toMatch(/<@U0PRIYA> \*group\.delete\* group \*Empty\*/)
    expect(rows[2]).toMatch(/<@U0MAYA> \*group\.add\* group \*Maya Team\*/)
    expect(rows[3]).toMatch(/<@U0PRIYA> \*group\.add\* group \*Globex Ops\*/)
    expect(rows[4]).toMatch(/<@U0PRIYA> \*group\.add\* group \*Site24x7\* — Vic added to Zylker/)
    expect(shown).toContain('@U0MAYA *group.add* group *Maya Team*')
  })

  it('`/msp audit customer Zylker` lists only changes touching Zylker, whatever the case typed', async () => {
    await makeChanges()
    for (const typed of ['Zylker', 'zylker', 'ZYLKER']) {
      const { body } = await slack.reply('U0PRIYA', `audit customer ${typed}`)
      const rows = lines(body)
      expect(rows, typed).toHaveLength(2)
      expect(rows[0], typed).toContain('*user.edit* user *vic@msp.example*')
      expect(rows[1], typed).toContain('*group.add* group *Site24x7*')
    }
    const globex = await slack.reply('U0PRIYA', 'audit customer Globex')
    expect(lines(globex.body)).toHaveLength(1)
    expect(lines(globex.body)[0]).toContain('*Globex Ops*')
    // Vic is not associated with Globex (nor, by now, with Zylker): he reads none of it.
    for (const typed of ['customer Globex', 'customer Zylker', 'group', '']) {
      const vic = await slack.reply('U0VIC', `audit ${typed}`.trim())
      expect(vic.body.text, typed).toBe('No changes recorded yet for the customers associated with you.')
      expect(vic.shown, typed).not.toContain('Globex')
    }
  })

  it('below admin, only the changes touching one’s own customers are listed', async () => {
    await makeChanges()
    // Technician Alex and manager Maya are on Zylker (group Zoho), not on Globex.
    for (const who of ['U0ALEX', 'U0MAYA']) {
      const { body, shown } = await slack.reply(who, 'audit')
      expect(body.text, who).toBe('2 recent changes')
      const rows = lines(body)
      expect(rows[0], who).toContain('*user.edit* user *vic@msp.example* — Vic removed from Zylker')
      expect(rows[1], who).toContain('*group.add* group *Site24x7* — Vic added to Zylker')
      expect(shown, who).not.toContain('Globex')
      expect(shown, who).not.toContain('Maya Team')
      expect(shown, who).not.toContain('*Empty*')
      const zylker = await slack.reply(who, 'audit customer zylker')
      expect(lines(zylker.body), who).toHaveLength(2)
      const globex = await slack.reply(who, 'audit customer Globex')
      expect(globex.body.text, who).toBe('No changes recorded yet for the customers associated with you.')
    }
  })

  it('a long change summary is clipped: every audit line stays within 300 characters', async () => {
    await seed()
    const long = Array.from({ length: 80 }, (_, i) => `User ${i} removed from Zylker`).join('; ')
    await t.db().auditLog.create({
      data: {
        actorSlackId: 'U0PRIYA',
        actorName: 'Priya',
        action: 'group.edit',
        targetType: 'group',
        targetName: 'Zoho',
        customers: ['Zylker'],
        after: { associations: long },
      },
    })
    for (const who of ['U0PRIYA', 'U0ALEX']) {
      const { body } = await slack.reply(who, 'audit')
      const rows = lines(body)
      expect(rows, who).toHaveLength(1)
      expect(rows[0]?.length, who).toBeLessThanOrEqual(300)
      expect(rows[0], who).toMatch(/<@U0PRIYA> \*group\.edit\* group \*Zoho\* — User 0 removed from Zylker; /)
      expect(rows[0], who).toMatch(/…$/)
    }
  })

  it('filters by group and by user; a filter with no match says so', async () => {
    await makeChanges()
    const group = await slack.reply('U0PRIYA', 'audit group site24x7')
    expect(lines(group.body)).toHaveLength(1)
    expect(lines(group.body)[0]).toContain('*group.add* group *Site24x7*')
    const groups = await slack.reply('U0PRIYA', 'audit group')
    expect(lines(groups.body)).toHaveLength(4)
    const user = await slack.reply('U0PRIYA', 'audit user vic@msp.example')
    expect(lines(user.body)).toHaveLength(1)
    const none = await slack.reply('U0PRIYA', 'audit customer Initech')
    expect(none.body.text).toBe('No changes recorded yet.')
    // Below admin the same filters see only Zylker's changes.
    expect(lines((await slack.reply('U0ALEX', 'audit group')).body)).toHaveLength(1)
    expect(lines((await slack.reply('U0ALEX', 'audit user vic@msp.example')).body)).toHaveLength(1)
  })

  it('`/msp audit bogus` answers with the usage; with no changes it says so', async () => {
    await seed()
    const bogus = await slack.reply('U0VIC', 'audit bogus')
    expect(bogus.shown).toBe('Unknown audit filter “bogus”. Usage: `/msp audit [customer|group|user] [name]`')
    const empty = await slack.reply('U0PRIYA', 'audit')
    expect(empty.body.text).toBe('No changes recorded yet.')
    const vic = await slack.reply('U0VIC', 'audit')
    expect(vic.body.text).toBe('No changes recorded yet for the customers associated with you.')
  })
})
