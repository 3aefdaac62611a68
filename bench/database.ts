// Part 2: applying the "remove all 20 customers from G" edit on a real database, through the service
// path and through applyPlan alone, against a hand-written set-wise DELETE of the same rows.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { type Database, openDatabase, type PrismaClient } from '../src/db/client.ts'
import { type Pair, planEdit } from '../src/domain/plan.ts'
import type { StaffActor } from '../src/services/actor.ts'
import { applyPlan } from '../src/services/associations/apply-plan.ts'
import { loadPlanInput } from '../src/services/associations/load-plan-input.ts'
import { editCustomerGroup } from '../src/services/groups/edit-customer-group.ts'
import { median, ms, ratio, timeAsync } from './stats.ts'
import { ADMIN_ID, fullInput, G, G_USERS, type World } from './world.ts'

export const ADMIN: StaffActor = {
  slackUserId: 'U0BENCHADMIN',
  name: 'Bench Admin',
  mspUserId: ADMIN_ID,
  role: 'admin',
}

const SEEDED_TABLES = [
  'AuditLog',
  'PendingPlan',
  'IdempotencyKey',
  'AlertGroupMember',
  'AlertGroup',
  'Association',
  'DirectLink',
  'GroupMember',
  'GroupCustomer',
  'CustomerGroup',
  'Customer',
  'MspUser',
  'Setting',
]

const columnsOf = (pairs: ReadonlyArray<readonly [number, number]>) =>
  [pairs.map((p) => p[0]), pairs.map((p) => p[1])] as const

/** Empties the book and writes the world with set-wise inserts; then ANALYZE, as a live database would have. */
export async function seedWorld(prisma: PrismaClient, world: World): Promise<void> {
  await prisma.$executeRawUnsafe(
    `TRUNCATE ${SEEDED_TABLES.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`,
  )
  const userIds = world.userIds
  await prisma.$executeRaw`INSERT INTO "Setting" ("id") VALUES (1)`
  await prisma.$executeRaw`
    INSERT INTO "MspUser" ("id", "name", "email", "role", "slackUserId")
    SELECT id, 'User ' || id, 'user' || id || '@msp.example',
           (CASE WHEN id = ${ADMIN_ID} THEN 'admin' ELSE 'technician' END)::"StaffRole",
           CASE WHEN id = ${ADMIN_ID} THEN ${ADMIN.slackUserId} ELSE NULL END
    FROM unnest(${userIds}::int[]) AS id`
  const contacts = world.customerIds.map((c) => world.accountContacts.get(c) ?? 0)
  await prisma.$executeRaw`
    INSERT INTO "Customer" ("id", "name", "nameKey", "accountContactId")
    SELECT id, 'Customer ' || id, 'customer ' || id, NULLIF(contact, 0)
    FROM unnest(${world.customerIds}::int[], ${contacts}::int[]) AS t(id, contact)`
  await prisma.$executeRaw`
    INSERT INTO "CustomerGroup" ("id", "name", "nameKey")
    SELECT id, CASE WHEN id = ${G} THEN 'G' ELSE 'Group ' || id END,
           CASE WHEN id = ${G} THEN 'g' ELSE 'group ' || id END
    FROM unnest(${world.groupIds}::int[]) AS id`
  const gc = columnsOf(world.memberships.groupCustomers)
  await prisma.$executeRaw`
    INSERT INTO "GroupCustomer" ("groupId", "customerId") SELECT * FROM unnest(${gc[0]}::int[], ${gc[1]}::int[])`
  const gu = columnsOf(world.memberships.groupUsers)
  await prisma.$executeRaw`
    INSERT INTO "GroupMember" ("groupId", "mspUserId") SELECT * FROM unnest(${gu[0]}::int[], ${gu[1]}::int[])`
  const dl = columnsOf(world.memberships.directLinks)
  await prisma.$executeRaw`
    INSERT INTO "DirectLink" ("mspUserId", "customerId") SELECT * FROM unnest(${dl[0]}::int[], ${dl[1]}::int[])`
  const as = columnsOf(world.associations)
  await prisma.$executeRaw`
    INSERT INTO "Association" ("mspUserId", "customerId") SELECT * FROM unnest(${as[0]}::int[], ${as[1]}::int[])`
  const alert = world.alertGroups
  await prisma.$executeRaw`
    INSERT INTO "AlertGroup" ("id", "customerId", "name", "nameKey")
    SELECT * FROM unnest(${alert.map((a) => a.id)}::int[], ${alert.map((a) => a.customerId)}::int[],
                         ${alert.map((a) => a.name)}::text[], ${alert.map((a) => a.name.toLowerCase())}::text[])`
  const members = alert.flatMap((a) => a.members.map((u) => [a.id, u] as const))
  const am = columnsOf(members)
  await prisma.$executeRaw`
    INSERT INTO "AlertGroupMember" ("alertGroupId", "mspUserId") SELECT * FROM unnest(${am[0]}::int[], ${am[1]}::int[])`
  for (const table of ['MspUser', 'Customer', 'CustomerGroup', 'AlertGroup'])
    await prisma.$executeRawUnsafe(
      `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT max("id") FROM "${table}"))`,
    )
  await prisma.$executeRawUnsafe('ANALYZE')
}

async function counts(prisma: PrismaClient) {
  const [associations, gCustomers] = await Promise.all([
    prisma.association.count(),
    prisma.groupCustomer.count({ where: { groupId: G } }),
  ])
  return { associations, gCustomers }
}

const SERVICE_INPUT = {
  groupId: G,
  name: 'G',
  customerIds: [],
  userIds: Array.from({ length: G_USERS }, (_, i) => i + 1),
  isDefault: false,
}

