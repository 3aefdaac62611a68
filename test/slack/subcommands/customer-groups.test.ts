// Customer groups from Slack: /msp group <name> (Edit Customer Group, prefilled), /msp group add and the
// Add Customer Group form (creation, duplicate names, exclusive mode), Associated Users, Delete Group.
import { describe, expect, it } from 'vitest'
import { expectAuditedOnce, expectMaterializedMatchesDerived, membershipDump } from '../../support/seed.ts'
import { useSlackApp } from '../../support/slack-app.ts'
import { seedSlackWorld, slackStaff } from '../../support/slack-worlds.ts'
import {
  asShownView,
  blockById,
  buttons,
  driver,
  elementOf,
  groupValues,
  type Json,
  labelOf,
  metadataOf,
  optionTexts,
  settle,
  shownText,
  titleOf,
} from './driver.ts'

const t = useSlackApp()
const slack = driver(t)

/**
 * Admin Priya, manager Maya, technician Alex, viewer Vic.
 * Zoho (default): Zylker / Alex, Maya. Site24x7: Acme / Alex. Empty: no customers / Maya.
 */
async function seed(settings?: { groupMode?: 'shared' | 'exclusive' }) {
  return seedSlackWorld(t, {
    settings,
    customers: [{ name: 'Zylker' }, { name: 'Acme' }, { name: 'Globex' }],
    groups: [
      { name: 'Zoho', customers: ['Zylker'], users: ['Alex', 'Maya'], default: true },
      { name: 'Site24x7', customers: ['Acme'], users: ['Alex'] },
      { name: 'Empty', users: ['Maya'] },
    ],
  })
}

describe('/msp group <name>: Edit Customer Group', () => {
  it('opens prefilled: name, Associate Customers, MSP users, the default checkbox', async () => {
    const w = await seed()
    const { view, sent } = await slack.openModal('U0MAYA', 'group Zoho')
    expect(view.type).toBe('modal')
    expect(view.callback_id).toBe('customer_group')
    expect(titleOf(view)).toBe('Edit Customer Group')
    expect(metadataOf(view)).toMatchObject({ id: w.groupId('Zoho'), responseUrl: sent.responseUrl })

    expect(labelOf(view, 'name')).toBe('Group Name')
    expect(elementOf(view, 'name').initial_value).toBe('Zoho')

    expect(labelOf(view, 'customers')).toBe('Associate Customers')
    expect(elementOf(view, 'customers').action_id).toBe('pick_customers')
    expect(optionTexts(elementOf(view, 'customers').initial_options)).toEqual(['Zylker'])
    expect((elementOf(view, 'customers').initial_options as Json[])[0]?.value).toBe(
      String(w.customerId('Zylker')),
    )

    expect(labelOf(view, 'users')).toMatch(/MSP Users/)
    expect(optionTexts(elementOf(view, 'users').initial_options)).toEqual(['Alex', 'Maya'])

    expect(elementOf(view, 'is_default').type).toBe('checkboxes')
    expect((elementOf(view, 'is_default').initial_options as Json[]).map((o) => o.value)).toEqual(['default'])

    const actions = buttons(view.blocks)
    expect(actions.map((b) => b.actionId)).toEqual(['show_group_users', 'delete_group'])
    expect(actions.every((b) => b.value === String(w.groupId('Zoho')))).toBe(true)
    // Delete asks first, with a "Yes".
    const deleteButton = JSON.stringify(view.blocks)
    expect(deleteButton).toContain('"confirm":{"type":"plain_text","text":"Yes"')
    // Nothing but the modal.
    expect(t.fake.responses).toEqual([])
  })

  it('a group that is not the default has no checked box, and an empty one no initial options', async () => {
    await seed()
    const { view } = await slack.openModal('U0PRIYA', 'group empty')
    expect(elementOf(view, 'name').initial_value).toBe('Empty')
    expect(elementOf(view, 'is_default').initial_options).toBeUndefined()
    expect(elementOf(view, 'customers').initial_options).toBeUndefined()
    expect(optionTexts(elementOf(view, 'users').initial_options)).toEqual(['Maya'])
  })
})

