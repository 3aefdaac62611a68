import { seesAllCustomers } from '../../domain/roles.ts'
import { auditLine } from '../blocks/audit-list.ts'
import { linesToSections } from '../blocks/block-kit.ts'
import { MESSAGE_BLOCKS_MAX } from '../blocks/limits.ts'
import { codeUsage, mrkdwn } from '../blocks/mrkdwn.ts'
import type { Subcommand } from './subcommand.ts'

const KINDS = ['customer', 'group', 'user'] as const

export const auditCommand: Subcommand = {
  name: 'audit',
  usage: '/msp audit [customer|group|user] [name]',
  summary: 'Recent changes: who, what, when',
  capability: 'read',
  async run({ args, actor, deps, respond }) {
    const [first = '', ...rest] = args.trim().split(/\s+/).filter(Boolean)
    const kind = KINDS.find((k) => k === first.toLowerCase())
    if (first && !kind) {
      await respond({ text: mrkdwn`Unknown audit filter “${first}”. Usage: ${codeUsage(this.usage)}` })
      return
    }
    // Below admin, only changes touching the actor's own customers.
    const rows = await deps.services.audit.recent(actor, { targetType: kind, name: rest.join(' ') })
    if (rows.length === 0) {
      await respond({
        text: seesAllCustomers(actor.role)
          ? mrkdwn`No changes recorded yet.`
          : mrkdwn`No changes recorded yet for the customers associated with you.`,
      })
      return
    }
    const lines = rows.map(auditLine)
    await respond({
      text: mrkdwn`${rows.length} recent changes`,
      blocks: linesToSections(lines, MESSAGE_BLOCKS_MAX),
    })
  },
}
