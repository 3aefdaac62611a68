import { seesAllCustomers } from '../../domain/roles.ts'
import { customerListBlocks } from '../blocks/customer-list.ts'
import { mrkdwn } from '../blocks/mrkdwn.ts'
import type { Subcommand } from './subcommand.ts'

export const customersCommand: Subcommand = {
  name: 'customers',
  usage: '/msp customers [search]',
  summary: 'List customers (yours, unless you are an admin)',
  capability: 'read',
  async run({ args, actor, deps, respond }) {
    const page = await deps.services.customers.list(actor, args.trim())
    if (page.total === 0) {
      await respond({
        text: args
          ? mrkdwn`No customer of yours matches “${args}”.`
          : seesAllCustomers(actor.role) || (await deps.services.customers.count()) === 0
            ? mrkdwn`No customers yet.`
            : mrkdwn`You are not associated with any customer yet; a manager can add you to a customer group.`,
      })
      return
    }
    await respond({
      text: mrkdwn`${page.total} customer${page.total === 1 ? '' : 's'}`,
      blocks: customerListBlocks(page),
    })
  },
}
