// The `/msp groups` reply.
import type { KnownBlock } from '@slack/types'
import type { GroupSummary } from '../../services/queries/groups.ts'
import { ACTION } from '../ids.ts'
import { button, linesToSections, section } from './block-kit.ts'
import { MESSAGE_BLOCKS_MAX } from './limits.ts'
import { mrkdwn } from './mrkdwn.ts'

/** When not every group fits a message as a row with a button: rows with an Edit button; beyond, names only. */
export const GROUP_ROWS_WITH_BUTTONS = 40

const groupLine = (g: GroupSummary) =>
  mrkdwn`*${g.name}*${g.isDefault ? ' (default)' : ''} — ${g.customers} customer${g.customers === 1 ? '' : 's'}, ${g.users} MSP user${g.users === 1 ? '' : 's'}`

/** The `/msp groups` reply: a heading with Add Customer Group, then a row per group (none dropped). */
export function groupListBlocks(groups: readonly GroupSummary[]): KnownBlock[] {
  // The heading takes one block; every group gets a button when all fit, else the rest are listed as text.
  const withButtons = groups.length <= MESSAGE_BLOCKS_MAX - 1 ? groups.length : GROUP_ROWS_WITH_BUTTONS
  const rows = groups
    .slice(0, withButtons)
    .map((g) => section(groupLine(g), button('Edit', ACTION.openGroup, String(g.id))))
  return [
    section(
      groups.length ? mrkdwn`*${groups.length} customer groups*` : mrkdwn`No customer groups yet.`,
      button('Add Customer Group', ACTION.addGroup, 'add', { style: 'primary' }),
    ),
    ...rows,
    ...linesToSections(groups.slice(withButtons).map(groupLine), MESSAGE_BLOCKS_MAX - 1 - rows.length),
  ]
}
