// /msp user <email or @mention>: Edit User (role for admins only, customer groups), its preview and Confirm
// when groups are removed, and the groups-per-user limit.
import { describe, expect, it } from 'vitest'
import { expectAuditedOnce, expectMaterializedMatchesDerived, membershipDump } from '../../support/seed.ts'
import { useSlackApp } from '../../support/slack-app.ts'
import { seedSlackWorld, slackStaff } from '../../support/slack-worlds.ts'
import {
  blockById,
  driver,
  elementOf,
  type Json,
  labelOf,
  metadataOf,
  optionTexts,
  shownText,
  texts,
  titleOf,
  userValues,
} from './driver.ts'

const t = useSlackApp()
const slack = driver(t)

/**
 * Admin Priya, manager Maya, technician Alex, Bob (technician, no Slack id yet).
 * Zoho: Zylker / Alex, Maya. Site24x7: Acme / Alex, Maya.
 */
async function seed(extraGroups: string[] = []) {
  return seedSlackWorld(
    t,
    {
      users: [{ name: 'Bob', role: 'technician' }],
      customers: [{ name: 'Zylker' }, { name: 'Acme' }],
      groups: [
        { name: 'Zoho', customers: ['Zylker'], users: ['Alex', 'Maya'] },
        { name: 'Site24x7', customers: ['Acme'], users: ['Alex', 'Maya'] },
        ...extraGroups.map((name) => ({ name })),
      ],
    },
    [slackStaff.priya, slackStaff.maya, slackStaff.alex],
  )
}

describe('/msp user: opening Edit User', () => {
  it('`/msp user alex@msp.example` opens Edit User for Alex, prefilled', async () => {
    const w = await seed()
    const { view, sent } = await slack.openModal('U0PRIYA', 'user alex@msp.example')
    expect(view.callback_id).toBe('msp_user')
    expect(titleOf(view)).toBe('Edit User')
    expect(metadataOf(view)).toMatchObject({ id: w.userId('Alex'), responseUrl: sent.responseUrl })
    expect(texts(view.blocks)[0]).toBe('*Alex* (alex@msp.example)')
    expect(labelOf(view, 'groups')).toBe('Associate to Customer Groups')
    expect(optionTexts(elementOf(view, 'groups').initial_options)).toEqual(['Site24x7', 'Zoho'])
    expect(shownText(view)).toContain('Up to 10 groups.')
  })

  it('the email is matched case-insensitively, also as Slack links it (`<mailto:…|…>`)', async () => {
    const w = await seed()
    for (const typed of ['ALEX@msp.Example', '<mailto:alex@msp.example|alex@msp.example>']) {
      const { view } = await slack.openModal('U0PRIYA', `user ${typed}`)
      expect(metadataOf(view).id, typed).toBe(w.userId('Alex'))
    }
  })

  it('`/msp user <@U0ALEX|alex>` (a mention, as Slack escapes it) opens Edit User for Alex', async () => {
    const w = await seed()
    const { view } = await slack.openModal('U0PRIYA', 'user <@U0ALEX|alex>')
    expect(view.callback_id).toBe('msp_user')
    expect(metadataOf(view).id).toBe(w.userId('Alex'))
    expect(texts(view.blocks)[0]).toBe('*Alex* (alex@msp.example)')
  })

  it('a mention of a Slack user known only by profile email is mapped like any Slack user', async () => {
    const w = await seed()
    t.fake.addUser({ id: 'U0BOB', email: 'bob@msp.example', name: 'bob' })
    const { view } = await slack.openModal('U0PRIYA', 'user <@U0BOB|bob>')
    expect(view.callback_id).toBe('msp_user')
    expect(metadataOf(view).id).toBe(w.userId('Bob'))
  })

  it('an unknown email or mention answers clearly and opens nothing', async () => {
    await seed()
    t.fake.addUser({ id: 'U0OUTSIDER', email: 'out@elsewhere.example', name: 'outsider' })
    const email = await slack.reply('U0PRIYA', 'user nobody@msp.example')
    expect(email.shown).toContain('No MSP user named “nobody@msp.example”')
    expect(email.shown).toContain('/msp user <email or @mention>')
    const mention = await slack.reply('U0PRIYA', 'user <@U0OUTSIDER|outsider>')
    expect(mention.shown).toContain('No MSP user')
    expect(t.fake.callsTo('views.open')).toEqual([])
  })

  it('the role select is shown to admins only', async () => {
    await seed()
    const admin = await slack.openModal('U0PRIYA', 'user alex@msp.example')
    const role = elementOf(admin.view, 'role')
    expect(role.type).toBe('static_select')
    expect(role.action_id).toBe('pick_role')
    expect((role.options as Json[]).map((o) => o.value)).toEqual(['admin', 'manager', 'technician', 'viewer'])
    expect((role.initial_option as Json).value).toBe('technician')

    const manager = await slack.openModal('U0MAYA', 'user alex@msp.example')
    expect(blockById(manager.view, 'role')).toBeUndefined()
    expect(JSON.stringify(manager.view)).not.toContain('pick_role')
    expect(shownText(manager.view)).toContain('Role: *technician* (only admins change roles)')
  })
})

