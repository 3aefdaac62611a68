// The reminder builders as pure functions: Home's section and the digest message stay valid Block Kit and
// within Slack's block limits however many invitations wait (the rest counted), the Reinvite value parses
// back (anything else is refused), expired and never-sent invitations are said so.
import { describe, expect, it } from 'vitest'
import type { InvitationReminder, InvitationReminders } from '../../../src/services/portal/reminders.ts'
import { homeView } from '../../../src/slack/blocks/home.ts'
import {
  DIGEST_REMINDER_ROWS,
  digestMessage,
  encodeReminderRef,
  HOME_REMINDER_ROWS,
  homeReminderBlocks,
  parseReminderRef,
} from '../../../src/slack/blocks/invitation-reminders.ts'
import { MESSAGE_BLOCKS_MAX } from '../../../src/slack/blocks/limits.ts'
import { mention, mrkdwn } from '../../../src/slack/blocks/mrkdwn.ts'
import { validateMessageContent, validateView } from '../../support/slack-spec/block-kit-validator.ts'
import { buttons, shownText } from '../subcommands/driver.ts'

function reminder(i: number, extra: Partial<InvitationReminder> = {}): InvitationReminder {
  return {
    portalUserId: i,
    name: `User ${i}`,
    email: `user${i}@portal.example`,
    customer: { id: 100 + (i % 3), name: `Customer ${i % 3}` },
    invitedAt: new Date('2026-12-01T09:30:00Z'),
    expiresAt: new Date('2026-12-08T09:30:00Z'),
    expired: false,
    waitingDays: 9,
    ...extra,
  }
}

const listOf = (n: number): InvitationReminders => ({
  days: 3,
  total: n,
  reminders: Array.from({ length: Math.min(n, 200) }, (_, i) => reminder(i + 1)),
})

const home = (list: InvitationReminders | null) =>
  homeView({
    name: 'Alex',
    role: 'technician',
    customers: 3,
    groups: 1,
    users: 4,
    failures: [],
    pendingPlans: 0,
    invitationReminders: list,
  })

describe('reminder blocks', () => {
  it('Home: up to HOME_REMINDER_ROWS rows with Reinvite, the rest counted; valid at any size', () => {
    for (const n of [0, 1, HOME_REMINDER_ROWS, HOME_REMINDER_ROWS + 1, 5000]) {
      const view = home(listOf(n))
      expect(validateView(view, 'home')).toEqual([])
      const reinvites = buttons(view.blocks).filter((b) => b.actionId === 'reminder_reinvite')
      expect(reinvites).toHaveLength(Math.min(n, HOME_REMINDER_ROWS))
      const shown = shownText(view)
      if (n === 0) expect(shown).toContain('No portal user has been unconfirmed for 3 days or more.')
      if (n > HOME_REMINDER_ROWS) expect(shown).toContain(`…and ${n - HOME_REMINDER_ROWS} more.`)
      else expect(shown).not.toContain('…and')
    }
    expect(shownText(home(null))).not.toContain('Invitations waiting') // a viewer
  })

  it('the digest: within a message at any size, the rest counted, a notice on top when given', () => {
    for (const n of [1, DIGEST_REMINDER_ROWS, 200, 5000]) {
      const message = digestMessage(listOf(n))
      const payload = { text: message.text.text, blocks: message.blocks }
      expect(validateMessageContent(payload)).toEqual([])
      expect(message.blocks?.length).toBeLessThanOrEqual(MESSAGE_BLOCKS_MAX)
      expect(buttons(message.blocks)).toHaveLength(Math.min(n, DIGEST_REMINDER_ROWS))
      if (n > DIGEST_REMINDER_ROWS)
        expect(shownText(payload)).toContain(`…and ${n - DIGEST_REMINDER_ROWS} more.`)
    }
    expect(message1Text()).toBe('1 portal invitation unconfirmed for 3 days or more')
    const noticed = digestMessage(listOf(2), mrkdwn`${mention('U0ALEX')}: ${'User 9 <invited> again.'}`)
    expect(noticed.blocks?.[1]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '<@U0ALEX>: User 9 &lt;invited&gt; again.' }],
    })
    const emptied = digestMessage({ days: 3, total: 0, reminders: [] })
    expect(shownText(emptied.blocks)).toContain('None any more')
    expect(buttons(emptied.blocks)).toEqual([])
  })

  it('says when a link expired and when no invitation was ever sent', () => {
    const text = shownText(
      homeReminderBlocks({
        days: 3,
        total: 2,
        reminders: [
          reminder(1, { expired: true, waitingDays: 12 }),
          reminder(2, { invitedAt: null, expiresAt: null, expired: true, waitingDays: 1 }),
        ],
      }),
    )
    expect(text).toContain(
      '*User 1* (user1@portal.example) of *Customer 1*\ninvited 2026-12-01, 12 days ago · *link expired*',
    )
    expect(text).toContain(
      '*User 2* (user2@portal.example) of *Customer 2*\nno invitation sent (added 1 day ago)',
    )
  })

  it('Reinvite values parse back; anything else is not one', () => {
    const ref = { portalUserId: 5, customerId: 9, invitedAt: 1_764_580_000_000 }
    expect(parseReminderRef(encodeReminderRef(ref))).toEqual(ref)
    expect(parseReminderRef(encodeReminderRef({ portalUserId: 5, customerId: 9 }))).toEqual({
      portalUserId: 5,
      customerId: 9,
    })
    for (const bad of [undefined, '', 'x', '{"u":0,"c":1}', '{"u":1}', '{"u":"1","c":2}', '[1,2]'])
      expect(parseReminderRef(bad)).toBeNull()
  })
})

function message1Text() {
  return digestMessage(listOf(1)).text.text
}
