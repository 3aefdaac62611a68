// "Did you mean": the names nearest to what was typed.

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost)
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

/** Up to `limit` names within a small edit distance of `typed`, nearest first (case-insensitive). */
export function closestNames(typed: string, names: readonly string[], limit = 3): string[] {
  const t = typed.toLowerCase()
  const maxDistance = Math.max(2, Math.floor(t.length / 3))
  return names
    .map((name) => ({ name, d: editDistance(t, name.toLowerCase()) }))
    .filter((x) => x.d <= maxDistance)
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((x) => x.name)
}
