// App Home: counts, recent failures, what waits, quick buttons.
import type { HomeView, KnownBlock } from '@slack/types'
import { format } from 'date-fns'
import type { StaffRole } from '../../domain/roles.ts'
import { ACTION } from '../ids.ts'
import { button, context, divider, header, section } from './block-kit.ts'

export interface HomeData {
  name: string
  role: StaffRole
  customers: number
  groups: number
  users: number
  failures: Array<{ at: Date; actorName: string; targetName: string; after: unknown }>
  pendingPlans: number
  approvals: number
}

function failureLine(f: HomeData['failures'][number]): string {
  const blocked =
    (f.after as { blocked?: Array<{ user: string; customer: string; fix: string }> } | null)?.blocked ?? []
  const first = blocked[0]
  const detail = first
    ? ` — ${first.user} on ${first.customer}: ${first.fix}${blocked.length > 1 ? ` (+${blocked.length - 1} more)` : ''}`
    : ''
  return `• \`${format(f.at, 'yyyy-MM-dd HH:mm')}\` ${f.actorName} → *${f.targetName}*${detail}`
}

export function homeView(data: HomeData): HomeView {
  const blocks: KnownBlock[] = [
    header('msp-bot'),
    section(
      `Hello ${data.name} (${data.role}). You can act on *${data.customers}* customer${data.customers === 1 ? '' : 's'}; the book has *${data.groups}* customer groups and *${data.users}* MSP users.`,
    ),
    {
      type: 'actions',
      elements: [button('Add Customer Group', ACTION.addGroup, 'add', { style: 'primary' })],
    },
    divider(),
    section(
      `*Waiting*\n• Your previews awaiting Confirm: *${data.pendingPlans}*\n• Approvals awaiting an admin: *${data.approvals}*`,
    ),
    divider(),
    section(
      data.failures.length > 0
        ? `*Recent blocked saves*\n${data.failures.map(failureLine).join('\n')}`
        : '*Recent blocked saves*\nNone.',
    ),
    context('Type `/msp help` in any channel for every command.'),
  ]
  return { type: 'home', blocks }
}

export function strangerHomeView(message: string): HomeView {
  return { type: 'home', blocks: [header('msp-bot'), section(message)] }
}
