// `npm run bench`: the rule engine, the database apply path and Slack ack latency, each against a
// baseline measured in this same run (figures are ratios; the machines are shared and noisy).
import { cpus, loadavg } from 'node:os'
import { atSizePart } from './at-size.ts'
import { isLocalServer } from './backend-cpu.ts'
import {
  benchImport,
  type ImportBenchResult,
  importTable,
  importTargetLines,
  measureImportRss,
  type RssResult,
} from './customer-user-import.ts'
import {
  benchCustomerUserList,
  customerUserListTable,
  LIST_USERS,
  type ListResult,
} from './customer-users.ts'
import {
  benchDatabase,
  createServerDatabase,
  type DatabaseResult,
  databaseTable,
  openBenchDatabase,
} from './database.ts'
import { benchEngine, engineTable } from './engine.ts'
import { benchIdleMemory, idleMemoryTable } from './memory-idle.ts'
import { benchMemoryWork, memoryWorkTable } from './memory-work.ts'
import { WORKLOADS } from './signed.ts'
import {
  type AppDatabase,
  benchSlack,
  databaseCpuLines,
  PGLITE_APP,
  slackTable,
  targetLines,
} from './slack-load.ts'
import { heading, table } from './stats.ts'
import { buildWorld, CUSTOMERS, G_CUSTOMERS, G_USERS } from './world.ts'

