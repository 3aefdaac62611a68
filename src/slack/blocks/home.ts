// App Home: counts, recent failures, what waits, quick buttons.
import type { HomeView, KnownBlock } from '@slack/types'
import { format } from 'date-fns/format'
import type { StaffRole } from '../../domain/roles.ts'
import type { InvitationReminders } from '../../services/portal/reminders.ts'
import { ACTION } from '../ids.ts'
import { button, context, divider, header, section } from './block-kit.ts'
import { homeReminderBlocks } from './invitation-reminders.ts'
import { joinMrkdwn, type Mrkdwn, mrkdwn } from './mrkdwn.ts'

export interface HomeData {
  name: string
  role: StaffRole
  customers: number
  groups: number
  users: number
  failures: Array<{ at: Date; actorName: string; targetName: string; after: unknown }>
  pendingPlans: number
  /** Approval requests waiting: those the person may decide (approvers), else their own. */
  pendingApprovals?: number
  /** Invitations waiting N days or more with Reinvite (technicians and up); null or absent: not shown. */
  invitationReminders?: InvitationReminders | null
}

function failureLine(f: HomeData['failures'][number]): Mrkdwn {
  const blocked =
    (f.after as { blocked?: Array<{ user: string; customer: string; fix: string }> } | null)?.blocked ?? []
  const first = blocked[0]
  const detail = first
    ? mrkdwn` — ${first.user} on ${first.customer}: ${first.fix}${blocked.length > 1 ? ` (+${blocked.length - 1} more)` : ''}`
    : mrkdwn``
  return mrkdwn`• \`${format(f.at, 'yyyy-MM-dd HH:mm')}\` ${f.actorName} → *${f.targetName}*${detail}`
}

export function homeView(data: HomeData): HomeView {
  const blocks: KnownBlock[] = [
    header('msp-bot'),
    section(
      mrkdwn`Hello ${data.name} (${data.role}). You can act on *${data.customers}* customer${data.customers === 1 ? '' : 's'}; the book has *${data.groups}* customer groups and *${data.users}* MSP users.`,
    ),
    {
      type: 'actions',
      elements: [button('Add Customer Group', ACTION.addGroup, 'add', { style: 'primary' })],
    },
    divider(),
    section(
      mrkdwn`*Waiting*\n• Your previews awaiting Confirm: *${data.pendingPlans}*${data.pendingApprovals === undefined ? '' : mrkdwn`\n• Approval requests (\`/msp approvals\`): *${data.pendingApprovals}*`}`,
    ),
    ...(data.invitationReminders ? [divider(), ...homeReminderBlocks(data.invitationReminders)] : []),
    divider(),
    section(
      data.failures.length > 0
        ? mrkdwn`*Recent blocked saves*\n${joinMrkdwn(data.failures.map(failureLine), '\n')}`
        : mrkdwn`*Recent blocked saves*\nNone.`,
    ),
    context(mrkdwn`Type \`/msp help\` in any channel for every command.`),
  ]
  return { type: 'home', blocks }
}

/** For a Slack user who may not use the app: `message` is plain text (a problem in words), escaped here. */
export function strangerHomeView(message: string): HomeView {
  return { type: 'home', blocks: [header('msp-bot'), section(mrkdwn`${message}`)] }
}
