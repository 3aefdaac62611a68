// The PostgreSQL server path: same migrations, same client, and real concurrent transactions.
// CI starts a server (.ci/run) and sets POSTGRES_TEST_URL; elsewhere these tests skip, saying why.

import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, Prisma } from '../../src/db/client.ts'
import { executeStatement } from '../../src/db/direct-statements.ts'
import { migrate } from '../../src/db/migrate.ts'
import { confirmPendingPlan, storePendingPlan } from '../../src/services/associations/pending-plans.ts'
import { addCustomerGroup } from '../../src/services/groups/add-customer-group.ts'
import { editCustomerGroup } from '../../src/services/groups/edit-customer-group.ts'
import { openTestDatabase, type TestDatabase } from '../support/db.ts'
import { associationPairs, derivedPairs, seedWorld } from '../support/seed.ts'
import { until } from '../support/until.ts'

const serverUrl = process.env.POSTGRES_TEST_URL
if (!serverUrl) {
  if (process.env.CI)
    throw new Error('CI must set POSTGRES_TEST_URL (see .ci/run) to test the PostgreSQL path')
  console.log(
    'Skipping PostgreSQL server tests: POSTGRES_TEST_URL is not set (.ci/run starts a server and sets it).',
  )
}

describe.skipIf(!serverUrl)('on a PostgreSQL server', () => {
  let db: TestDatabase
  beforeAll(async () => {
    db = await openTestDatabase(serverUrl)
  })
  beforeEach(async () => {
    await db.truncate()
  })
  afterAll(async () => {
    await db?.close()
  })

  it('migrates once: a second run applies nothing', async () => {
    expect(db.kind).toBe('postgres')
    expect(await migrate(new PrismaPg({ connectionString: db.location }))).toEqual([])
    expect(await db.ping()).toBe(true)
  })

  it('the migration lock’s transaction is ended: what the app then writes is committed, seen elsewhere', async () => {
    // the lock is taken in a transaction on the pool the app's client shares: had it only been handed back
    // to the pool, the app's next statements (on that connection, the last one freed) ran inside it
    const opened = await openDatabase({ url: db.location })
    const elsewhere = new pg.Client({ connectionString: db.location })
    await elsewhere.connect()
    try {
      await executeStatement(
        opened.prisma,
        Prisma.sql`INSERT INTO "MspUser" ("name", "email") VALUES ('Priya', 'priya@msp.example')`,
      )
      // (no Prisma transaction in between: its COMMIT would have committed the stray one too)
      await executeStatement(opened.prisma, Prisma.sql`UPDATE "MspUser" SET "name" = 'Priya R.'`)
      const seen = await elsewhere.query('SELECT "name" FROM "MspUser"')
      expect(seen.rows).toEqual([{ name: 'Priya R.' }])
      const open = await elsewhere.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
      )
      expect(open.rows[0].n).toBe(0)
    } finally {
      await elsewhere.end()
      await opened.close()
    }
  })

  it('plays the DESIGN.md example and keeps the materialized associations exact', async () => {
    const w = await seedWorld(db.prisma, {
      users: [{ name: 'Priya', role: 'admin', slackUserId: 'U1' }, { name: 'Alex' }],
      customers: [{ name: 'Zylker' }],
      groups: [
        { name: 'Zoho', customers: ['Zylker'], users: ['Alex'] },
        { name: 'Site24x7', customers: [], users: [] },
      ],
    })
    const admin = w.actor('Priya')
    const input = {
      groupId: w.groupId('Zoho'),
      name: 'Zoho',
      customerIds: [],
      userIds: [w.userId('Alex')],
      isDefault: false,
    }
    const preview = await editCustomerGroup(db.prisma, admin, input)
    expect(preview.status).toBe('preview')
    if (preview.status !== 'preview') return
    expect(preview.view.removed.map((p) => `${p.user}→${p.customer}`)).toEqual(['Alex→Zylker'])
    const applied = await editCustomerGroup(db.prisma, admin, input, preview.hash)
    expect(applied.status).toBe('applied')
    expect(await associationPairs(db.prisma)).toEqual(await derivedPairs(db.prisma))
    expect(await associationPairs(db.prisma)).not.toContain('Alex→Zylker')
  })

  it('two Confirms of one preview racing on separate connections apply it exactly once', async () => {
    const w = await seedWorld(db.prisma, {
      users: [{ name: 'Priya', role: 'admin', slackUserId: 'U1' }, { name: 'Alex' }],
      customers: [{ name: 'Zylker' }, { name: 'Acme' }],
      groups: [{ name: 'Zoho', customers: ['Zylker', 'Acme'], users: ['Alex'] }],
    })
    const admin = w.actor('Priya')
    const input = {
      groupId: w.groupId('Zoho'),
      name: 'Zoho',
      customerIds: [w.customerId('Acme')],
      userIds: [w.userId('Alex')],
      isDefault: false,
    }
    const preview = await editCustomerGroup(db.prisma, admin, input)
    if (preview.status !== 'preview') throw new Error(`expected a preview, got ${preview.status}`)
    const pendingId = await storePendingPlan(
      db.prisma,
      admin,
      { form: 'customer-group', input },
      preview.hash,
    )
    const second = await openDatabase({ url: db.location, migrate: false })
    try {
      const results = await Promise.all([
        confirmPendingPlan(db.prisma, admin, pendingId),
        confirmPendingPlan(second.prisma, admin, pendingId),
      ])
      expect(results.map((r) => r.status).sort()).toEqual(['already', 'applied'])
      const audit = await db.prisma.auditLog.count({ where: { action: 'group.edit' } })
      expect(audit).toBe(1)
    } finally {
      await second.close()
    }
  })

  it('a Confirm that waited on the other click\'s claim answers with what that click left, not "pending"', async () => {
    const w = await seedWorld(db.prisma, {
      users: [{ name: 'Priya', role: 'admin', slackUserId: 'U1' }, { name: 'Alex' }],
      customers: [{ name: 'Zylker' }],
      groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex'] }],
    })
    const admin = w.actor('Priya')
    const input = { groupId: w.groupId('Zoho'), name: 'Zoho', customerIds: [], userIds: [], isDefault: false }
    const preview = await editCustomerGroup(db.prisma, admin, input)
    if (preview.status !== 'preview') throw new Error(`expected a preview, got ${preview.status}`)
    const pendingId = await storePendingPlan(
      db.prisma,
      admin,
      { form: 'customer-group', input },
      preview.hash,
    )
    // The other click's claim, held uncommitted until this Confirm has read the row and waits on it.
    const other = await openDatabase({ url: db.location, migrate: false })
    try {
      let commit = () => {}
      const held = new Promise<void>((resolve) => {
        commit = resolve
      })
      let claimed = false
      const otherClick = other.prisma.$transaction(
        async (tx) => {
          await tx.pendingPlan.updateMany({
            where: { id: pendingId, status: 'pending' },
            data: { status: 'applied' },
          })
          claimed = true
          await held
        },
        { timeout: 60_000 },
      )
      await until(() => claimed)
      const confirm = confirmPendingPlan(db.prisma, admin, pendingId)
      await until(async () => {
        const waiting = await other.prisma.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`
        return (waiting[0]?.n ?? 0) > 0
      })
      commit()
      await otherClick
      expect(await confirm).toEqual({ status: 'already', previous: 'applied' })
    } finally {
      await other.close()
    }
  })

  it('two adds of one group name racing: one group, one clear name error', async () => {
    const w = await seedWorld(db.prisma, { users: [{ name: 'Priya', role: 'admin', slackUserId: 'U1' }] })
    const admin = w.actor('Priya')
    const add = (name: string) =>
      addCustomerGroup(db.prisma, admin, { name, customerIds: [], userIds: [], isDefault: false })
    const results = await Promise.all([add('Night'), add('night')])
    expect(results.map((r) => r.status).sort()).toEqual(['applied', 'invalid'])
    expect(await db.prisma.customerGroup.count()).toBe(1)
  })
})
