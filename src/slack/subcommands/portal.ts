import { lookupProblem } from '../blocks/lookup-problem.ts'
import { codeUsage, mrkdwn } from '../blocks/mrkdwn.ts'
import { portalListReply } from '../blocks/portal-users.ts'
import { categoryFromText, type PortalStatus } from '../blocks/portal-values.ts'
import type { Subcommand } from './subcommand.ts'

/** The customer's name and the category typed after it, if any ("Zylker Corp disabled"). */
function splitArgs(args: string): { typed: string; category: PortalStatus | null } {
  const words = args.trim().split(/\s+/).filter(Boolean)
  const last = words.at(-1)
  const category = words.length > 1 && last !== undefined ? categoryFromText(last) : null
  return { typed: (category ? words.slice(0, -1) : words).join(' '), category }
}

export const portalCommand: Subcommand = {
  name: 'portal',
  usage: '/msp portal <customer> [enabled|disabled|unconfirmed]',
  summary: "A customer's portal users by category: Enable, Disable, Delete, Reinvite, Add portal user",
  capability: 'read',
  async run({ args, actor, deps, respond }) {
    let { typed, category } = splitArgs(args)
    if (!typed) {
      await respond({ text: mrkdwn`Which customer? Usage: ${codeUsage(this.usage)}` })
      return
    }
    // Below admin, only the customers associated with the actor are found (like /msp customer).
    let lookup = await deps.services.customers.find(actor, typed)
    if (category) {
      // A customer whose whole name ends in a category word ("Acme Disabled") is that customer, all users.
      const whole = await deps.services.customers.find(actor, args.trim())
      if (whole.kind === 'found' && whole.item.name.toLowerCase() === args.trim().toLowerCase()) {
        lookup = whole
        typed = args.trim()
        category = null
      }
    }
    const problem = lookupProblem('customer', typed, lookup, this.usage)
    if (problem || lookup.kind !== 'found') {
      await respond({ text: problem ?? mrkdwn`` })
      return
    }
    const list = await deps.services.portal.list(actor, lookup.item.id, category ?? undefined)
    await respond(
      portalListReply(list, { category: category ?? 'all', page: 0 }, { canManage: list.mayManage }),
    )
  },
}