describe('/msp group add: Add Customer Group', () => {
  it('opens an empty Add Customer Group form', async () => {
    await seed()
    const { view, sent } = await slack.openModal('U0MAYA', 'group add')
    expect(view.callback_id).toBe('add_customer_group')
    expect(titleOf(view)).toBe('Add Customer Group')
    expect((view.submit as { text: string }).text).toBe('Add')
    expect(elementOf(view, 'name').initial_value).toBeUndefined()
    expect(elementOf(view, 'customers').initial_options).toBeUndefined()
    expect(elementOf(view, 'users').initial_options).toBeUndefined()
    expect(elementOf(view, 'is_default').initial_options).toBeUndefined()
    expect(metadataOf(view)).toMatchObject({ responseUrl: sent.responseUrl })
    expect(shownText(view)).toContain('Up to 20 customers.')
  })

  it('`/msp GROUP ADD` is the same command', async () => {
    await seed()
    const { view } = await slack.openModal('U0MAYA', 'GROUP ADD')
    expect(view.callback_id).toBe('add_customer_group')
  })

  it('submitting creates the group with its customers and users, and the associations', async () => {
    const w = await seed()
    const { view, sent } = await slack.openModal('U0PRIYA', 'group add')
    const { ack } = await slack.submit(
      'U0PRIYA',
      view,
      groupValues({
        name: '  Managed EU ',
        customerIds: w.customerIds('Zylker', 'Globex'),
        userIds: w.userIds('Vic', 'Alex'),
        isDefault: true,
      }),
    )
    expect(ack).toEqual({ response_action: 'clear' })
    const reply = await slack.responseTo(sent.responseUrl)
    expect(reply.body.response_type).toBe('ephemeral')
    expect(reply.body.text).toMatch(/^:white_check_mark: Added group Managed EU: /)
    expect(reply.body.text).toContain('Vic added to Zylker')
    expect(reply.body.text).toContain('Alex added to Globex')
    expect(reply.body.text).toContain('Vic added to Globex')

    const dump = await membershipDump(t.db())
    expect(dump.groups).toEqual(['Empty', 'Managed EU (default)', 'Site24x7', 'Zoho'])
    expect(dump.groupCustomers).toContain('Managed EU∋Zylker')
    expect(dump.groupCustomers).toContain('Managed EU∋Globex')
    expect(dump.groupMembers).toEqual(
      expect.arrayContaining(['Managed EU∋Vic', 'Managed EU∋Alex', 'Zoho∋Alex', 'Zoho∋Maya']),
    )
    expect(dump.associations).toEqual([
      'Alex→Acme',
      'Alex→Globex',
      'Alex→Zylker',
      'Maya→Zylker',
      'Vic→Globex',
      'Vic→Zylker',
    ])
    await expectMaterializedMatchesDerived(t.db())
    await expectAuditedOnce(t.db(), {
      action: 'group.add',
      targetType: 'group',
      targetName: 'Managed EU',
      actorSlackId: 'U0PRIYA',
      actorName: 'Priya',
      customers: ['Globex', 'Zylker'],
    })
    // The new default is listed first.
    const list = await slack.reply('U0VIC', 'groups')
    const rows = (list.body.blocks as Json[]).slice(1).map((b) => (b.text as { text: string }).text)
    expect(rows[0]).toMatch(/^\*Managed EU\* \(default\)/)
    expect(rows[1]).toMatch(/^\*Empty\* —/)
  })

  it('a duplicate name (any case, any spacing) is a field error on the name, and nothing is created', async () => {
    const w = await seed()
    const before = await membershipDump(t.db())
    const { view } = await slack.openModal('U0PRIYA', 'group add')
    const { ack } = await slack.submit(
      'U0PRIYA',
      view,
      groupValues({ name: ' zOHO ', customerIds: w.customerIds('Globex'), userIds: w.userIds('Vic') }),
    )
    expect(ack.response_action).toBe('errors')
    const errors = ack.errors as Record<string, string>
    expect(Object.keys(errors)).toEqual(['name'])
    expect(errors.name).toContain('Zoho already exists')
    expect(blockById(view, 'name')).toBeDefined()
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await t.db().auditLog.count()).toBe(0)
    await settle(100)
    expect(t.fake.responses).toEqual([])
  })

  it('a blank name is a field error on the name', async () => {
    await seed()
    const { view } = await slack.openModal('U0PRIYA', 'group add')
    const { ack } = await slack.submit('U0PRIYA', view, groupValues({ name: '   ' }))
    expect(ack.response_action).toBe('errors')
    expect(Object.keys(ack.errors as object)).toEqual(['name'])
    expect(await t.db().customerGroup.count()).toBe(3)
  })

  it('in exclusive mode a customer of another group is an error on customers naming that group', async () => {
    const w = await seed({ groupMode: 'exclusive' })
    const before = await membershipDump(t.db())
    const { view, sent } = await slack.openModal('U0PRIYA', 'group add')
    const { ack } = await slack.submit(
      'U0PRIYA',
      view,
      groupValues({
        name: 'Managed',
        customerIds: w.customerIds('Globex', 'Zylker'),
        userIds: w.userIds('Vic'),
      }),
    )
    expect(ack.response_action).toBe('errors')
    const errors = ack.errors as Record<string, string>
    expect(Object.keys(errors)).toEqual(['customers'])
    expect(errors.customers).toContain('Zylker is already in Zoho')
    expect(errors.customers).not.toContain('Globex')
    expect(await membershipDump(t.db())).toEqual(before)
    // A free customer is fine.
    const ok = await slack.submit(
      'U0PRIYA',
      view,
      groupValues({ name: 'Managed', customerIds: w.customerIds('Globex') }),
    )
    expect(ok.ack).toEqual({ response_action: 'clear' })
    await slack.responseTo(sent.responseUrl)
    expect((await membershipDump(t.db())).groupCustomers).toContain('Managed∋Globex')
  })

  it('in shared mode the same customer may be in several groups', async () => {
    const w = await seed()
    const ack = await slack.addGroup('U0PRIYA', { name: 'Also Zylker', customerIds: w.customerIds('Zylker') })
    expect(ack).toEqual({ response_action: 'clear' })
    expect((await membershipDump(t.db())).groupCustomers).toEqual([
      'Also Zylker∋Zylker',
      'Site24x7∋Acme',
      'Zoho∋Zylker',
    ])
  })

  it('more customers than a group may hold is an error on customers', async () => {
    const w = await seedSlackWorld(
      t,
      { settings: { maxCustomersPerGroup: 2 }, customers: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] },
      [slackStaff.priya],
    )
    const { view } = await slack.openModal('U0PRIYA', 'group add')
    expect(shownText(view)).toContain('Up to 2 customers.')
    const { ack } = await slack.submit(
      'U0PRIYA',
      view,
      groupValues({ name: 'Big', customerIds: w.customerIds('A', 'B', 'C') }),
    )
    expect(ack.response_action).toBe('errors')
    expect((ack.errors as Record<string, string>).customers).toContain('at most 2 customers')
    expect(await t.db().customerGroup.count()).toBe(0)
  })

  it('a manager cannot put a customer they are not associated with into a new group', async () => {
    const w = await seed()
    const before = await membershipDump(t.db())
    const { view } = await slack.openModal('U0MAYA', 'group add')
    const { ack } = await slack.submit(
      'U0MAYA',
      view,
      groupValues({ name: 'Grab', customerIds: w.customerIds('Globex') }),
    )
    expect(ack.response_action).toBe('update')
    expect(shownText(ack.view)).toContain('You are not associated with Globex')
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await t.db().auditLog.count()).toBe(0)
  })
})

