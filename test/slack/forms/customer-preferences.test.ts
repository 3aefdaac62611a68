// Edit Customer Preferences through Slack: /msp customer opens it prefilled, its selects load options,
// saves apply or preview by the rules, field errors land on their blocks, roles and customer scope hold.
import { describe, expect, it } from 'vitest'
import { decodeMetadata } from '../../../src/slack/metadata.ts'
import { membershipDump, type SeededWorld } from '../../support/seed.ts'
import { SIGNING_SECRET, useSlackApp } from '../../support/slack-app.ts'
import { blockSuggestion, interaction, viewPayload } from '../../support/slack-request.ts'
import { seedSlackWorld } from '../../support/slack-worlds.ts'
import { staff } from '../../support/worlds.ts'
import {
  ackedView,
  command,
  elementOf,
  expectAck,
  type OpenedForm,
  openForm,
  preferencesValues,
  replyTo,
  submit,
  textOf,
  writes,
} from './helpers.ts'

const ADMIN = staff.priya.slackUserId // U1, Priya
const MANAGER = staff.mona.slackUserId // U2, Mona

/**
 * The DESIGN.md example: Zylker and Alex both in Zoho (the default group) and Site24x7. Bea is linked to
 * Zylker directly; Alex is its Account Contact. Mona (manager) reaches Zylker through Site24x7; Acme is
 * apart, with Carl. Priya is the admin.
 */
const seedExample = (t: ReturnType<typeof useSlackApp>): Promise<SeededWorld> =>
  seedSlackWorld(
    t,
    {
      users: [{ name: 'Alex' }, { name: 'Bea' }, { name: 'Carl' }],
      customers: [{ name: 'Zylker', accountContact: 'Alex', directUsers: ['Bea'] }, { name: 'Acme' }],
      groups: [
        { name: 'Zoho', default: true, customers: ['Zylker'], users: ['Alex'] },
        { name: 'Site24x7', customers: ['Zylker'], users: ['Alex', 'Mona'] },
        { name: 'Acme Crew', customers: ['Acme'], users: ['Carl'] },
      ],
    },
    [staff.priya, staff.mona],
  )

