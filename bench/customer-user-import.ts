// Part 5: a bulk import of a 10 000-row CSV end to end — startImport (decode, parse, check the header and
// the row count, write the task) and runImportTask (check every row, write the valid ones in batches of
// IMPORT_BATCH_ROWS, each with its progress and audit row), exactly the job's code path — against a raw bulk insert of
// the same rows (one INSERT … SELECT unnest(…) in one transaction) in the same run; and the import's peak
// RSS over the process's idle RSS, measured in a child process of its own (bench/import-rss-child.ts).
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type { Database, PrismaClient } from '../src/db/client.ts'
import { IMPORT_BATCH_ROWS } from '../src/domain/customer-user-import.ts'
import type { StaffActor } from '../src/services/actor.ts'
import { runImportTask } from '../src/services/customer-users/import/run-import.ts'
import { startImport } from '../src/services/customer-users/import/start-import.ts'
import { runToEnd } from './children.ts'
import { median, ms, ratio } from './stats.ts'

export const IMPORT_ROWS = 10_000
const CUSTOMER_ID = 1
/** Peak RSS over idle the issue allows for the import. */
export const IMPORT_RSS_TARGET_MB = 150
/** The import's time as a multiple of the raw insert's, at most. */
export const IMPORT_RATIO_TARGET = 2

export const BENCH_ACTOR: StaffActor = {
  slackUserId: 'U0BENCHADMIN',
  name: 'Bench Admin',
  mspUserId: null,
  role: 'admin',
}

export interface ImportRow {
  email: string
  firstName: string
  lastName: string
}

/** The rows: names with commas and quotes now and then, as a CSV needs quoting for. */
export function importRows(count = IMPORT_ROWS): ImportRow[] {
  return Array.from({ length: count }, (_, i) => ({
    email: `user${String(i).padStart(5, '0')}@bench.example`,
    firstName: i % 10 === 0 ? `Ann "${i}"` : `First${i}`,
    lastName: i % 7 === 0 ? `Last, ${i}` : `Last${i}`,
  }))
}

const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)

export function importCsv(rows: readonly ImportRow[]): Uint8Array {
  const lines = rows.map((r) => [r.email, r.firstName, r.lastName].map(quote).join(','))
  return new TextEncoder().encode(`\uFEFFEmail,First Name,Last Name\r\n${lines.join('\r\n')}\r\n`)
}

/** An empty book with one customer. */
export async function seedImportCustomer(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe(
    'TRUNCATE "CustomerUser", "Customer", "AuditLog", "BackgroundTask" RESTART IDENTITY CASCADE',
  )
  await prisma.$executeRaw`INSERT INTO "Customer" ("id", "name", "nameKey") VALUES (${CUSTOMER_ID}, 'Bench Co', 'bench co')`
}

/** The import as the job runs it (batches overlapped on PostgreSQL, as the job does); returns the users added. */
export async function runBenchImport(
  db: Pick<Database, 'prisma' | 'kind'>,
  csv: Uint8Array,
  mode: 'addValid' | 'allOrNothing' = 'addValid',
): Promise<number> {
  const { prisma } = db
  const started = await startImport(prisma, BENCH_ACTOR, {
    customerId: CUSTOMER_ID,
    method: 'csv',
    mode,
    fileName: 'bench.csv',
    content: csv,
  })
  if (started.status !== 'started') throw new Error(`import not started: ${JSON.stringify(started)}`)
  const task = await runImportTask(prisma, started.taskId, { overlapBatches: db.kind === 'postgres' })
  if (task?.status !== 'succeeded') throw new Error(`import ended ${task?.status}: ${task?.error}`)
  return task.added
}

/** The baseline: the same rows in one raw statement and one transaction, nothing else. */
async function rawInsert(prisma: PrismaClient, rows: readonly ImportRow[]): Promise<number> {
  return prisma.$transaction(
    (tx) => tx.$executeRaw`
      INSERT INTO "CustomerUser" ("customerId", "email", "firstName", "lastName", "firstNameKey", "lastNameKey", "source")
      SELECT ${CUSTOMER_ID}, v.email, v.first, v.last, lower(v.first), lower(v.last), 'csv'
      FROM unnest(${rows.map((r) => r.email)}::text[], ${rows.map((r) => r.firstName)}::text[],
        ${rows.map((r) => r.lastName)}::text[]) AS v(email, first, last)`,
    { timeout: 120_000 },
  )
}

export interface ImportBenchResult {
  label: string
  reps: number
  rawMs: number
  importMs: number
  allOrNothingMs: number
  /** The main thread's event-loop delay (ms, p99 and max over the measured rounds) during each step. */
  loop: { raw: LoopDelay; import: LoopDelay; allOrNothing: LoopDelay }
}

export interface LoopDelay {
  p99Ms: number
  maxMs: number
}

/** `work`, with the event-loop delay seen meanwhile (a fresh monitor each time, 5 ms sampling). */
async function withLoopDelay(work: () => Promise<void>, into: LoopDelay[]): Promise<void> {
  const loop = monitorEventLoopDelay({ resolution: 5 })
  loop.enable()
  try {
    await work()
  } finally {
    loop.disable()
  }
  into.push({ p99Ms: loop.percentile(99) / 1e6, maxMs: loop.max / 1e6 })
}

