// A book whose names try to ping everyone (`<!channel>`, `<!here>`, `<!everyone>`) and disguise a link,
// through the real app: the blocked-save notification, the lists, the forms, a preview, the audit, App
// Home and the echoes of what was typed carry no markup from data in any mrkdwn text or top-level
// `text`, each name escaped once; plain_text shows names as they are; nothing is unfurled.
import { describe, expect, it } from 'vitest'
import type { RecordedResponse } from '../../support/fake-slack.ts'
import type { SeededWorld } from '../../support/seed.ts'
import { NOTIFY_CHANNEL, SIGNING_SECRET, useSlackApp } from '../../support/slack-app.ts'
import { appHomeOpened, eventCallback } from '../../support/slack-request.ts'
import { seedSlackWorld, slackStaff } from '../../support/slack-worlds.ts'
import { escapedOnce, expectSafe, HOSTILE } from '../hostile-text.ts'
import { ackedView, command, groupValues, openForm, preferencesValues, replyTo, submit } from './helpers.ts'

const PRIYA = slackStaff.priya.slackUserId // U0PRIYA, admin
const { customer: CUSTOMER, user: USER, group: GROUP, email: EMAIL, alertGroup: ALERT } = HOSTILE

/** The hostile customer's Account Contact and only alert-group member is the hostile user, via the hostile group. */
function seedHostile(t: ReturnType<typeof useSlackApp>): Promise<SeededWorld> {
  return seedSlackWorld(
    t,
    {
      users: [{ name: USER, email: EMAIL }, { name: 'Alex' }],
      customers: [
        { name: CUSTOMER, accountContact: USER, alertGroups: [{ name: ALERT, members: [USER] }] },
        { name: 'Acme' },
        { name: 'Zeta' },
      ],
      groups: [{ name: GROUP, customers: [CUSTOMER, 'Acme'], users: [USER, 'Alex'] }],
    },
    [slackStaff.priya],
  )
}

/** A reply to a response_url: ephemeral, not unfurled, and safe in its text and blocks. */
function expectSafeReply(reply: Pick<RecordedResponse, 'body'>, shownInMrkdwn: readonly string[]) {
  expect(reply.body).toMatchObject({ response_type: 'ephemeral', unfurl_links: false, unfurl_media: false })
  expectSafe(reply.body.blocks ?? [], { topLevelText: String(reply.body.text), shownInMrkdwn })
}

