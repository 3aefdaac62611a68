import { bulkAddUsersView } from '../blocks/bulk-add-users.ts'
import { lookupProblem } from '../blocks/lookup-problem.ts'
import { codeUsage, mrkdwn } from '../blocks/mrkdwn.ts'
import type { Subcommand } from './subcommand.ts'

/** Opens Bulk Add Users for one of the actor's customers (below admin: an associated one). */
export const importCommand: Subcommand = {
  name: 'import',
  usage: '/msp import <customer>',
  summary:
    "Bulk Add Users: a customer's users from a CSV, typed rows or a directory export (background task)",
  capability: 'manageCustomerUsers',
  async run({ args, actor, deps, client, respond, triggerId, channelId }) {
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
    await client.views.open({ trigger_id: triggerId, view: bulkAddUsersView(lookup.item, channelId) })
  },
}
