// The answers for a name that is missing or ambiguous.
import type { Lookup } from '../../services/queries/find-by-name.ts'
import { bold, codeUsage, joinMrkdwn, type Mrkdwn, mrkdwn } from './mrkdwn.ts'

/** Returns the message for a lookup that did not find exactly one item, or null when it did. `typed` is echoed escaped. */
export function lookupProblem<T extends { name: string }>(
  what: string,
  typed: string,
  lookup: Lookup<T>,
  usage: string,
): Mrkdwn | null {
  if (lookup.kind === 'found') return null
  if (lookup.kind === 'ambiguous') {
    return mrkdwn`Several ${what}s match “${typed}”: ${joinMrkdwn(lookup.candidates.map((c) => bold(c.name)))}. Type more of the name.`
  }
  const hint =
    lookup.suggestions.length > 0
      ? mrkdwn` Did you mean ${joinMrkdwn(lookup.suggestions.map(bold), ' or ')}?`
      : ''
  return mrkdwn`No ${what} named “${typed}”.${hint}\nUsage: ${codeUsage(usage)}`
}
