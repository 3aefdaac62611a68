// Part 8, memory under work: for each big operation — export and import of the 10 000-customer book (the
// CLI's own path, and on PGlite also through the bot's admin socket), and the 10 000-row customer-user CSV
// import — the RSS of the process doing it: idle before, peak during (sampled every 5 ms), and after (settled
// 3 s), with the growth over idle against the 150 MB. Each figure comes from a fresh child process
// (bench/memory-work-child.ts), so one operation's high-water mark never shows in another's. The book is
// loaded first by a child of its own (a data folder for PGlite, a fresh database on the server).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runToEnd } from './children.ts'
import { createServerDatabase } from './database.ts'

/** Growth over idle the issue allows for each big operation. */
export const WORK_RSS_TARGET_MB = 150

const CHILD = fileURLToPath(new URL('./memory-work-child.ts', import.meta.url))
const MB = 2 ** 20

export interface WorkRss {
  database: string
  operation: string
  idleMb: number
  peakMb: number
  afterMb: number
}

/** One operation in a fresh process; resolves to its figures (null for `seed`). */
async function runChild(
  op: string,
  url: string,
  file: string,
): Promise<{ idle: number; peak: number; after: number } | null> {
  const figures = await runToEnd<{ idle: number; peak: number; after: number }>(CHILD, [op], {
    DATABASE_URL: url,
    MEMORY_WORK_FILE: file,
  })
  if (op === 'seed') return null
  if (!figures) throw new Error(`memory-work-child ${op} printed no figures`)
  return figures
}

const OPERATIONS: Array<{ op: string; label: string; embeddedOnly?: boolean }> = [
  { op: 'export', label: 'export of the 10 000-customer book to a file (CLI)' },
  { op: 'import', label: 'import of that file (CLI: read, check, one transaction)' },
  { op: 'socket-export', label: 'export through the bot (admin socket), bot process', embeddedOnly: true },
  { op: 'socket-import', label: 'import through the bot (admin socket), bot process', embeddedOnly: true },
  { op: 'csv', label: '10 000-row customer-user CSV import (start + task)' },
]

/**
 * Every operation on one database: PGlite in a data folder made for the run (`serverUrl` undefined), or a
 * fresh database on that PostgreSQL server (dropped after). The CSV import runs last (it empties the book).
 */
export async function benchMemoryWork(serverUrl?: string): Promise<WorkRss[]> {
  const dir = mkdtempSync(join(tmpdir(), 'msp-bench-memory-'))
  const file = join(dir, 'book.json')
  const created = serverUrl ? await createServerDatabase(serverUrl) : undefined
  const url = created?.url ?? join(dir, 'pglite')
  const database = created?.label ?? 'PGlite (data folder)'
  const results: WorkRss[] = []
  try {
    await runChild('seed', url, file)
    for (const { op, label, embeddedOnly } of OPERATIONS) {
      if (embeddedOnly && created) continue
      const figures = await runChild(op, url, file)
      if (!figures) continue
      results.push({
        database,
        operation: label,
        idleMb: figures.idle / MB,
        peakMb: figures.peak / MB,
        afterMb: figures.after / MB,
      })
    }
  } finally {
    await created?.drop()
    rmSync(dir, { recursive: true, force: true })
  }
  return results
}

const mb = (value: number) => value.toFixed(0)

export function memoryWorkTable(results: readonly WorkRss[]): string[][] {
  const rows: string[][] = [
    [
      'database',
      'operation',
      'idle MB',
      'peak MB',
      'after MB',
      'growth (peak − idle)',
      `goal ≤ ${WORK_RSS_TARGET_MB} MB`,
    ],
  ]
  let last = ''
  for (const r of results) {
    const growth = r.peakMb - r.idleMb
    rows.push([
      r.database === last ? '' : r.database,
      r.operation,
      mb(r.idleMb),
      mb(r.peakMb),
      `${mb(r.afterMb)} (${r.afterMb >= r.idleMb ? '+' : ''}${mb(r.afterMb - r.idleMb)})`,
      `${mb(growth)} MB`,
      growth <= WORK_RSS_TARGET_MB ? 'met' : 'NOT met',
    ])
    last = r.database
  }
  return rows
}