describe('A hostile book through Slack', () => {
  const t = useSlackApp()

  const reply = async (text: string) => {
    const sent = await command(t, PRIYA, text)
    return replyTo(t, sent)
  }

  it('lists, forms, a blocked save (preview and notification), a save, audit and Home: no markup from data', async () => {
    const w = await seedHostile(t)

    // /msp customers and /msp groups.
    expectSafeReply(await reply('customers'), [CUSTOMER, GROUP, USER])
    expectSafeReply(await reply('groups'), [GROUP])

    // The forms: names in mrkdwn sections and the Delete dialog escaped, in plain_text options as they are.
    const prefs = await openForm(t, PRIYA, 'customer evil')
    expect(prefs.view.callback_id).toBe('customer_preferences')
    expectSafe(prefs.view, { shownInMrkdwn: [CUSTOMER], shownInPlain: [GROUP, USER] })
    const group = await openForm(t, PRIYA, 'group everyone')
    expect(group.view.callback_id).toBe('customer_group')
    const groupTexts = expectSafe(group.view, { shownInPlain: [CUSTOMER, USER, `Delete ${GROUP}?`] })
    expect(groupTexts.mrkdwn).toContain(
      `Delete the customer group *${escapedOnce(GROUP)}*? A group can be deleted only when it has no customers.`,
    )
    const user = await openForm(t, PRIYA, 'user bob')
    expect(user.view.callback_id).toBe('msp_user')
    expectSafe(user.view, { shownInMrkdwn: [USER, EMAIL], shownInPlain: [GROUP] })

    // A blocked save: taking the group off the customer would remove its Account Contact and the last
    // member of its alert group. The pushed preview and the channel notification are both safe.
    const ack = await submit(t, PRIYA, prefs.view, preferencesValues(w, { groups: [], contact: USER }))
    const blocked = ackedView(ack, 'push')
    expect(blocked.title?.text).toBe('Save blocked')
    expectSafe(blocked, {
      shownInMrkdwn: [CUSTOMER, USER, ALERT, `change the Account Contact of ${CUSTOMER} first`],
      shownInPlain: [`Remove ${USER} from ${ALERT}`],
    })
    const notice = await t.fake.waitForCall('chat.postMessage')
    expect(notice.args.channel).toBe(NOTIFY_CHANNEL)
    expect(String(notice.args.unfurl_links)).toBe('false')
    expect(String(notice.args.unfurl_media)).toBe('false')
    const text = String(notice.args.text)
    const posted = expectSafe(notice.args.blocks, {
      topLevelText: text,
      shownInMrkdwn: [
        CUSTOMER,
        USER,
        ALERT,
        `remove ${USER} from alert group ${ALERT} or delete the group first`,
      ],
    })
    expect(text).toBe(
      `Blocked save of ${escapedOnce(CUSTOMER)}: ${escapedOnce(USER)} on ${escapedOnce(CUSTOMER)} (change the Account Contact of ${escapedOnce(CUSTOMER)} first); ${escapedOnce(USER)} on ${escapedOnce(CUSTOMER)} (remove ${escapedOnce(USER)} from alert group ${escapedOnce(ALERT)} or delete the group first)`,
    )
    // The one deliberate mention: who tried, built from their Slack user id.
    expect(posted.mrkdwn[0]).toBe(
      `:rotating_light: <@${PRIYA}> tried to save *${escapedOnce(CUSTOMER)}*, but it was blocked; nothing was changed.`,
    )

    // A save that goes through: its summary comes back to the command's response_url.
    const added = await submit(
      t,
      PRIYA,
      group.view,
      groupValues(w, { name: GROUP, customers: [CUSTOMER, 'Acme', 'Zeta'], users: [USER, 'Alex'] }),
    )
    expect(added.body).toEqual({ response_action: 'clear' })
    const saved = await replyTo(t, group)
    expectSafeReply(saved, [GROUP, USER])
    expect(String(saved.body.text)).toContain(`Saved group ${escapedOnce(GROUP)}: `)

    // /msp audit: the blocked attempt and the save, by name.
    const audit = await reply('audit')
    expectSafeReply(audit, [CUSTOMER, GROUP, USER])

    // App Home: the recent blocked save.
    const home = await eventCallback(t.url(), SIGNING_SECRET, appHomeOpened(PRIYA), { eventId: 'Ev0HOSTILE' })
    expect(home.status).toBe(200)
    const published = await t.fake.waitForCall('views.publish', (c) => c.args.user_id === PRIYA)
    expectSafe(published.args.view, {
      shownInMrkdwn: [CUSTOMER, USER, `change the Account Contact of ${CUSTOMER} first`],
    })
  })

  it('what a person typed is echoed escaped: unknown subcommand, filter, names, searches', async () => {
    await seedHostile(t)
    const unknown = await reply('<!channel> please')
    expectSafeReply(unknown, [])
    expect(String(unknown.body.text)).toContain('Unknown subcommand “&lt;!channel&gt;”.')
    const filter = await reply('audit <!here>')
    expectSafeReply(filter, [])
    expect(String(filter.body.text)).toContain('Unknown audit filter “&lt;!here&gt;”.')
    const search = await reply('customers <!channel> nope')
    expectSafeReply(search, [])
    expect(String(search.body.text)).toBe('No customer of yours matches “&lt;!channel&gt; nope”.')
    const name = await reply('customer <https://phish.example|Zylker>')
    expectSafeReply(name, [])
    expect(String(name.body.text)).toContain('No customer named “&lt;https://phish.example|Zylker&gt;”.')
  })
})
