// Name lookups as staff type them: case-insensitive, partial, with "did you mean".
import { closestNames } from '../../domain/closest-names.ts'

export type Lookup<T> =
  | { kind: 'found'; item: T }
  | { kind: 'ambiguous'; candidates: T[] }
  | { kind: 'missing'; suggestions: string[] }

/** Candidates an ambiguous lookup shows. */
export const AMBIGUOUS_SHOWN = 10

/** Exact (case-insensitive) match wins; else a unique partial match; else candidates or suggestions. */
export function lookupByName<T extends { name: string }>(typed: string, items: readonly T[]): Lookup<T> {
  const key = typed.trim().toLowerCase()
  const exact = items.find((i) => i.name.toLowerCase() === key)
  if (exact) return { kind: 'found', item: exact }
  const partial = items.filter((i) => i.name.toLowerCase().includes(key))
  const [only] = partial
  if (partial.length === 1 && only) return { kind: 'found', item: only }
  if (partial.length > 1) return { kind: 'ambiguous', candidates: partial.slice(0, AMBIGUOUS_SHOWN) }
  return {
    kind: 'missing',
    suggestions: closestNames(
      key,
      items.map((i) => i.name),
    ),
  }
}