describe('Edit Customer Preferences through Slack', () => {
  const t = useSlackApp()

  /** Seeds the example and opens Customer Preferences of Zylker as Priya: the world, the form, the membership before. */
  async function openZylkerAsAdmin() {
    const w = await seedExample(t)
    const form = await openForm(t, ADMIN, 'customer Zylker')
    return { w, form, before: await membershipDump(t.db()) }
  }

  /** Submits the form as `userId` with these selections (by names). */
  const save = (
    userId: string,
    form: OpenedForm,
    w: SeededWorld,
    fields: Parameters<typeof preferencesValues>[1],
  ) => submit(t, userId, form.view, preferencesValues(w, fields))

  it('/msp customer Zylker opens "Customer Preferences" prefilled with the customer’s groups, users and contact', async () => {
    const w = await seedExample(t)
    const form = await openForm(t, ADMIN, 'customer Zylker')
    expect(form.ack.text).toBe('')
    const { view } = form
    expect(view.callback_id).toBe('customer_preferences')
    expect(view.title?.text).toBe('Customer Preferences')
    expect(textOf(view.blocks[0])).toContain('Zylker')
    const labels = view.blocks.map((b) => (b.label as { text?: string } | undefined)?.text).filter(Boolean)
    expect(labels).toEqual(['Associate to Customer Groups', 'Associate to MSP Users', 'Account Contact'])

    const initial = (actionId: string) =>
      (
        elementOf(view.blocks, actionId).initial_options as Array<{ value: string; text: { text: string } }>
      ).map((o) => [o.value, o.text.text])
    expect(initial('pick_groups')).toEqual([
      [String(w.groupId('Site24x7')), 'Site24x7'],
      [String(w.groupId('Zoho')), 'Zoho'],
    ])
    expect(initial('pick_users')).toEqual([[String(w.userId('Bea')), 'Bea']])
    expect(elementOf(view.blocks, 'pick_account_contact').initial_option).toMatchObject({
      value: String(w.userId('Alex')),
      text: { text: 'Alex' },
    })
    // The form remembers what it edits and where to answer.
    expect(decodeMetadata(view.private_metadata)).toMatchObject({
      id: w.customerId('Zylker'),
      responseUrl: form.responseUrl,
    })
    expect(await writes(t)).toMatchObject({ audit: 0, pending: 0 })
  })

  it('loads the group and MSP user options through block_suggestion', async () => {
    const w = await seedExample(t)
    const form = await openForm(t, ADMIN, 'customer zylker')
    const inForm = viewPayload({
      id: 'V0PREFS',
      callbackId: 'customer_preferences',
      privateMetadata: form.view.private_metadata,
      blocks: form.view.blocks,
      title: 'Customer Preferences',
    })
    const suggest = async (actionId: string, blockId: string, value: string) => {
      const res = await interaction(
        t.url(),
        SIGNING_SECRET,
        blockSuggestion({ userId: ADMIN, actionId, blockId, value, view: inForm }),
      )
      const ack = expectAck('block_suggestion', res)
      return (ack.body.options as Array<{ value: string; text: { text: string } }>).map((o) => [
        o.value,
        o.text.text,
      ])
    }
    // Groups: the default first, then alphabetical.
    expect(await suggest('pick_groups', 'groups', '')).toEqual([
      [String(w.groupId('Zoho')), 'Zoho'],
      [String(w.groupId('Acme Crew')), 'Acme Crew'],
      [String(w.groupId('Site24x7')), 'Site24x7'],
    ])
    expect(await suggest('pick_groups', 'groups', 'SITE')).toEqual([
      [String(w.groupId('Site24x7')), 'Site24x7'],
    ])
    // MSP users by name or email.
    expect(await suggest('pick_users', 'direct_users', '')).toEqual(
      ['Alex', 'Bea', 'Carl', 'Mona', 'Priya'].map((n) => [
        String(w.userId(n)),
        `${n} (${n.toLowerCase()}@msp.example)`,
      ]),
    )
    expect(await suggest('pick_users', 'direct_users', 'bea@')).toEqual([
      [String(w.userId('Bea')), 'Bea (bea@msp.example)'],
    ])
    expect(await suggest('pick_account_contact', 'account_contact', 'ALE')).toEqual([
      [String(w.userId('Alex')), 'Alex (alex@msp.example)'],
    ])
    // Loading options writes nothing.
    expect(await t.db().idempotencyKey.count()).toBe(0) // (delivery keys are kept in memory on the embedded database)
  })

  it('DESIGN example: deselecting Zoho on Zylker applies at once and keeps Alex via Site24x7', async () => {
    const { w, form, before } = await openZylkerAsAdmin()

    const ack = await save(ADMIN, form, w, { groups: ['Site24x7'], users: ['Bea'], contact: 'Alex' })
    expect(ack.body).toEqual({ response_action: 'clear' })

    const reply = await replyTo(t, form)
    expect(reply.body.response_type).toBe('ephemeral')
    expect(reply.body.text).toContain('Saved Zylker')
    expect(reply.body.text).toContain('Alex kept on Zylker via group Site24x7')

    const after = await membershipDump(t.db())
    expect(after.associations).toContain('Alex→Zylker')
    expect(after.associations).toEqual(before.associations)
    expect(after.groupCustomers).not.toContain('Zoho∋Zylker')
    expect(after.groupCustomers).toContain('Site24x7∋Zylker')
    expect(after.accountContacts).toContain('Zylker:Alex')
    expect(await writes(t)).toMatchObject({ actions: ['customer.preferences'], pending: 0 })
    // Applied directly: no preview was pushed, nothing else was sent.
    expect(t.fake.calls.map((c) => c.method)).toEqual(['views.open'])
  })

  it('deselecting a direct user previews "Bea removed from Zylker"; Confirm applies exactly that', async () => {
    const { w, form, before } = await openZylkerAsAdmin()

    const ack = await save(ADMIN, form, w, { groups: ['Site24x7', 'Zoho'], users: [], contact: 'Alex' })
    const preview = ackedView(ack, 'push')
    expect(preview.callback_id).toBe('plan_preview')
    expect(preview.title?.text).toBe('Confirm changes')
    expect(preview.submit?.text).toBe('Confirm')
    expect(textOf(preview.blocks)).toContain('Bea removed from Zylker')
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await writes(t)).toMatchObject({ audit: 0, pending: 1 })

    const confirm = await submit(t, ADMIN, preview, {})
    expect(confirm.body).toEqual({ response_action: 'clear' })
    expect((await replyTo(t, form)).body.text).toContain('Bea removed from Zylker')
    const after = await membershipDump(t.db())
    expect(after.directLinks).toEqual([])
    expect(after.associations).not.toContain('Bea→Zylker')
    expect(await writes(t)).toMatchObject({ actions: ['customer.preferences'] })
  })

  it('an Account Contact who is not associated is a field error on account_contact; nothing is written', async () => {
    const { w, form, before } = await openZylkerAsAdmin()

    const ack = await save(ADMIN, form, w, { groups: ['Site24x7', 'Zoho'], users: ['Bea'], contact: 'Carl' })
    expect(ack.body.response_action).toBe('errors')
    expect(Object.keys(ack.body.errors as object)).toEqual(['account_contact'])
    expect((ack.body.errors as Record<string, string>).account_contact).toMatch(
      /Carl is not associated with Zylker/,
    )
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await writes(t)).toMatchObject({ audit: 0, pending: 0 })
    expect(t.fake.responses).toEqual([])

    // The same contact, now also linked directly, saves.
    const fixed = await save(ADMIN, form, w, {
      groups: ['Site24x7', 'Zoho'],
      users: ['Bea', 'Carl'],
      contact: 'Carl',
    })
    expect(fixed.body).toEqual({ response_action: 'clear' })
    expect((await replyTo(t, form)).body.text).toContain('Carl added to Zylker')
    expect((await membershipDump(t.db())).accountContacts).toContain('Zylker:Carl')
  })

  it('refuses a viewer’s submission naming the manager role, and writes nothing', async () => {
    const w = await seedExample(t)
    // Mona opened the form as a manager; an admin made her a viewer before she saved.
    const form = await openForm(t, MANAGER, 'customer Zylker')
    await t.db().mspUser.update({ where: { id: w.userId('Mona') }, data: { role: 'viewer' } })
    const before = await membershipDump(t.db())

    const ack = await save(MANAGER, form, w, { groups: ['Site24x7'], users: [], contact: null })
    const notice = ackedView(ack, 'update')
    expect(notice.title?.text).toBe('Not allowed')
    expect(textOf(notice.blocks)).toMatch(/needs the manager role; you are viewer/)
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await writes(t)).toMatchObject({ audit: 0, pending: 0 })

    // A viewer cannot open it either.
    const cmd = await command(t, MANAGER, 'customer Zylker')
    const reply = await replyTo(t, cmd)
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' })
    expect(reply.body.text).toMatch(/manager/)
    expect(t.fake.callsTo('views.open')).toHaveLength(1)
  })

  it('refuses a manager who is not associated with the customer, and writes nothing', async () => {
    const w = await seedExample(t)
    // Mona opened the form while Site24x7 linked her to Zylker; then she was taken out of it.
    const form = await openForm(t, MANAGER, 'customer Zylker')
    await t.db().groupMember.deleteMany({ where: { mspUserId: w.userId('Mona') } })
    await t.db().association.deleteMany({ where: { mspUserId: w.userId('Mona') } })
    const before = await membershipDump(t.db())

    const ack = await save(MANAGER, form, w, { groups: ['Site24x7'], users: ['Bea'], contact: 'Alex' })
    const notice = ackedView(ack, 'update')
    expect(textOf(notice.blocks)).toMatch(/not associated with Zylker/)
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await writes(t)).toMatchObject({ audit: 0, pending: 0 })

    // Nor can she open Zylker or Acme now.
    for (const name of ['Zylker', 'Acme']) {
      const cmd = await command(t, MANAGER, `customer ${name}`)
      expect((await replyTo(t, cmd)).body.text).toContain(`No customer named “${name}”`)
    }
    expect(t.fake.callsTo('views.open')).toHaveLength(1)
  })
})