const worst = (delays: readonly LoopDelay[]): LoopDelay => ({
  p99Ms: Math.max(0, ...delays.map((d) => d.p99Ms)),
  maxMs: Math.max(0, ...delays.map((d) => d.maxMs)),
})

export async function benchImport(label: string, db: Database, reps: number): Promise<ImportBenchResult> {
  const { prisma } = db
  const rows = importRows()
  const csv = importCsv(rows)
  const raw: number[] = []
  const imported: number[] = []
  const whole: number[] = []
  const delays = { raw: [] as LoopDelay[], import: [] as LoopDelay[], allOrNothing: [] as LoopDelay[] }
  const steps = [
    () =>
      withLoopDelay(async () => {
        const started = performance.now()
        const n = await rawInsert(prisma, rows)
        raw.push(performance.now() - started)
        if (n !== rows.length) throw new Error(`raw insert wrote ${n} rows`)
      }, delays.raw),
    () =>
      withLoopDelay(async () => {
        const started = performance.now()
        const n = await runBenchImport(db, csv)
        imported.push(performance.now() - started)
        if (n !== rows.length) throw new Error(`import added ${n} rows`)
      }, delays.import),
    () =>
      withLoopDelay(async () => {
        const started = performance.now()
        const n = await runBenchImport(db, csv, 'allOrNothing')
        whole.push(performance.now() - started)
        if (n !== rows.length) throw new Error(`import added ${n} rows`)
      }, delays.allOrNothing),
  ]
  for (let rep = 0; rep <= reps; rep++) {
    // the first round warms up (unmeasured); then the order rotates
    for (let k = 0; k < steps.length; k++) {
      await seedImportCustomer(prisma)
      await steps[(k + rep) % steps.length]?.()
    }
    if (rep === 0)
      for (const samples of [raw, imported, whole, delays.raw, delays.import, delays.allOrNothing])
        samples.length = 0
  }
  return {
    label,
    reps,
    rawMs: median(raw),
    importMs: median(imported),
    allOrNothingMs: median(whole),
    loop: { raw: worst(delays.raw), import: worst(delays.import), allOrNothing: worst(delays.allOrNothing) },
  }
}

export function importTable(results: ImportBenchResult[]): string[][] {
  const rows: string[][] = [
    ['database', 'step (median of reps)', 'ms', 'ratio vs raw insert', 'loop delay p99 / max, ms'],
  ]
  const delay = (d: LoopDelay) => `${ms(d.p99Ms)} / ${ms(d.maxMs)}`
  for (const r of results) {
    const name = `${r.label}, ${r.reps} reps`
    rows.push([
      name,
      `baseline: raw INSERT … unnest of ${IMPORT_ROWS} rows`,
      ms(r.rawMs),
      '1.00×',
      delay(r.loop.raw),
    ])
    rows.push([
      '',
      `import, add valid rows (${Math.ceil(IMPORT_ROWS / IMPORT_BATCH_ROWS)} batches)`,
      ms(r.importMs),
      ratio(r.importMs, r.rawMs),
      delay(r.loop.import),
    ])
    rows.push([
      '',
      'import, all or nothing (one transaction)',
      ms(r.allOrNothingMs),
      ratio(r.allOrNothingMs, r.rawMs),
      delay(r.loop.allOrNothing),
    ])
  }
  return rows
}

export function importTargetLines(results: ImportBenchResult[], rss: RssResult[]): string[] {
  const lines = results.map((r) => {
    const x = r.importMs / r.rawMs
    return `import of ${IMPORT_ROWS} rows on ${r.label}: ${x.toFixed(2)}× the raw insert (goal ≤ ${IMPORT_RATIO_TARGET}×): ${x <= IMPORT_RATIO_TARGET ? 'met' : 'NOT met'}`
  })
  for (const r of rss) {
    const over = r.peakMb - r.idleMb
    lines.push(
      `import peak RSS on ${r.label}: ${r.peakMb.toFixed(0)} MB, ${over.toFixed(0)} MB over idle (${r.idleMb.toFixed(0)} MB) ` +
        `(goal ≤ ${IMPORT_RSS_TARGET_MB} MB): ${over <= IMPORT_RSS_TARGET_MB ? 'met' : 'NOT met'}`,
    )
  }
  return lines
}

export interface RssResult {
  label: string
  idleMb: number
  peakMb: number
}

const RSS_CHILD = fileURLToPath(new URL('./import-rss-child.ts', import.meta.url))

/** Runs one import in a fresh process on `databaseUrl` (memory:// for PGlite) and reads its RSS. */
export async function measureImportRss(label: string, databaseUrl: string): Promise<RssResult> {
  const figures = await runToEnd<{ idle: number; peak: number }>(RSS_CHILD, [], { DATABASE_URL: databaseUrl })
  if (!figures) throw new Error('import-rss-child printed no figures')
  return { label, idleMb: figures.idle / 2 ** 20, peakMb: figures.peak / 2 ** 20 }
}
