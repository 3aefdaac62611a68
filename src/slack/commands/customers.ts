import type { KnownBlock } from '@slack/types'
import { seesAllCustomers } from '../../domain/roles.ts'
import { type CustomerSummary, listCustomers } from '../../services/queries/customers.ts'
import { ACTION } from '../ids.ts'
import { button, linesToSections, section } from '../views/blocks.ts'
import { MESSAGE_BLOCKS_MAX } from '../views/limits.ts'
import type { Subcommand } from './subcommand.ts'

/** Rows with an Edit button each; beyond that, names only. */
const ROWS_WITH_BUTTONS = 20

const customerLine = (c: CustomerSummary) =>
  `*${c.name}* (${c.dataCenter.toUpperCase()}) — groups: ${c.groups.join(', ') || 'none'}; Account Contact: ${c.accountContact ?? 'none'}`

/** The `/msp customers` reply: a heading, rows with an Edit button, then the rest as text. */
export function customerListBlocks(customers: readonly CustomerSummary[]): KnownBlock[] {
  const shown = customers.slice(0, ROWS_WITH_BUTTONS)
  return [
    section(`*${customers.length} customer${customers.length === 1 ? '' : 's'}*`),
    // section() clips a row with many groups or long names to Slack's section limit.
    ...shown.map((c) => section(customerLine(c), button('Edit', ACTION.openCustomer, String(c.id)))),
    ...linesToSections(
      customers.slice(ROWS_WITH_BUTTONS).map(customerLine),
      MESSAGE_BLOCKS_MAX - shown.length - 1,
    ),
  ]
}

export const customersCommand: Subcommand = {
  name: 'customers',
  usage: '/msp customers [search]',
  summary: 'List customers (yours, unless you are an admin)',
  capability: 'read',
  async run({ args, actor, deps, respond }) {
    const customers = await listCustomers(deps.db, actor, args.trim())
    if (customers.length === 0) {
      await respond({
        response_type: 'ephemeral',
        text: args
          ? `No customer of yours matches “${args}”.`
          : seesAllCustomers(actor.role) || (await deps.db.customer.count()) === 0
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
