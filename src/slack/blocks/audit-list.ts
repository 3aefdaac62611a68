// The `/msp audit` reply: one line per change.
import type { AuditRow } from '../../services/queries/audit.ts'
import { clipMrkdwn, escaped, type Mrkdwn, mention, mrkdwn } from './mrkdwn.ts'

/** One audit line at most: the stored associations summary can be long. */
export const AUDIT_LINE_MAX = 300

/** `when who *action* type *name* — what`, the summary clipped so the line stays within AUDIT_LINE_MAX. */
export function auditLine(r: AuditRow): Mrkdwn {
  const who = r.actorSlackId ? mention(r.actorSlackId) : escaped(r.actorName)
  const head = clipMrkdwn(
    mrkdwn`\`${r.when}\` ${who} *${r.action}* ${r.targetType} *${r.targetName}*`,
    AUDIT_LINE_MAX,
  )
  const what = (r.after as { associations?: unknown } | null)?.associations
  if (typeof what !== 'string' || !what) return head
  const room = AUDIT_LINE_MAX - head.length - ' — '.length
  return room < 2 ? head : mrkdwn`${head} — ${clipMrkdwn(escaped(what), room)}`
}
