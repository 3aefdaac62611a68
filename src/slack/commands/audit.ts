import { seesAllCustomers } from '../../domain/roles.ts'
import { recentAudit } from '../../services/queries/audit.ts'
import { linesToSections } from '../views/blocks.ts'
import { clip, MESSAGE_BLOCKS_MAX } from '../views/limits.ts'
import { codeUsage, type Subcommand } from './subcommand.ts'

const KINDS = ['customer', 'group', 'user'] as const

/** One audit line at most: the stored associations summary can be long. */
export const AUDIT_LINE_MAX = 300

type AuditRow = Awaited<ReturnType<typeof recentAudit>>[number]

/** `when who *action* type *name* — what`, the summary clipped so the line stays within AUDIT_LINE_MAX. */
export function auditLine(r: AuditRow): string {
  const who = r.actorSlackId ? `<@${r.actorSlackId}>` : r.actorName
  const head = clip(`\`${r.when}\` ${who} *${r.action}* ${r.targetType} *${r.targetName}*`, AUDIT_LINE_MAX)
  const what = (r.after as { associations?: unknown } | null)?.associations
  if (typeof what !== 'string' || !what) return head
  const room = AUDIT_LINE_MAX - head.length - ' — '.length
  return room < 2 ? head : `${head} — ${clip(what, room)}`
}

export const auditCommand: Subcommand = {
  name: 'audit',
  usage: '/msp audit [customer|group|user] [name]',
  summary: 'Recent changes: who, what, when',
  capability: 'read',
  async run({ args, actor, deps, respond }) {
    const [first = '', ...rest] = args.trim().split(/\s+/).filter(Boolean)
    const kind = KINDS.find((k) => k === first.toLowerCase())
    if (first && !kind) {
      await respond({
        response_type: 'ephemeral',
        text: `Unknown audit filter “${first}”. Usage: ${codeUsage(this.usage)}`,
      })
      return
    }
    // Below admin, only changes touching the actor's own customers.
    const rows = await recentAudit(deps.db, actor, { targetType: kind, name: rest.join(' ') })
    if (rows.length === 0) {
      await respond({
        response_type: 'ephemeral',
        text: seesAllCustomers(actor.role)
          ? 'No changes recorded yet.'
          : 'No changes recorded yet for the customers associated with you.',
      })
      return
    }
    const lines = rows.map(auditLine)
    await respond({
      response_type: 'ephemeral',
      text: `${rows.length} recent changes`,
      blocks: linesToSections(lines, MESSAGE_BLOCKS_MAX),
    })
  },
}
