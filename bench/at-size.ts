// Part 6: the book at size. The same operations on a book of 10 000 customers (100 000 MSP users) and on one
// of 500 with the same shape (at-size-book.ts), each as a ratio of the big figure to the small one.
// Slack figures drive the real Bolt app (createSlackApp, HTTP receiver on port 0, in this process) with
// signed requests, against the fake Slack Web API, one request at a time: an ack's time, or for a slash
// command the time until its answer (in the ack, on response_url, or the modal's views.open). Service
// figures call the service directly (export and import of the whole book). Two-instance load figures
// (PostgreSQL only) are in at-size-load.ts.
import type { Server } from 'node:http'
import { loadavg } from 'node:os'
import { LogLevel } from '@slack/bolt'
import { type Database, openDatabase } from '../src/db/client.ts'
import { snapshotIssueLines } from '../src/messages/snapshot.ts'
import { createServices } from '../src/services/index.ts'
import { exportSnapshot, serializeSnapshot } from '../src/services/snapshot/export-snapshot.ts'
import { importSnapshot } from '../src/services/snapshot/import-snapshot.ts'
import { createSlackApp } from '../src/slack/app.ts'
import { ACTION, BLOCK, CALLBACK } from '../src/slack/ids.ts'
import { encodeMetadata } from '../src/slack/metadata.ts'
import { type FakeSlack, startFakeSlack } from '../test/support/fake-slack.ts'
import { TEST_CHANNEL_ID } from '../test/support/slack-ids.ts'
import {
  blockSuggestion,
  interaction,
  newTriggerId,
  type SignedResponse,
  slashCommand,
  stateValue,
  type ViewStateValues,
  viewPayload,
  viewSubmission,
} from '../test/support/slack-request.ts'
import {
  BIG_GROUP,
  BIG_GROUP_CUSTOMERS,
  BIG_GROUP_USERS,
  bigGroupUserEmail,
  EXTRA_GROUPS_PER_BIG_USER,
  fixtureIds,
  SEED,
  seedAtSize,
  shapeFor,
  USERS_CUSTOMER,
} from './at-size-book.ts'
import {
  LOAD_LABEL,
  type TwoInstanceOptions,
  type TwoInstanceResult,
  twoInstanceLoad,
} from './at-size-load.ts'
import { createServerDatabase } from './database.ts'
import { BENCH_SLACK_USER, BOT_TOKEN, SIGNING_SECRET } from './ipc.ts'
import { heading, median, ms, ratio, table, timeAsync } from './stats.ts'

/** How a figure is taken. */
type How = 'Slack ack' | 'Slack answer' | 'service'

interface Figure {
  name: string
  how: How
  ms: number
  /** The slowest of the measured rounds. */
  maxMs?: number
  /** Why the operation failed (then `ms` is how long it ran until it did). */
  failed?: string
}

export interface SizeRun {
  customers: number
  counts: Record<string, number>
  seedMs: number
  figures: Figure[]
  exportBytes: number
  load: TwoInstanceResult[]
  loadProblems: string[]
}

export interface AtSizeResult {
  label: string
  reps: number
  sizes: SizeRun[]
}

/** What the figures search for: at 10 000 customers "42" matches 299 customers (and many MSP users). */
const SEARCH = '42'
const sleep = (delay: number) => new Promise((resolve) => setTimeout(resolve, delay))

interface SentView {
  callback_id?: string
  private_metadata?: string
  blocks?: Array<Record<string, unknown>>
}

/** The real app in this process, on `db`, against a fake Slack. */
async function startApp(db: Database) {
  const fake = await startFakeSlack({ botToken: BOT_TOKEN })
  const { receiver } = createSlackApp({
    credentials: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN },
    deps: {
      services: createServices(db.prisma, {
        sharedDatabase: db.kind === 'postgres',
        readCache: db.readCache,
      }),
    },
    slackApiUrl: fake.apiUrl,
    ping: () => db.ping(),
    logLevel: LogLevel.ERROR,
  })
  if (!receiver) throw new Error('expected an HTTP receiver')
  const server: Server = await receiver.start(0)
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    fake,
    url: `http://127.0.0.1:${port}/slack/events`,
    async stop() {
      server.closeAllConnections()
      await receiver.stop()
      await fake.close()
    },
  }
}

type App = Awaited<ReturnType<typeof startApp>>

const responseIdOf = (url: string) => decodeURIComponent(url.split('/response/')[1] ?? '')

