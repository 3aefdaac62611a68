// The `/msp customers` reply.
import type { KnownBlock } from '@slack/types'
import type { CustomerPage, CustomerSummary } from '../../services/queries/customers.ts'
import { ACTION } from '../ids.ts'
import { button, linesToSections, section } from './block-kit.ts'
import { MESSAGE_BLOCKS_MAX } from './limits.ts'
import { code, mrkdwn } from './mrkdwn.ts'

/** Rows with an Edit button each; beyond that, names only. */
const ROWS_WITH_BUTTONS = 20

const customerLine = (c: CustomerSummary) =>
  mrkdwn`*${c.name}* (${c.dataCenter.toUpperCase()}) — groups: ${c.groups.join(', ') || 'none'}; Account Contact: ${c.accountContact ?? 'none'}`

/**
 * The `/msp customers` reply: a heading, rows with an Edit button, then the rest as text, ending with how
 * many are not shown (the page holds the first of `total`).
 */
export function customerListBlocks({ customers, total }: CustomerPage): KnownBlock[] {
  const shown = customers.slice(0, ROWS_WITH_BUTTONS)
  return [
    section(mrkdwn`*${total} customer${total === 1 ? '' : 's'}*`),
    // section() clips a row with many groups or long names to Slack's section limit.
    ...shown.map((c) => section(customerLine(c), button('Edit', ACTION.openCustomer, String(c.id)))),
    ...linesToSections(
      customers.slice(ROWS_WITH_BUTTONS).map(customerLine),
      MESSAGE_BLOCKS_MAX - shown.length - 1,
      {
        total: total - shown.length,
        more: (hidden) =>
          mrkdwn`…and ${hidden} more: narrow the list with ${code('/msp customers <search>')}`,
      },
    ),
  ]
}
