import { customerGroupView } from '../blocks/customer-group.ts'
import { lookupProblem } from '../blocks/lookup-problem.ts'
import { codeUsage, mrkdwn } from '../blocks/mrkdwn.ts'
import type { Subcommand } from './subcommand.ts'

export const groupCommand: Subcommand = {
  name: 'group',
  usage: '/msp group <name>',
  summary: 'Edit Customer Group: name, customers, MSP users, default',
  capability: 'editGroups',
  async run({ args, deps, client, respond, triggerId, channelId, responseUrl }) {
    const typed = args.trim()
    if (!typed) {
      await respond({ text: mrkdwn`Which group? Usage: ${codeUsage(this.usage)} or \`/msp group add\`` })
      return
    }
    const lookup = await deps.services.groups.find(typed)
    const problem = lookupProblem('customer group', typed, lookup, this.usage)
    if (problem || lookup.kind !== 'found') {
      await respond({ text: problem ?? mrkdwn`` })
      return
    }
    const data = await deps.services.groups.detail(lookup.item.id)
    await client.views.open({
      trigger_id: triggerId,
      view: customerGroupView(data, { channel: channelId, responseUrl }),
    })
  },
}
