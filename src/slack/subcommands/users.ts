import { splitUserListArgs, type UserListRef, wordsBeforeOptions } from '../blocks/customer-users-values.ts'
import { codeUsage, mrkdwn } from '../blocks/mrkdwn.ts'
import { userListFor } from '../listeners/actions/customer-users-list.ts'
import { findLeadingCustomer } from './customer-users-args.ts'
import type { Subcommand } from './subcommand.ts'

export const usersCommand: Subcommand = {
  name: 'users',
  usage: '/msp users <customer> [search] [sort:email|first|last] [asc|desc] [archived]',
  summary:
    "A customer's users, 20 a page: sort, search, archived; Add user, Bulk add, Edit, Archive, Restore, Apply Subscription",
  capability: 'read',
  async run({ args, actor, deps, respond }) {
    const words = wordsBeforeOptions(args)
    if (words.length === 0) {
      await respond({ text: mrkdwn`Which customer? Usage: ${codeUsage(this.usage)}` })
      return
    }
    const found = await findLeadingCustomer(deps, actor, words, this.usage)
    if ('problem' in found) {
      await respond({ text: found.problem })
      return
    }
    const parsed = splitUserListArgs(args, found.words)
    if (!parsed) {
      await respond({ text: mrkdwn`Which customer? Usage: ${codeUsage(this.usage)}` })
      return
    }
    const ref: UserListRef = {
      customerId: found.customer.id,
      search: parsed.search,
      sort: parsed.sort,
      direction: parsed.direction,
      archived: parsed.archived,
      page: 0,
    }
    await respond(await userListFor(deps, actor, ref))
  },
}
