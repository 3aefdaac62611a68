import { customerPreferencesView } from '../blocks/customer-preferences.ts'
import { lookupProblem } from '../blocks/lookup-problem.ts'
import { codeUsage, mrkdwn } from '../blocks/mrkdwn.ts'
import type { Subcommand } from './subcommand.ts'

export const customerCommand: Subcommand = {
  name: 'customer',
  usage: '/msp customer <name>',
  summary: 'Edit Customer Preferences: groups, MSP users, Account Contact',
  capability: 'editAssociations',
  async run({ args, actor, deps, client, respond, triggerId, channelId, responseUrl }) {
    const typed = args.trim()
    if (!typed) {
      await respond({ text: mrkdwn`Which customer? Usage: ${codeUsage(this.usage)}` })
      return
    }
    const lookup = await deps.services.customers.find(actor, typed)
    const problem = lookupProblem('customer', typed, lookup, this.usage)
    if (problem || lookup.kind !== 'found') {
      await respond({ text: problem ?? mrkdwn`` })
      return
    }
    const data = await deps.services.customers.preferences(lookup.item.id)
    await client.views.open({
      trigger_id: triggerId,
      view: customerPreferencesView(data, { channel: channelId, responseUrl }),
    })
  },
}