describe('Edit User: saving', () => {
  it('a manager changing a role is refused and nothing changes', async () => {
    const w = await seed()
    const before = await membershipDump(t.db())
    const { view } = await slack.openModal('U0MAYA', 'user alex@msp.example')
    // The form a manager gets has no role select; a submission carrying one is refused anyway.
    const { ack } = await slack.submit('U0MAYA', view, userValues(w.groupIds('Zoho', 'Site24x7'), 'admin'))
    expect(ack.response_action).toBe('update')
    expect(shownText(ack.view)).toContain('This needs the admin role; you are manager. Nothing was changed.')
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await t.db().auditLog.count()).toBe(0)
  })

  it('a manager may change groups of users on customers they are associated with', async () => {
    const w = await seed(['Spare'])
    const { view, sent } = await slack.openModal('U0MAYA', 'user alex@msp.example')
    const { ack } = await slack.submit('U0MAYA', view, userValues(w.groupIds('Zoho', 'Site24x7', 'Spare')))
    expect(ack).toEqual({ response_action: 'clear' })
    const reply = await slack.responseTo(sent.responseUrl)
    expect(reply.body.text).toBe(':white_check_mark: Saved user Alex: no association changed.')
    expect((await membershipDump(t.db())).groupMembers).toContain('Spare∋Alex')
  })

  it('an admin changes role and groups: removing a group previews first, Confirm applies exactly that', async () => {
    const w = await seed()
    const { view, sent } = await slack.openModal('U0PRIYA', 'user alex@msp.example')
    const before = await membershipDump(t.db())
    const { ack } = await slack.submit('U0PRIYA', view, userValues(w.groupIds('Site24x7'), 'manager'))
    expect(ack.response_action).toBe('push')
    const preview = ack.view as Json
    expect(preview.callback_id).toBe('plan_preview')
    expect(titleOf(preview)).toBe('Confirm changes')
    expect((preview.submit as { text: string }).text).toBe('Confirm')
    const text = shownText(preview)
    expect(text).toContain('*user Alex*')
    expect(text).toContain('*Alex* removed from *Zylker*')
    expect(text).not.toContain('Acme')
    // Nothing is written before Confirm: not the groups, not the role.
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await t.db().pendingPlan.count({ where: { status: 'pending', actorSlackId: 'U0PRIYA' } })).toBe(1)

    const confirm = await slack.submit('U0PRIYA', preview, {})
    expect(confirm.ack).toEqual({ response_action: 'clear' })
    const reply = await slack.responseTo(sent.responseUrl)
    expect(reply.body.response_type).toBe('ephemeral')
    expect(reply.body.text).toBe(':white_check_mark: Saved user Alex: Alex removed from Zylker.')
    const after = await membershipDump(t.db())
    expect(after.roles).toContain('Alex:manager')
    expect(after.groupMembers).toEqual(['Site24x7∋Alex', 'Site24x7∋Maya', 'Zoho∋Maya'])
    expect(after.associations).toEqual(['Alex→Acme', 'Maya→Acme', 'Maya→Zylker'])
    await expectMaterializedMatchesDerived(t.db())
    await expectAuditedOnce(t.db(), {
      action: 'user.edit',
      targetType: 'user',
      targetName: 'alex@msp.example',
      actorSlackId: 'U0PRIYA',
      customers: ['Zylker'],
      before: { role: 'technician' },
      after: { role: 'manager', associations: 'Alex removed from Zylker' },
    })
    // A second Confirm (a double click) changes nothing more.
    const again = await slack.submit('U0PRIYA', preview, {})
    expect(again.ack).toEqual({ response_action: 'clear' })
    await t.fake.waitForResponse((r) => r.id === sent.responseId && String(r.body.text).includes('already'))
    expect(await t.db().auditLog.count()).toBe(1)
  })

  it('an admin changing only the role applies at once, without a preview', async () => {
    const w = await seed()
    const { view, sent } = await slack.openModal('U0PRIYA', 'user alex@msp.example')
    const { ack } = await slack.submit('U0PRIYA', view, userValues(w.groupIds('Zoho', 'Site24x7'), 'viewer'))
    expect(ack).toEqual({ response_action: 'clear' })
    expect((await slack.responseTo(sent.responseUrl)).body.text).toBe(
      ':white_check_mark: Saved user Alex: no association changed.',
    )
    expect((await membershipDump(t.db())).roles).toContain('Alex:viewer')
  })

  it('11 groups (the limit is 10) is an error on the groups field, and nothing changes', async () => {
    const extra = Array.from({ length: 9 }, (_, i) => `Extra ${i + 1}`)
    const w = await seed(extra)
    const before = await membershipDump(t.db())
    const { view, sent } = await slack.openModal('U0PRIYA', 'user alex@msp.example')
    const all = w.groupIds('Zoho', 'Site24x7', ...extra)
    expect(all).toHaveLength(11)
    const { ack } = await slack.submit('U0PRIYA', view, userValues(all, 'technician'))
    expect(ack.response_action).toBe('errors')
    const errors = ack.errors as Record<string, string>
    expect(Object.keys(errors)).toEqual(['groups'])
    expect(errors.groups).toContain('at most 10 customer groups; Alex would be in 11')
    expect(blockById(view, 'groups')).toBeDefined()
    expect(await membershipDump(t.db())).toEqual(before)
    // Ten is fine.
    const ten = await slack.submit('U0PRIYA', view, userValues(all.slice(0, 10), 'technician'))
    expect(ten.ack).toEqual({ response_action: 'clear' })
    await slack.responseTo(sent.responseUrl)
    expect((await membershipDump(t.db())).groupMembers.filter((m) => m.endsWith('∋Alex'))).toHaveLength(10)
  })
})
