// Small statistics and table helpers shared by the bench parts.

/** Value at quantile q (0..1) of the samples, by linear interpolation (samples need not be sorted). */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  const a = sorted[lo] ?? Number.NaN
  const b = sorted[hi] ?? a
  return a + (b - a) * (pos - lo)
}

export const median = (samples: readonly number[]) => quantile(samples, 0.5)

export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a'
  if (value < 0.1) return value.toFixed(4)
  if (value < 10) return value.toFixed(3)
  if (value < 100) return value.toFixed(2)
  return value.toFixed(1)
}

export function ratio(value: number, baseline: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline <= 0) return 'n/a'
  const r = value / baseline
  return `${r < 10 ? r.toFixed(2) : r.toFixed(1)}×`
}

/** Milliseconds taken by `work`. */
export async function timeAsync(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}

export function timeSync(work: () => unknown): number {
  const started = performance.now()
  work()
  return performance.now() - started
}

/** A plain-text table: first row is the header; numeric-looking cells are right-aligned. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = []
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length)
    })
  }
  const numeric = /^[-+]?[\d.,]+(×| ms)?$|^n\/a$/
  const line = (row: readonly string[]) =>
    `| ${row
      .map((cell, i) => (numeric.test(cell) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join(' | ')} |`
  const [header, ...body] = rows
  if (!header) return ''
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`
  return [line(header), rule, ...body.map(line)].join('\n')
}

export function heading(text: string): void {
  console.log(`\n=== ${text} ===`)
}
