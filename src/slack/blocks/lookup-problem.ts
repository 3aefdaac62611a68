// The answers for a name that is missing or ambiguous.
import type { Lookup } from '../../services/queries/find-by-name.ts'
import { codeUsage } from './mrkdwn.ts'

/** Returns the message for a lookup that did not find exactly one item, or null when it did. */
export function lookupProblem<T extends { name: string }>(
  what: string,
  typed: string,
  lookup: Lookup<T>,
  usage: string,
): string | null {
  if (lookup.kind === 'found') return null
  if (lookup.kind === 'ambiguous') {
    return `Several ${what}s match “${typed}”: ${lookup.candidates.map((c) => `*${c.name}*`).join(', ')}. Type more of the name.`
  }
  const hint =
    lookup.suggestions.length > 0
      ? ` Did you mean ${lookup.suggestions.map((s) => `*${s}*`).join(' or ')}?`
      : ''
  return `No ${what} named “${typed}”.${hint}\nUsage: ${codeUsage(usage)}`
}