/** Waits (polling) until `count` answers were posted to the response_url `id`. */
async function replies(fake: FakeSlack, id: string, count: number) {
  const deadline = performance.now() + 60_000
  while (fake.responses.filter((r) => r.id === id).length < count) {
    if (performance.now() > deadline) throw new Error(`no answer ${count} on response_url ${id} within 60 s`)
    await sleep(2)
  }
}

/** `/msp <text>` until its answer: in the ack when there, else the first response_url post. */
async function commandAnswer(app: App, text: string): Promise<{ ms: number; body: unknown }> {
  const responseUrl = app.fake.responseUrl()
  const id = responseIdOf(responseUrl)
  const started = performance.now()
  const ack = await slashCommand(app.url, SIGNING_SECRET, { text, userId: BENCH_SLACK_USER, responseUrl })
  if (ack.status !== 200) throw new Error(`/msp ${text}: HTTP ${ack.status} ${ack.text}`)
  if (ack.text.trim() !== '') return { ms: performance.now() - started, body: ack.json }
  const answer = await app.fake.waitForResponse((r) => r.id === id, 60_000)
  return { ms: performance.now() - started, body: answer.body }
}

/** `/msp <text>` that opens a modal: the time until views.open, and the view. */
async function openForm(app: App, text: string) {
  const responseUrl = app.fake.responseUrl()
  const triggerId = newTriggerId()
  const started = performance.now()
  const ack = await slashCommand(app.url, SIGNING_SECRET, {
    text,
    userId: BENCH_SLACK_USER,
    responseUrl,
    triggerId,
  })
  if (ack.status !== 200) throw new Error(`/msp ${text}: HTTP ${ack.status} ${ack.text}`)
  const call = await app.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId, 60_000)
  return {
    ms: performance.now() - started,
    view: call.args.view as SentView,
    responseId: responseIdOf(responseUrl),
  }
}

async function submit(app: App, view: SentView, values: ViewStateValues): Promise<SignedResponse> {
  return interaction(
    app.url,
    SIGNING_SECRET,
    viewSubmission({
      userId: BENCH_SLACK_USER,
      callbackId: view.callback_id ?? '',
      privateMetadata: view.private_metadata ?? '',
      values,
      blocks: view.blocks,
    }),
  )
}

type Ack = { response_action?: string; view?: SentView }
const ackOf = (response: SignedResponse, step: string): Ack => {
  if (response.status !== 200) throw new Error(`${step}: HTTP ${response.status} ${response.text}`)
  return (response.json ?? {}) as Ack
}

function expectAction(ack: Ack, action: string, step: string) {
  if (ack.response_action !== action)
    throw new Error(`${step}: expected response_action ${action}, got ${JSON.stringify(ack).slice(0, 400)}`)
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i)

type Ids = ReturnType<typeof fixtureIds>

const groupValues = (ids: Ids, customerIds: number[]): ViewStateValues => ({
  [BLOCK.name]: { [ACTION.groupName]: stateValue.text(BIG_GROUP) },
  [BLOCK.customers]: { [ACTION.pickCustomers]: stateValue.multiExternalSelect(customerIds.map(String)) },
  [BLOCK.users]: {
    [ACTION.pickUsers]: stateValue.multiExternalSelect(
      range(ids.firstBigUserId, BIG_GROUP_USERS).map(String),
    ),
  },
  [BLOCK.isDefault]: { [ACTION.isDefault]: stateValue.checkboxes([]) },
})

/** Big-group user 1: in the big group and 9 of the demo's groups. */
const EDITED_USER = 1
const userGroups = (ids: Ids) => [
  ids.bigGroupId,
  ...range(0, EXTRA_GROUPS_PER_BIG_USER).map((j) => ids.extraGroupId(EDITED_USER, j)),
]
const userValues = (groupIds: number[]): ViewStateValues => ({
  [BLOCK.role]: { [ACTION.pickRole]: stateValue.staticSelect('technician') },
  [BLOCK.groups]: { [ACTION.pickGroups]: stateValue.multiExternalSelect(groupIds.map(String)) },
})