type Variant = 'service' | 'applyPlan' | 'baseline'

interface Sample {
  variant: Variant
  /** Main figure: the whole transaction (for the service, the Confirm call). */
  ms: number
  /** The service's first call (preview), when measured. */
  previewMs?: number
}

/** The baseline: a raw set-wise DELETE of the same association rows plus G's customers, in a transaction. */
function baselineDelete(prisma: PrismaClient, removed: readonly Pair[]) {
  const values = removed.map((p) => `(${Math.trunc(p.userId)},${Math.trunc(p.customerId)})`).join(',')
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(
      `DELETE FROM "Association" WHERE ("mspUserId","customerId") IN (VALUES ${values})`,
    )
    await tx.$executeRaw`DELETE FROM "GroupCustomer" WHERE "groupId" = ${G}`
  })
}

async function runVariant(
  prisma: PrismaClient,
  variant: Variant,
  removed: readonly Pair[],
  world: World,
): Promise<Sample> {
  await seedWorld(prisma, world)
  const before = await counts(prisma)
  let sample: Sample
  if (variant === 'service') {
    let hash = ''
    const previewMs = await timeAsync(async () => {
      const preview = await editCustomerGroup(prisma, ADMIN, SERVICE_INPUT)
      if (preview.status !== 'preview') throw new Error(`expected a preview, got ${preview.status}`)
      hash = preview.hash
    })
    const confirmMs = await timeAsync(async () => {
      const applied = await editCustomerGroup(prisma, ADMIN, SERVICE_INPUT, hash)
      if (applied.status !== 'applied') throw new Error(`expected applied, got ${applied.status}`)
    })
    sample = { variant, ms: confirmMs, previewMs }
  } else if (variant === 'applyPlan') {
    const plan = planEdit(await loadPlanInput(prisma, world.edit))
    sample = { variant, ms: await timeAsync(() => prisma.$transaction((tx) => applyPlan(tx, plan))) }
  } else {
    sample = { variant, ms: await timeAsync(() => baselineDelete(prisma, removed)) }
  }
  const after = await counts(prisma)
  if (before.associations - after.associations !== removed.length || after.gCustomers !== 0)
    throw new Error(
      `${variant}: removed ${before.associations - after.associations} associations (expected ${removed.length}), G keeps ${after.gCustomers} customers`,
    )
  return sample
}

export interface DatabaseResult {
  label: string
  reps: number
  seedMs: number
  removed: number
  baselineMs: number
  applyPlanMs: number
  confirmMs: number
  previewMs: number
}

export async function benchDatabase(label: string, prisma: PrismaClient, world: World, reps: number) {
  const removed = planEdit(fullInput(world)).removed
  const seedMs = await timeAsync(() => seedWorld(prisma, world))
  const variants: Variant[] = ['baseline', 'applyPlan', 'service']
  // one untimed round to warm up the query paths
  for (const v of variants) await runVariant(prisma, v, removed, world)
  const samples: Sample[] = []
  for (let r = 0; r < reps; r++) {
    const order = [...variants.slice(r % 3), ...variants.slice(0, r % 3)]
    for (const v of order) samples.push(await runVariant(prisma, v, removed, world))
  }
  const of = (v: Variant) => samples.filter((s) => s.variant === v)
  return {
    label,
    reps,
    seedMs,
    removed: removed.length,
    baselineMs: median(of('baseline').map((s) => s.ms)),
    applyPlanMs: median(of('applyPlan').map((s) => s.ms)),
    confirmMs: median(of('service').map((s) => s.ms)),
    previewMs: median(of('service').map((s) => s.previewMs ?? Number.NaN)),
  } satisfies DatabaseResult
}

/** A fresh, empty database `msp_bench_<uuid>` on a Postgres server: its URL, a label and how to drop it. */
export async function createServerDatabase(
  serverUrl: string,
): Promise<{ url: string; name: string; label: string; drop: () => Promise<void> }> {
  const name = `msp_bench_${randomUUID().replace(/-/g, '')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE "${name}"`)
  } finally {
    await admin.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    label: `PostgreSQL (${url.host})`,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl })
      await client.connect()
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      } finally {
        await client.end()
      }
    },
  }
}

/** An empty database for the bench: in-memory PGlite, or a fresh database created on a Postgres server. */
export async function openBenchDatabase(
  serverUrl?: string,
): Promise<{ db: Database; label: string; drop: () => Promise<void> }> {
  if (!serverUrl)
    return { db: await openDatabase({ url: 'memory://' }), label: 'PGlite (memory)', drop: async () => {} }
  const created = await createServerDatabase(serverUrl)
  try {
    return { db: await openDatabase({ url: created.url }), label: created.label, drop: created.drop }
  } catch (error) {
    await created.drop()
    throw error
  }
}

export function databaseTable(results: DatabaseResult[]): string[][] {
  const rows: string[][] = [
    ['database', 'step (median of reps, whole transaction)', 'ms', 'ratio vs baseline'],
  ]
  for (const r of results) {
    const name = `${r.label}, ${r.reps} reps`
    rows.push(
      [
        name,
        `baseline: raw DELETE ${r.removed} Association rows + G's GroupCustomer`,
        ms(r.baselineMs),
        '1.00×',
      ],
      ['', 'applyPlan alone, in $transaction', ms(r.applyPlanMs), ratio(r.applyPlanMs, r.baselineMs)],
      [
        '',
        'editCustomerGroup with hash (Confirm → applied)',
        ms(r.confirmMs),
        ratio(r.confirmMs, r.baselineMs),
      ],
      ['', 'editCustomerGroup without hash (→ preview)', ms(r.previewMs), ratio(r.previewMs, r.baselineMs)],
    )
  }
  return rows
}
