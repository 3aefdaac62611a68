import { outboxBlocks, outboxSummary } from '../blocks/outbox-list.ts'
import type { Subcommand } from './subcommand.ts'

/** Admins only: the outbox holds invitation links. */
export const outboxCommand: Subcommand = {
  name: 'outbox',
  usage: '/msp outbox',
  summary: 'Outgoing mail: what was sent, what waits, what failed (admins)',
  capability: 'manageSettings',
  async run({ actor, deps, respond }) {
    const page = await deps.services.mail.outbox(actor)
    const sending = deps.mailSending ?? false
    await respond({ text: outboxSummary(page, sending), blocks: outboxBlocks(page, sending) })
  },
}
