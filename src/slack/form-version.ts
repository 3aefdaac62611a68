// What a form showed when it was opened, as a short fingerprint carried in its private_metadata: a submit
// whose record changed meanwhile is shown the current state instead of silently undoing someone's change.
import { createHash } from 'node:crypto'

interface Ref {
  id: number
}

const ids = (refs: readonly Ref[]) => refs.map((r) => r.id).sort((a, b) => a - b)

export function formVersion(
  state: Record<string, string | number | boolean | null | readonly Ref[]>,
): string {
  const normal = Object.fromEntries(
    Object.entries(state).map(([k, v]) => [k, Array.isArray(v) ? ids(v as readonly Ref[]) : v]),
  )
  return createHash('sha256').update(JSON.stringify(normal)).digest('hex').slice(0, 16)
}