describe('Edit Customer Group buttons', () => {
  it('Associated Users pushes a modal listing the group’s MSP users', async () => {
    const w = await seed()
    const { view } = await slack.openModal('U0MAYA', 'group Zoho')
    const shownView = asShownView(view)
    const { triggerId } = await slack.click('U0MAYA', 'show_group_users', String(w.groupId('Zoho')), {
      view: shownView,
    })
    const push = await t.fake.waitForCall('views.push', (c) => c.args.trigger_id === triggerId)
    const pushed = push.args.view as Json
    expect(titleOf(pushed)).toBe('Associated Users')
    const text = shownText(pushed)
    expect(text).toContain('*Zoho*: 2 MSP users')
    expect(text).toContain('*Alex* (alex@msp.example) — technician')
    expect(text).toContain('*Maya* (maya@msp.example) — manager')
    expect(t.fake.callsTo('views.open')).toHaveLength(1) // only the command's
  })

  it('Delete Group is refused while the group has customers: a clear message, the group stays', async () => {
    const w = await seed()
    const before = await membershipDump(t.db())
    const { view, sent } = await slack.openModal('U0PRIYA', 'group Zoho')
    await slack.click('U0PRIYA', 'delete_group', String(w.groupId('Zoho')), { view: asShownView(view) })
    const reply = await slack.responseTo(sent.responseUrl)
    expect(reply.body.response_type).toBe('ephemeral')
    expect(reply.body.text).toBe('Zoho still has 1 customer (Zylker): remove them from the group first.')
    expect(t.fake.callsTo('views.update')).toEqual([])
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await t.db().auditLog.count()).toBe(0)
  })

  it('Delete Group on an empty group deletes it and turns the modal into a notice', async () => {
    const w = await seed()
    const { view, sent } = await slack.openModal('U0MAYA', 'group Empty')
    const shownView = asShownView(view, {}, 'V0EMPTYGROUP')
    await slack.click('U0MAYA', 'delete_group', String(w.groupId('Empty')), { view: shownView })
    const update = await t.fake.waitForCall('views.update')
    expect(update.args.view_id).toBe('V0EMPTYGROUP')
    const notice = update.args.view as Json
    expect(titleOf(notice)).toBe('Group deleted')
    expect(shownText(notice)).toContain('Deleted the customer group Empty.')
    const dump = await membershipDump(t.db())
    expect(dump.groups).toEqual(['Site24x7', 'Zoho (default)'])
    expect(dump.groupMembers).not.toContain('Empty∋Maya')
    // Maya's other associations are untouched.
    expect(dump.associations).toContain('Maya→Zylker')
    await expectMaterializedMatchesDerived(t.db())
    await expectAuditedOnce(t.db(), {
      action: 'group.delete',
      targetName: 'Empty',
      actorSlackId: 'U0MAYA',
      actorName: 'Maya',
    })
    // A second click on the same (now stale) modal changes nothing more and says so.
    await slack.click('U0MAYA', 'delete_group', String(w.groupId('Empty')), { view: shownView })
    const reply = await slack.responseTo(sent.responseUrl)
    expect(reply.body.text).toBe(
      'That customer group no longer exists (it was deleted meanwhile); nothing was changed.',
    )
    expect(t.fake.callsTo('views.update')).toHaveLength(1)
    expect(await t.db().auditLog.count()).toBe(1)
  })
})