/** The steps of one round, each timed; every step checks it got the answer it should. */
async function round(app: App, ids: Ids): Promise<Figure[]> {
  const figures: Figure[] = []
  const add = (name: string, how: How, value: number) => figures.push({ name, how, ms: value })

  // Edit Customer Group on the big group: remove its 20 customers (preview, Confirm), then add them back.
  const groupForm = await openForm(app, `group ${BIG_GROUP}`)
  add('Edit Customer Group: `/msp group` → form (views.open)', 'Slack answer', groupForm.ms)
  let response = await submit(app, groupForm.view, groupValues(ids, []))
  let ack = ackOf(response, 'group preview')
  expectAction(ack, 'push', 'group preview')
  add('Edit Customer Group: remove its 20 customers → preview', 'Slack ack', response.elapsedMs)
  response = await submit(app, ack.view ?? {}, {})
  expectAction(ackOf(response, 'group confirm'), 'clear', 'group confirm')
  add('Edit Customer Group: Confirm → applied', 'Slack ack', response.elapsedMs)
  await replies(app.fake, groupForm.responseId, 1)
  const again = await openForm(app, `group ${BIG_GROUP}`)
  response = await submit(app, again.view, groupValues(ids, range(1, BIG_GROUP_CUSTOMERS)))
  expectAction(ackOf(response, 'group re-add'), 'clear', 'group re-add')
  add('Edit Customer Group: add the 20 back → applied', 'Slack ack', response.elapsedMs)
  await replies(app.fake, again.responseId, 1)

  // Edit User: a user in 10 groups loses one (preview, Confirm), then gets it back.
  const userForm = await openForm(app, `user ${bigGroupUserEmail(EDITED_USER)}`)
  add('Edit User (10 groups): `/msp user` → form (views.open)', 'Slack answer', userForm.ms)
  const groups = userGroups(ids)
  response = await submit(app, userForm.view, userValues(groups.slice(0, -1)))
  ack = ackOf(response, 'user preview')
  expectAction(ack, 'push', 'user preview')
  add('Edit User: remove 1 of 10 groups → preview', 'Slack ack', response.elapsedMs)
  response = await submit(app, ack.view ?? {}, {})
  expectAction(ackOf(response, 'user confirm'), 'clear', 'user confirm')
  add('Edit User: Confirm → applied', 'Slack ack', response.elapsedMs)
  await replies(app.fake, userForm.responseId, 1)
  const userAgain = await openForm(app, `user ${bigGroupUserEmail(EDITED_USER)}`)
  response = await submit(app, userAgain.view, userValues(groups))
  expectAction(ackOf(response, 'user re-add'), 'clear', 'user re-add')
  add('Edit User: add the group back → applied', 'Slack ack', response.elapsedMs)
  await replies(app.fake, userAgain.responseId, 1)

  // Lists and option loads.
  const list = await commandAnswer(app, `customers ${SEARCH}`)
  if (!JSON.stringify(list.body).includes(SEARCH))
    throw new Error(`/msp customers ${SEARCH}: ${JSON.stringify(list.body).slice(0, 300)}`)
  add(`\`/msp customers ${SEARCH}\` → list`, 'Slack answer', list.ms)
  const all = await commandAnswer(app, 'customers')
  add('`/msp customers` (no search: first 200 + count) → list', 'Slack answer', all.ms)
  for (const [name, actionId, blockId] of [
    ['customers', ACTION.pickCustomers, BLOCK.customers],
    ['MSP users', ACTION.pickUsers, BLOCK.users],
  ] as const) {
    const payload = blockSuggestion({
      userId: BENCH_SLACK_USER,
      actionId,
      blockId,
      value: SEARCH,
      view: viewPayload({
        id: 'VATSIZE',
        callbackId: CALLBACK.customerGroup,
        privateMetadata: encodeMetadata({ id: ids.bigGroupId, channel: TEST_CHANNEL_ID }),
      }),
    })
    response = await interaction(app.url, SIGNING_SECRET, payload)
    if (response.status !== 200 || !response.text.startsWith('{"options":[{'))
      throw new Error(`options ${name}: HTTP ${response.status} ${response.text.slice(0, 200)}`)
    add(`options load, ${name} select, "${SEARCH}"`, 'Slack ack', response.elapsedMs)
  }
  const users = await commandAnswer(app, `users ${USERS_CUSTOMER}`)
  if (!JSON.stringify(users.body).includes('@bench.example'))
    throw new Error(`/msp users: ${JSON.stringify(users.body).slice(0, 300)}`)
  add('`/msp users <customer>` → first page of 20', 'Slack answer', users.ms)
  const usersSearch = await commandAnswer(app, `users ${USERS_CUSTOMER} st12 sort:last`)
  add('`/msp users <customer> st12 sort:last` → page', 'Slack answer', usersSearch.ms)
  return figures
}