const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')
const started = performance.now()
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`
const dbReps = Number(process.env.BENCH_DB_REPS ?? 5)
const serverUrl = process.env.BENCH_DATABASE_URL
const postgresUrl = serverUrl !== undefined && /^postgres(ql)?:\/\//.test(serverUrl) ? serverUrl : undefined
/** BENCH_PARTS=3 (or 1,3 …): only those parts; all by default. */
const parts = new Set((process.env.BENCH_PARTS ?? '1,2,3,4,5,6,7,8').split(',').map((p) => p.trim()))
/** BENCH_WORKLOADS=customers,save …: only those Slack workloads (part 3), in the bench's order. */
const workloadFilter = process.env.BENCH_WORKLOADS?.split(',').map((w) => w.trim())
const workloads = WORKLOADS.filter((w) => !workloadFilter || workloadFilter.includes(w))
const jobCustomers = Number(process.env.BENCH_JOB_CUSTOMERS ?? 10_000)

console.log(
  `msp-bot bench — node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}); ` +
    'every figure is compared with a baseline measured in this run.',
)
console.log(`machine load (1, 5, 15 min) at the start: ${loadAverage()}`)

const world = buildWorld()
console.log(
  `World: group G with ${G_USERS} MSP users and ${G_CUSTOMERS} customers; the users reach ` +
    `${new Set(world.associations.map(([, c]) => c)).size}/${CUSTOMERS} customers through ` +
    `${world.memberships.groupUsers.length} group memberships and ${world.memberships.directLinks.length} direct links ` +
    `(${world.associations.length} associations). Edit: remove all ${G_CUSTOMERS} customers from G.`,
)

if (parts.has('1')) {
  heading('1. Rule engine (pure planEdit) vs brute force (per pair, scan every group)')
  console.log(table(engineTable(benchEngine(world))))
  console.log(`(${elapsed()})`)
}

const dbResults: DatabaseResult[] = []
if (parts.has('2'))
  heading('2. Database apply: remove the 20 customers from G (reseeded before every measurement)')
for (const url of !parts.has('2') ? [] : postgresUrl ? [undefined, postgresUrl] : [undefined]) {
  const { db, label, drop } = await openBenchDatabase(url)
  try {
    process.stdout.write(`  ${label} …\n`)
    dbResults.push(await benchDatabase(label, db.prisma, world, dbReps))
  } finally {
    await db.close()
    await drop()
  }
}
if (parts.has('2')) {
  console.log(table(databaseTable(dbResults)))
  console.log(
    `(seeding the world took ${dbResults.map((r) => `${r.seedMs.toFixed(0)} ms on ${r.label}`).join(', ')}; ${elapsed()})`,
  )
}

if (parts.has('4')) {
  heading(
    `4. /msp users: one page of a customer with ${LIST_USERS} users, against one raw SELECT of that page`,
  )
  const listResults: ListResult[] = []
  for (const url of postgresUrl ? [undefined, postgresUrl] : [undefined]) {
    const { db, label, drop } = await openBenchDatabase(url)
    try {
      listResults.push(
        await benchCustomerUserList(label, db.prisma, Number(process.env.BENCH_LIST_REPS ?? 15)),
      )
    } finally {
      await db.close()
      await drop()
    }
  }
  console.log(table(customerUserListTable(listResults)))
  console.log(`(${elapsed()})`)
}

if (parts.has('5')) {
  heading(
    '5. Bulk import of a 10 000-row CSV (parse, check, insert in batches) vs a raw bulk insert of the rows',
  )
  const importResults: ImportBenchResult[] = []
  const rss: RssResult[] = []
  for (const url of postgresUrl ? [undefined, postgresUrl] : [undefined]) {
    const { db, label, drop } = await openBenchDatabase(url)
    try {
      importResults.push(await benchImport(label, db, Number(process.env.BENCH_IMPORT_REPS ?? 3)))
    } finally {
      await db.close()
      await drop()
    }
  }
  rss.push(await measureImportRss('PGlite (memory)', 'memory://'))
  if (postgresUrl) {
    const created = await createServerDatabase(postgresUrl)
    try {
      rss.push(await measureImportRss(created.label, created.url))
    } finally {
      await created.drop()
    }
  }
  console.log(table(importTable(importResults)))
  for (const line of importTargetLines(importResults, rss)) console.log(line)
  console.log(`(${elapsed()})`)
}

if (parts.has('6')) {
  await atSizePart(postgresUrl)
  console.log(`(${elapsed()})`)
}

if (parts.has('7')) {
  heading('7. Memory at idle: RSS of the process tree 8 s after /healthz, next to a bare Bolt 5.1.0 app')
  const idle = await benchIdleMemory(postgresUrl, (line) => process.stdout.write(`  ${line}\n`))
  console.log(table(idleMemoryTable(idle.bare, idle.cases)))
  console.log(
    `(npm start ran ${idle.compiled ? 'the compiled JavaScript in dist/' : 'the TypeScript sources through tsx: dist/ is missing or older than src/ (npm run build)'}; ${elapsed()})`,
  )
}

if (parts.has('8')) {
  heading(
    '8. Memory under work: RSS of the process doing each big operation (idle, peak, after), one process each',
  )
  const work = [...(await benchMemoryWork()), ...(postgresUrl ? await benchMemoryWork(postgresUrl) : [])]
  console.log(table(memoryWorkTable(work)))
  console.log(`(${elapsed()})`)
}

if (!parts.has('3')) {
  console.log(`\nDone in ${elapsed()}.`)
  process.exit(0)
}
heading('3. Slack ack latency and app CPU per request: signed requests at 200/s for 10 s, 10 connections')
const slackOptions = {
  rate: 200,
  connections: 10,
  durationS: 10,
  warmupS: 2,
  sequential: 50,
  workloads,
  jobCustomers: workloadFilter && !workloadFilter.includes('customers') ? 0 : jobCustomers,
}
// the app on PGlite, and with BENCH_DATABASE_URL also on a fresh database on that server (dropped after)
const postgresApp = postgresUrl ? await createServerDatabase(postgresUrl) : undefined
const appDatabases: AppDatabase[] = [PGLITE_APP]
if (postgresApp && postgresUrl)
  appDatabases.push({
    label: postgresApp.label,
    url: postgresApp.url,
    localBackends: isLocalServer(postgresUrl) ? postgresApp.name : undefined,
  })
let slack: Awaited<ReturnType<typeof benchSlack>>
try {
  slack = await benchSlack(slackOptions, appDatabases)
} finally {
  await postgresApp?.drop()
}
if (slack.smokeProblems.length > 0) console.log(`smoke test problems:\n  ${slack.smokeProblems.join('\n  ')}`)
console.log(table(slackTable(slack.results, slackOptions)))
for (const line of databaseCpuLines(slack.results, slackOptions)) console.log(line)
for (const line of targetLines(slack.results)) console.log(line)
console.log(
  `fake Slack: ${slack.fake.responses} response_url posts and ${slack.fake.calls} Web API calls received, ` +
    `${slack.fake.violations.length === 0 ? 'no violations' : `violations: ${slack.fake.violations.join(' | ')}`}`,
)
console.log(`machine load (uptime) at the end: ${loadAverage()}`)
console.log(`\nDone in ${elapsed()}.`)
process.exit(0)
