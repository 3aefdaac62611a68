import { seesAllCustomers } from '../../domain/roles.ts'
import { customerListBlocks } from '../blocks/customer-list.ts'
import type { Subcommand } from './subcommand.ts'

export const customersCommand: Subcommand = {
  name: 'customers',
  usage: '/msp customers [search]',
  summary: 'List customers (yours, unless you are an admin)',
  capability: 'read',
  async run({ args, actor, deps, respond }) {
    const customers = await deps.services.customers.list(actor, args.trim())
    if (customers.length === 0) {
      await respond({
        response_type: 'ephemeral',
        text: args
          ? `No customer of yours matches “${args}”.`
          : seesAllCustomers(actor.role) || (await deps.services.customers.count()) === 0
            ? 'No customers yet.'
            : 'You are not associated with any customer yet; a manager can add you to a customer group.',
      })
      return
    }
    await respond({
      response_type: 'ephemeral',
      text: `${customers.length} customer${customers.length === 1 ? '' : 's'}`,
      blocks: customerListBlocks(customers),
    })
  },
}
