import { listGroups } from '../../services/queries/groups.ts'
import { ACTION } from '../ids.ts'
import { button } from '../views/blocks.ts'
import { MESSAGE_BLOCKS_MAX } from '../views/limits.ts'
import type { Subcommand } from './subcommand.ts'

export const groupsCommand: Subcommand = {
  name: 'groups',
  usage: '/msp groups',
  summary: 'List customer groups (the default first)',
  capability: 'read',
  async run({ deps, respond }) {
    const groups = await listGroups(deps.db)
    const rows = groups.slice(0, MESSAGE_BLOCKS_MAX - 2).map((g) => ({
      type: 'section' as const,
      text: {
        type: 'mrkdwn' as const,
        text: `*${g.name}*${g.isDefault ? ' (default)' : ''} — ${g.customers} customer${g.customers === 1 ? '' : 's'}, ${g.users} MSP user${g.users === 1 ? '' : 's'}`,
      },
      accessory: button('Edit', ACTION.openGroup, String(g.id)),
    }))
    await respond({
      response_type: 'ephemeral',
      text: `${groups.length} customer group${groups.length === 1 ? '' : 's'}`,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: groups.length ? `*${groups.length} customer groups*` : 'No customer groups yet.',
          },
          accessory: button('Add Customer Group', ACTION.addGroup, 'add', { style: 'primary' }),
        },
        ...rows,
      ],
    })
  },
}
