// The `/msp customers` reply.
import type { KnownBlock } from '@slack/types'
import type { CustomerSummary } from '../../services/queries/customers.ts'
import { ACTION } from '../ids.ts'
import { button, linesToSections, section } from './block-kit.ts'
import { MESSAGE_BLOCKS_MAX } from './limits.ts'
import { mrkdwn } from './mrkdwn.ts'

/** Rows with an Edit button each; beyond that, names only. */
const ROWS_WITH_BUTTONS = 20

const customerLine = (c: CustomerSummary) =>
  mrkdwn`*${c.name}* (${c.dataCenter.toUpperCase()}) — groups: ${c.groups.join(', ') || 'none'}; Account Contact: ${c.accountContact ?? 'none'}`

/** The `/msp customers` reply: a heading, rows with an Edit button, then the rest as text. */
export function customerListBlocks(customers: readonly CustomerSummary[]): KnownBlock[] {
  const shown = customers.slice(0, ROWS_WITH_BUTTONS)
  return [
    section(mrkdwn`*${customers.length} customer${customers.length === 1 ? '' : 's'}*`),
    // section() clips a row with many groups or long names to Slack's section limit.
    ...shown.map((c) => section(customerLine(c), button('Edit', ACTION.openCustomer, String(c.id)))),
    ...linesToSections(
      customers.slice(ROWS_WITH_BUTTONS).map(customerLine),
      MESSAGE_BLOCKS_MAX - shown.length - 1,
    ),
  ]
}
