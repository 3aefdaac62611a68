// `npm run bench`: the rule engine, the database apply path and Slack ack latency, each against a
// baseline measured in this same run (figures are ratios; the machines are shared and noisy).
import { cpus } from 'node:os'
import { isLocalServer } from './backend-cpu.ts'
import {
  benchDatabase,
  createServerDatabase,
  type DatabaseResult,
  databaseTable,
  openBenchDatabase,
} from './database.ts'
import { benchEngine, engineTable } from './engine.ts'
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

const started = performance.now()
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`
const dbReps = Number(process.env.BENCH_DB_REPS ?? 5)
const serverUrl = process.env.BENCH_DATABASE_URL
const postgresUrl = serverUrl !== undefined && /^postgres(ql)?:\/\//.test(serverUrl) ? serverUrl : undefined

console.log(
  `msp-bot bench — node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}); ` +
    'every figure is compared with a baseline measured in this run.',
)

const world = buildWorld()
console.log(
  `World: group G with ${G_USERS} MSP users and ${G_CUSTOMERS} customers; the users reach ` +
    `${new Set(world.associations.map(([, c]) => c)).size}/${CUSTOMERS} customers through ` +
    `${world.memberships.groupUsers.length} group memberships and ${world.memberships.directLinks.length} direct links ` +
    `(${world.associations.length} associations). Edit: remove all ${G_CUSTOMERS} customers from G.`,
)

heading('1. Rule engine (pure planEdit) vs brute force (per pair, scan every group)')
console.log(table(engineTable(benchEngine(world))))
console.log(`(${elapsed()})`)

heading('2. Database apply: remove the 20 customers from G (reseeded before every measurement)')
const dbResults: DatabaseResult[] = []
for (const url of postgresUrl ? [undefined, postgresUrl] : [undefined]) {
  const { db, label, drop } = await openBenchDatabase(url)
  try {
    process.stdout.write(`  ${label} …\n`)
    dbResults.push(await benchDatabase(label, db.prisma, world, dbReps))
  } finally {
    await db.close()
    await drop()
  }
}
console.log(table(databaseTable(dbResults)))
console.log(
  `(seeding the world took ${dbResults.map((r) => `${r.seedMs.toFixed(0)} ms on ${r.label}`).join(', ')}; ${elapsed()})`,
)

heading('3. Slack ack latency: signed requests at 200/s for 10 s, 10 connections (autocannon)')
const slackOptions = { rate: 200, connections: 10, durationS: 10, warmupS: 2, sequential: 50 }
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
console.log(`\nDone in ${elapsed()}.`)
process.exit(0)
