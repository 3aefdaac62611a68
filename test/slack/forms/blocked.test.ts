// Blocked saves through Slack: an Account Contact or a last alert-group member cannot lose the customer.
// The save changes nothing, pushes "Save blocked" with reasons and fix buttons, and posts the same
// report to the notification channel; the fix buttons work from the message and from the modal.
import { describe, expect, it } from 'vitest'
import type { RecordedCall } from '../../support/fake-slack.ts'
import { membershipDump, type SeededWorld } from '../../support/seed.ts'
import { NOTIFY_CHANNEL, useSlackApp } from '../../support/slack-app.ts'
import { newTriggerId, viewPayload } from '../../support/slack-request.ts'
import { seedSlackWorld, zylkerGuardedInZoho } from '../../support/slack-worlds.ts'
import { staff } from '../../support/worlds.ts'
import {
  ackedView,
  asView,
  click,
  elementOf,
  elementsOf,
  groupValues,
  type OpenedForm,
  openForm,
  preferencesValues,
  repliesTo,
  replyTo,
  responseIdOf,
  type SentView,
  submit,
  textOf,
  writes,
} from './helpers.ts'

const PRIYA = staff.priya.slackUserId // U1, admin
const TESS = staff.tess.slackUserId // U3, technician

/** `zylkerGuardedInZoho`, with Priya and Tess (who is in Zoho too). */
const seedBlocked = (t: ReturnType<typeof useSlackApp>): Promise<SeededWorld> =>
  seedSlackWorld(t, zylkerGuardedInZoho(['Tess']), [staff.priya, staff.tess])

const ALEX_BLOCKED =
  'Alex cannot leave Zylker: Alex is the Account Contact of Zylker — change the Account Contact of Zylker first'
const BO_BLOCKED =
  'Bo cannot leave Zylker: removing Bo would leave alert group Ops of Zylker with no members — remove Bo from alert group Ops or delete the group first'

