import { groupListBlocks } from '../blocks/group-list.ts'
import { mrkdwn } from '../blocks/mrkdwn.ts'
import type { Subcommand } from './subcommand.ts'

export const groupsCommand: Subcommand = {
  name: 'groups',
  usage: '/msp groups',
  summary: 'List customer groups (the default first)',
  capability: 'read',
  async run({ deps, respond }) {
    const groups = await deps.services.groups.list()
    await respond({
      text: mrkdwn`${groups.length} customer group${groups.length === 1 ? '' : 's'}`,
      blocks: groupListBlocks(groups),
    })
  },
}
