import { seesAllCustomers } from '../../domain/roles.ts'
import { listCustomers } from '../../services/queries/customers.ts'
import { ACTION } from '../ids.ts'
import { button, linesToSections } from '../views/blocks.ts'
import { MESSAGE_BLOCKS_MAX } from '../views/limits.ts'
import type { Subcommand } from './subcommand.ts'

/** Rows with an Edit button each; beyond that, names only. */
const ROWS_WITH_BUTTONS = 20

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
    const line = (c: (typeof customers)[number]) =>
      `*${c.name}* (${c.dataCenter.toUpperCase()}) — groups: ${c.groups.join(', ') || 'none'}; Account Contact: ${c.accountContact ?? 'none'}`
    const shown = customers.slice(0, ROWS_WITH_BUTTONS)
    await respond({
      response_type: 'ephemeral',
      text: `${customers.length} customer${customers.length === 1 ? '' : 's'}`,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `*${customers.length} customer${customers.length === 1 ? '' : 's'}*`,
          },
        },
        ...shown.map((c) => ({
          type: 'section' as const,
          text: { type: 'mrkdwn' as const, text: line(c) },
          accessory: button('Edit', ACTION.openCustomer, String(c.id)),
        })),
        ...linesToSections(
          customers.slice(ROWS_WITH_BUTTONS).map(line),
          MESSAGE_BLOCKS_MAX - shown.length - 1,
        ),
      ],
    })
  },
}