describe('Blocked saves through Slack', () => {
  const t = useSlackApp()

  /** Opens Edit Customer Group for Zoho and submits it without Zylker: blocked. */
  async function blockedSave(
    w: SeededWorld,
  ): Promise<{ form: OpenedForm; blocked: SentView; notice: RecordedCall }> {
    const form = await openForm(t, PRIYA, 'group Zoho')
    const ack = await submit(
      t,
      PRIYA,
      form.view,
      groupValues(w, { name: 'Zoho', customers: ['Acme'], users: ['Alex', 'Bo', 'Tess'] }),
    )
    const blocked = ackedView(ack, 'push')
    const notice = await t.fake.waitForCall('chat.postMessage')
    return { form, blocked, notice }
  }

  it('pushes "Save blocked" with every reason and fix button, notifies the channel, and changes nothing', async () => {
    const w = await seedBlocked(t)
    const before = await membershipDump(t.db())
    const { form, blocked, notice } = await blockedSave(w)

    // The modal: every blocked pair, its reason and its fix; nothing to confirm.
    expect(blocked.title?.text).toBe('Save blocked')
    expect(blocked.submit).toBeUndefined()
    const shown = textOf(blocked.blocks)
    expect(shown).toContain('nothing was changed')
    expect(shown).toContain(ALEX_BLOCKED)
    expect(shown).toContain(BO_BLOCKED)
    const zylker = w.customerId('Zylker')
    const alertFix = JSON.stringify({ c: zylker, a: w.alertGroupId('Zylker', 'Ops'), u: w.userId('Bo') })
    const buttons = elementsOf(blocked.blocks).map((e) => [e.action_id, e.value, textOf(e.text)])
    expect(buttons).toEqual([
      ['fix_account_contact', String(zylker), 'Change Account Contact of Zylker'],
      ['fix_remove_alert_member', alertFix, 'Remove Bo from Ops'],
      ['fix_delete_alert_group', alertFix, 'Delete alert group Ops'],
    ])
    // Destructive fixes ask "Yes" first.
    for (const id of ['fix_remove_alert_member', 'fix_delete_alert_group'])
      expect(elementOf(blocked.blocks, id).confirm).toMatchObject({ confirm: { text: 'Yes' } })

    // The notification: who tried, the blocked pairs, their fixes, the same buttons.
    expect(notice.args.channel).toBe(NOTIFY_CHANNEL)
    expect(notice.args.text).toBe(
      'Blocked save of group Zoho: Alex on Zylker (change the Account Contact of Zylker first); Bo on Zylker (remove Bo from alert group Ops or delete the group first)',
    )
    const posted = textOf(notice.args.blocks)
    expect(posted).toContain(`<@${PRIYA}> tried to save group Zoho, but it was blocked; nothing was changed.`)
    expect(posted).toContain(
      'Alex on Zylker: Alex is the Account Contact of Zylker — change the Account Contact of Zylker first',
    )
    expect(posted).toContain(
      'Bo on Zylker: removing Bo would leave alert group Ops of Zylker with no members — remove Bo from alert group Ops or delete the group first',
    )
    expect(elementsOf(notice.args.blocks).map((e) => [e.action_id, e.value, textOf(e.text)])).toEqual(buttons)

    // Nothing changed; the attempt is audited; nothing waits for a Confirm.
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await writes(t)).toMatchObject({ actions: ['group.edit.blocked'], pending: 0 })
    expect(t.fake.callsTo('chat.postMessage')).toHaveLength(1)
    expect(repliesTo(t, form)).toEqual([])
  })

  it('the fix buttons in the notification unblock the save, which then goes through', async () => {
    const w = await seedBlocked(t)
    const { form, notice } = await blockedSave(w)
    const message = {
      type: 'message',
      user: 'U0MSPBOT',
      bot_id: 'B0MSPBOT',
      ts: '1700000001.000001',
      text: notice.args.text,
      blocks: notice.args.blocks,
    }
    const fromMessage = (actionId: string) => {
      const button = elementOf(notice.args.blocks, actionId)
      return {
        userId: PRIYA,
        actionId,
        value: String(button.value),
        channelId: NOTIFY_CHANNEL,
        message,
        responseUrl: t.fake.responseUrl(),
      }
    }

    // Remove Bo from Ops (after the "Yes" dialog Slack shows): done, answered ephemerally.
    const remove = fromMessage('fix_remove_alert_member')
    expect((await click(t, remove)).text).toBe('')
    const removed = await t.fake.waitForResponse((r) => r.id === responseIdOf(remove.responseUrl))
    expect(removed.body).toMatchObject({ response_type: 'ephemeral', replace_original: false })
    expect(removed.body.text).toBe('Removed Bo from alert group Ops of Zylker.')
    expect((await membershipDump(t.db())).alertGroupMembers).toEqual([])

    // Change the Account Contact: opens Customer Preferences for Zylker.
    const change = { ...fromMessage('fix_account_contact'), triggerId: newTriggerId() }
    await click(t, change)
    const opened = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === change.triggerId)
    const prefs = asView(opened.args.view)
    expect(prefs.callback_id).toBe('customer_preferences')
    expect(textOf(prefs.blocks[0])).toContain('Zylker')
    expect(elementOf(prefs.blocks, 'pick_account_contact').initial_option).toMatchObject({
      value: String(w.userId('Alex')),
    })
    const cleared = await submit(t, PRIYA, prefs, preferencesValues(w, { groups: ['Zoho'], contact: null }))
    expect(cleared.body).toEqual({ response_action: 'clear' })
    const saved = await t.fake.waitForResponse(
      (r) => r.id === responseIdOf(change.responseUrl) && String(r.body.text).includes('Saved Zylker'),
    )
    expect(saved.body.response_type).toBe('ephemeral')
    expect((await membershipDump(t.db())).accountContacts).toContain('Zylker:-')

    // The original save now previews plain removals, and Confirm applies them.
    const again = await submit(
      t,
      PRIYA,
      form.view,
      groupValues(w, { name: 'Zoho', customers: ['Acme'], users: ['Alex', 'Bo', 'Tess'] }),
    )
    const preview = ackedView(again, 'push')
    expect(preview.title?.text).toBe('Confirm changes')
    for (const user of ['Alex', 'Bo', 'Tess'])
      expect(textOf(preview.blocks)).toContain(`${user} removed from Zylker`)
    const confirm = await submit(t, PRIYA, preview, {})
    expect(confirm.body).toEqual({ response_action: 'clear' })
    const summary = String((await replyTo(t, form)).body.text)
    expect(summary).toContain('Saved group Zoho: ')
    for (const user of ['Alex', 'Bo', 'Tess']) expect(summary).toContain(`${user} removed from Zylker`)
    const after = await membershipDump(t.db())
    expect(after.groupCustomers).toEqual(['Zoho∋Acme'])
    expect(after.associations).toEqual(['Alex→Acme', 'Bo→Acme', 'Tess→Acme'])
    expect(await writes(t)).toMatchObject({
      actions: ['group.edit.blocked', 'alert-group.remove-member', 'customer.preferences', 'group.edit'],
    })
    // One notification: only the blocked save posted to the channel.
    expect(t.fake.callsTo('chat.postMessage')).toHaveLength(1)
  })

  it('from the "Save blocked" modal, fix_account_contact replaces it with the form (room for its own preview) and delete-group answers to the origin', async () => {
    const w = await seedBlocked(t)
    const { form, blocked } = await blockedSave(w)
    const inModal = viewPayload({
      id: 'V0BLOCKED',
      callbackId: 'plan_preview',
      privateMetadata: blocked.private_metadata,
      blocks: blocked.blocks,
      title: 'Save blocked',
      previousViewId: 'V0FORM',
      rootViewId: 'V0FORM',
    })

    const change = elementOf(blocked.blocks, 'fix_account_contact')
    const triggerId = newTriggerId()
    await click(t, {
      userId: PRIYA,
      actionId: 'fix_account_contact',
      value: String(change.value),
      view: inModal,
      triggerId,
    })
    const replaced = await t.fake.waitForCall('views.update', (c) => c.args.view_id === 'V0BLOCKED')
    expect(asView(replaced.args.view).callback_id).toBe('customer_preferences')
    expect(textOf(asView(replaced.args.view).blocks[0])).toContain('Zylker')
    expect(t.fake.callsTo('views.open')).toHaveLength(1) // only the /msp group form
    expect(t.fake.callsTo('views.push')).toEqual([])

    const del = elementOf(blocked.blocks, 'fix_delete_alert_group')
    await click(t, {
      userId: PRIYA,
      actionId: 'fix_delete_alert_group',
      value: String(del.value),
      view: inModal,
    })
    // Answered where the form was opened: the /msp command's response_url.
    expect((await replyTo(t, form)).body.text).toBe('Deleted alert group Ops of Zylker.')
    expect(await t.db().alertGroup.count()).toBe(0)
    expect(await writes(t)).toMatchObject({ actions: ['group.edit.blocked', 'alert-group.delete'] })
  })

  it('a technician’s click on a fix button is refused and changes nothing', async () => {
    const w = await seedBlocked(t)
    const { notice } = await blockedSave(w)
    const before = await membershipDump(t.db())
    const responseUrl = t.fake.responseUrl()
    const button = elementOf(notice.args.blocks, 'fix_remove_alert_member')
    await click(t, {
      userId: TESS,
      actionId: 'fix_remove_alert_member',
      value: String(button.value),
      channelId: NOTIFY_CHANNEL,
      responseUrl,
    })
    const reply = await t.fake.waitForResponse((r) => r.id === responseIdOf(responseUrl))
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' })
    expect(reply.body.text).toMatch(/needs the manager role; you are technician/)
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await writes(t)).toMatchObject({ actions: ['group.edit.blocked'] })
  })
})
