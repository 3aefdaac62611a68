import { recentAudit } from '../../services/queries/audit.ts'
import { linesToSections } from '../views/blocks.ts'
import { MESSAGE_BLOCKS_MAX } from '../views/limits.ts'
import { codeUsage, type Subcommand } from './subcommand.ts'

const KINDS = ['customer', 'group', 'user'] as const

export const auditCommand: Subcommand = {
  name: 'audit',
  usage: '/msp audit [customer|group|user] [name]',
  summary: 'Recent changes: who, what, when',
  capability: 'read',
  async run({ args, deps, respond }) {
    const [first = '', ...rest] = args.trim().split(/\s+/).filter(Boolean)
    const kind = KINDS.find((k) => k === first.toLowerCase())
    if (first && !kind) {
      await respond({
        response_type: 'ephemeral',
        text: `Unknown audit filter “${first}”. Usage: ${codeUsage(this.usage)}`,
      })
      return
    }
    const rows = await recentAudit(deps.db, { targetType: kind, name: rest.join(' ') })
    if (rows.length === 0) {
      await respond({ response_type: 'ephemeral', text: 'No changes recorded yet.' })
      return
    }
    const lines = rows.map((r) => {
      const who = r.actorSlackId ? `<@${r.actorSlackId}>` : r.actorName
      const what = (r.after as { associations?: string } | null)?.associations
      return `\`${r.when}\` ${who} *${r.action}* ${r.targetType} *${r.targetName}*${what ? ` — ${what}` : ''}`
    })
    await respond({
      response_type: 'ephemeral',
      text: `${rows.length} recent changes`,
      blocks: linesToSections(lines, MESSAGE_BLOCKS_MAX),
    })
  },
}