/** Every round's figures, as medians per step (rounds after the first, which warms up). */
function medians(rounds: Figure[][]): Figure[] {
  const [first] = rounds
  if (!first) return []
  return first.map((f, i) => ({
    ...f,
    ms: median(rounds.map((r) => r[i]?.ms ?? Number.NaN)),
    maxMs: Math.max(...rounds.map((r) => r[i]?.ms ?? Number.NaN)),
  }))
}

export interface AtSizeOptions {
  sizes: readonly number[]
  reps: number
  /** PostgreSQL: the database's URL, for the two-instance load run (none on PGlite). */
  serverUrl?: string
  load: TwoInstanceOptions
}

export async function benchAtSize(
  label: string,
  db: Database,
  options: AtSizeOptions,
): Promise<AtSizeResult> {
  const app = await startApp(db)
  const sizes: SizeRun[] = []
  try {
    for (const customers of options.sizes) {
      shapeFor(customers)
      process.stdout.write(`  ${label}, ${customers} customers: seeding …\n`)
      let counts: Record<string, number> = {}
      const seedMs = await timeAsync(async () => {
        counts = await seedAtSize(db.prisma, customers)
      })
      process.stdout.write(`    Slack figures (${options.reps} rounds after a warm-up) …\n`)
      const rounds: Figure[][] = []
      // warm-up: two rounds on the first size (the app has just started), one on the others
      const warmUp = sizes.length === 0 ? 2 : 1
      for (let r = 0; r < warmUp + options.reps; r++) {
        rounds.push(await round(app, fixtureIds(customers)))
        app.fake.reset()
      }
      const figures = medians(rounds.slice(warmUp))
      let load: TwoInstanceResult[] = []
      let loadProblems: string[] = []
      if (options.serverUrl) {
        process.stdout.write(`    two app instances at ${options.load.rate}/s …\n`)
        const run = await twoInstanceLoad(options.serverUrl, ['customers', 'options'], {
          ...options.load,
          groupId: fixtureIds(customers).bigGroupId,
        })
        load = run.results
        loadProblems = run.smokeProblems
        if (run.fake.violations.length > 0) loadProblems.push(...run.fake.violations)
      }
      // Last (the import gives the rows new ids): export the whole book, then import it back.
      process.stdout.write('    export and import of the whole book …\n')
      let json = ''
      const exportMs = await timeAsync(async () => {
        json = await serializeSnapshot(await exportSnapshot(db.prisma))
      })
      // A failed import (its transaction has a time limit) is reported with how long it ran, not thrown.
      let failed: string | undefined
      const importMs = await timeAsync(async () => {
        try {
          const result = await importSnapshot(db.prisma, JSON.parse(json))
          if (!result.ok) failed = snapshotIssueLines(result.problems).join('; ')
          else if (result.counts.customers !== counts.customers)
            failed = `wrote ${result.counts.customers} customers, not ${counts.customers}`
        } catch (error) {
          failed = error instanceof Error ? error.message : String(error)
        }
      })
      figures.push(
        { name: 'export the whole book (exportSnapshot + JSON)', how: 'service', ms: exportMs },
        { name: 'import it back (parse, validate, replace the book)', how: 'service', ms: importMs, failed },
      )
      sizes.push({
        customers,
        counts,
        seedMs,
        figures,
        exportBytes: Buffer.byteLength(json),
        load,
        loadProblems,
      })
    }
  } finally {
    await app.stop()
  }
  return { label, reps: options.reps, sizes }
}

/** One table for all databases: each figure at the small and the big size, and the ratio big/small. */
export function atSizeTable(results: AtSizeResult[]): string[][] {
  const rows: string[][] = []
  for (const r of results) {
    const [small, big] = r.sizes
    if (!small || !big) continue
    if (rows.length === 0)
      rows.push([
        'database',
        'operation',
        'how',
        `${small.customers} customers, ms`,
        `${big.customers} customers, ms`,
        `ratio (size ×${(big.customers / small.customers).toFixed(0)})`,
      ])
    small.figures.forEach((f, i) => {
      const b = big.figures[i]
      rows.push([
        i === 0 ? `${r.label}, median of ${r.reps}` : '',
        f.name,
        f.how,
        f.failed ? `FAILED after ${ms(f.ms)}` : ms(f.ms),
        b?.failed ? `FAILED after ${ms(b.ms)}` : ms(b?.ms ?? Number.NaN),
        f.failed || b?.failed ? 'n/a' : ratio(b?.ms ?? Number.NaN, f.ms),
      ])
    })
    small.load.forEach((l, i) => {
      const b = big.load[i]
      if (!b) return
      for (const [what, a, c] of [
        ['p50', l.p50, b.p50],
        ['p99', l.p99, b.p99],
      ] as const)
        rows.push([
          '',
          `2 instances, ${l.rate}/s in all: ${LOAD_LABEL[l.workload]}, ack ${what}`,
          'Slack ack',
          ms(a),
          ms(c),
          ratio(c, a),
        ])
    })
  }
  return rows
}

