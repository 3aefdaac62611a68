// Invitation reminders: unconfirmed portal users whose invitation has waited N days or more, each with a
// Reinvite button behind the same "Yes" dialog as /msp portal's. In App Home (the reader's customers) and in
// the daily digest posted to the notify channel (every customer).
import type { KnownBlock } from '@slack/types'
import { z } from 'zod'
import type { InvitationReminder, InvitationReminders } from '../../services/portal/reminders.ts'
import type { Reply } from '../answers/reply-privately.ts'
import { ACTION } from '../ids.ts'
import { button, context, section } from './block-kit.ts'
import { MESSAGE_BLOCKS_MAX } from './limits.ts'
import { bold, code, type Mrkdwn, mrkdwn } from './mrkdwn.ts'
import { portalActionConfirm } from './portal-users.ts'

/** Reminder rows App Home shows (one block each); the rest are counted. */
export const HOME_REMINDER_ROWS = 15
/** Reminder rows a digest shows: with its heading, notice and "more" line it stays within a message. */
export const DIGEST_REMINDER_ROWS = 40
if (DIGEST_REMINDER_ROWS + 3 > MESSAGE_BLOCKS_MAX)
  throw new Error('DIGEST_REMINDER_ROWS does not fit a message')

/** What a reminder's Reinvite button carries: the portal user, its customer, the invitation shown (ms). */
export interface ReminderRef {
  portalUserId: number
  customerId: number
  /** When the invitation the row showed was sent; absent when none was. A newer one means: reinvited already. */
  invitedAt?: number
}

const refValue = z.object({
  u: z.number().int().positive(),
  c: z.number().int().positive(),
  i: z.number().int().min(0).optional(),
})

export const encodeReminderRef = (ref: ReminderRef): string =>
  JSON.stringify({ u: ref.portalUserId, c: ref.customerId, i: ref.invitedAt })

/** The reminder a button value names, or null when the value is not one this app built. */
export function parseReminderRef(value: string | undefined): ReminderRef | null {
  let json: unknown
  try {
    json = JSON.parse(value ?? '')
  } catch {
    return null
  }
  const parsed = refValue.safeParse(json)
  if (!parsed.success) return null
  return {
    portalUserId: parsed.data.u,
    customerId: parsed.data.c,
    ...(parsed.data.i === undefined ? {} : { invitedAt: parsed.data.i }),
  }
}

const dateOf = (at: Date) => at.toISOString().slice(0, 10)
const daysText = (n: number) => (n === 1 ? '1 day' : `${n} days`)

function reminderText(r: InvitationReminder): Mrkdwn {
  const sent = r.invitedAt
    ? mrkdwn`invited ${dateOf(r.invitedAt)}, ${daysText(r.waitingDays)} ago`
    : mrkdwn`no invitation sent (added ${daysText(r.waitingDays)} ago)`
  const expired = r.invitedAt && r.expired ? mrkdwn` · *link expired*` : mrkdwn``
  return mrkdwn`${bold(r.name)} (${r.email}) of ${bold(r.customer.name)}\n${sent}${expired}`
}

/** One reminder: who, which customer, since when, and Reinvite (with or without its button). */
export function reminderBlock(r: InvitationReminder, withButton: boolean): KnownBlock {
  const block = section(
    reminderText(r),
    withButton
      ? button(
          'Reinvite',
          ACTION.reminderReinvite,
          encodeReminderRef({
            portalUserId: r.portalUserId,
            customerId: r.customer.id,
            ...(r.invitedAt ? { invitedAt: r.invitedAt.getTime() } : {}),
          }),
          {
            confirm: portalActionConfirm(
              'reinvite',
              {
                id: r.portalUserId,
                name: r.name,
                email: r.email,
                status: 'unconfirmed',
                role: 'operator',
                isAdmin: false,
                invitedAt: r.invitedAt,
              },
              r.customer.name,
            ),
          },
        )
      : undefined,
  )
  return { ...block, block_id: `reminder_${r.portalUserId}` }
}

const waitingSince = (days: number) => mrkdwn`unconfirmed for ${daysText(days)} or more`

function moreLine(list: InvitationReminders, shown: number): KnownBlock[] {
  const more = list.total - shown
  if (more <= 0) return []
  return [
    context(
      mrkdwn`…and ${more} more. ${code('/msp portal <customer> unconfirmed')} lists a customer's unconfirmed portal users.`,
    ),
  ]
}

/** App Home's "Invitations waiting" section (the reader's customers): at most HOME_REMINDER_ROWS rows. */
export function homeReminderBlocks(list: InvitationReminders): KnownBlock[] {
  if (list.total === 0)
    return [section(mrkdwn`*Invitations waiting*\nNo portal user has been ${waitingSince(list.days)}.`)]
  const rows = list.reminders.slice(0, HOME_REMINDER_ROWS)
  return [
    section(
      mrkdwn`*Invitations waiting* (${waitingSince(list.days)}): *${list.total}*\nReinvite sends a new invitation email; the link in the previous one stops working.`,
    ),
    ...rows.map((r) => reminderBlock(r, true)),
    ...moreLine(list, rows.length),
  ]
}

/** The daily digest for the notify channel (every customer), optionally with a notice (what a click did). */
export function digestMessage(list: InvitationReminders, notice?: Mrkdwn): Reply {
  const rows = list.reminders.slice(0, DIGEST_REMINDER_ROWS)
  const count = list.total === 1 ? '1 portal invitation' : `${list.total} portal invitations`
  const blocks: KnownBlock[] = [
    section(
      list.total === 0
        ? mrkdwn`*Portal invitations waiting*\nNone any more: no portal user has been ${waitingSince(list.days)}.`
        : mrkdwn`*Portal invitations waiting*: ${count} ${waitingSince(list.days)}. Reinvite sends a new invitation email; the link in the previous one stops working.`,
    ),
  ]
  if (notice) blocks.push(context(notice))
  blocks.push(...rows.map((r) => reminderBlock(r, true)), ...moreLine(list, rows.length))
  return {
    text: mrkdwn`${count} ${waitingSince(list.days)}`,
    blocks,
  }
}
