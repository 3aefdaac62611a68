import { poolReply } from '../blocks/customer-users-subscriptions.ts'
import { defaultListRef } from '../blocks/customer-users-values.ts'
import { codeUsage, mrkdwn } from '../blocks/mrkdwn.ts'
import { readUserList } from '../listeners/actions/customer-users-list.ts'
import { findLeadingCustomer } from './customer-users-args.ts'
import type { Subcommand } from './subcommand.ts'

export const subscriptionsCommand: Subcommand = {
  name: 'subscriptions',
  usage: '/msp subscriptions <customer>',
  summary: "A customer's subscription pool: purchased, used, free; admins set the purchased count",
  capability: 'read',
  async run({ args, actor, deps, respond }) {
    const words = args.trim().split(/\s+/).filter(Boolean)
    if (words.length === 0) {
      await respond({ text: mrkdwn`Which customer? Usage: ${codeUsage(this.usage)}` })
      return
    }
    const found = await findLeadingCustomer(deps, actor, words, this.usage)
    if ('problem' in found) {
      await respond({ text: found.problem })
      return
    }
    const { list } = await readUserList(deps, actor, defaultListRef(found.customer.id))
    await respond(poolReply({ customer: list.customer, pool: list.pool }, list.maySetPool))
  },
}