/** Under the table: the books, export size, the load runs' counts and problems. */
export function atSizeLines(results: AtSizeResult[], options: AtSizeOptions): string[] {
  const lines: string[] = []
  for (const r of results)
    for (const s of r.sizes) {
      lines.push(
        `${r.label}, ${s.customers} customers: book ${Object.entries(s.counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')}; seeded in ${ms(s.seedMs)} ms; export ${(s.exportBytes / 1e6).toFixed(1)} MB`,
      )
      for (const l of s.load)
        lines.push(
          `  2 instances × ${options.load.rate / 2}/s for ${options.load.durationS} s, ${l.workload}: ` +
            `${l.answered}/${l.expected} answered, ${l.non2xx} non-2xx, ${l.errors} errors, ${l.over3s} over 3 s, ` +
            `p50 ${ms(l.p50)} / p99 ${ms(l.p99)} / max ${ms(l.max)} ms, app CPU ${ms(l.cpuPerRequestMs)} ms/req`,
        )
      const acks = s.figures.filter((f) => f.how === 'Slack ack')
      const slowest = acks.reduce<Figure | undefined>(
        (a, f) => (a && (a.maxMs ?? a.ms) >= (f.maxMs ?? f.ms) ? a : f),
        undefined,
      )
      if (slowest)
        lines.push(
          `  every Slack ack under 3 s (all measured rounds): ${(slowest.maxMs ?? slowest.ms) < 3000 ? 'met' : 'NOT met'} ` +
            `(slowest: ${slowest.name}, ${ms(slowest.maxMs ?? slowest.ms)} ms)`,
        )
      for (const p of s.loadProblems) lines.push(`  PROBLEM: ${p}`)
      for (const f of s.figures)
        if (f.failed) lines.push(`  ${f.name}: FAILED after ${ms(f.ms)} ms: ${f.failed}`)
    }
  return lines
}

const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')

/**
 * `npm run bench` part 6: on PGlite, and on a fresh database of the PostgreSQL server at `postgresUrl` (with
 * the two-instance load runs), dropped after. BENCH_AT_SIZE_CUSTOMERS (default "500,10000": the small size,
 * then the big one), BENCH_AT_SIZE_REPS (default 3 rounds, after 2 warm-up rounds on the first size, 1 after).
 */
export async function atSizePart(postgresUrl?: string): Promise<void> {
  const sizes = (process.env.BENCH_AT_SIZE_CUSTOMERS ?? '500,10000').split(',').map((s) => Number(s.trim()))
  const options: AtSizeOptions = {
    sizes,
    reps: Number(process.env.BENCH_AT_SIZE_REPS ?? 3),
    load: { rate: 200, connections: 5, durationS: 10, warmupS: 2, search: SEARCH, groupId: 1 },
  }
  heading(
    `6. At size: ${sizes.join(' vs ')} customers (demo book, seed ${SEED}: 10 MSP users per customer), each figure with its ratio to the small book`,
  )
  const results: AtSizeResult[] = []
  const loads: string[] = [`machine load (1, 5, 15 min) at the start of part 6: ${loadAverage()}`]
  for (const url of postgresUrl ? [undefined, postgresUrl] : [undefined]) {
    const created = url ? await createServerDatabase(url) : undefined
    try {
      const db = await openDatabase({ url: created?.url ?? 'memory://' })
      try {
        results.push(
          await benchAtSize(created?.label ?? 'PGlite (memory)', db, { ...options, serverUrl: created?.url }),
        )
      } finally {
        await db.close()
      }
    } finally {
      await created?.drop()
    }
    loads.push(`machine load after ${results.at(-1)?.label ?? url}: ${loadAverage()}`)
  }
  console.log(table(atSizeTable(results)))
  for (const line of atSizeLines(results, options)) console.log(line)
  for (const line of loads) console.log(line)
}
