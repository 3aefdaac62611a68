// The hot reads use their indexes on a big book: a generated book (src/services/demo) of BOOK_CUSTOMERS
// customers, ten MSP users and ten customer users per customer, ANALYZEd; each hot service call is run
// through a Prisma client that logs every statement it sends, and each statement's EXPLAIN (FORMAT JSON)
// must hold no sequential scan of a big table and must use the index named. Runs on PGlite and, in the
// PostgreSQL pass, on the server (the same SQL, the two planners).
//
// The size, measured on PGlite: at 500 customers the planner still read Customer, GroupCustomer and
// AlertGroupMember whole for the lists and the plan slice (cheaper than an index on a few pages); at 1 000
// only AlertGroupMember in the plan slice; at 2 000 (20 000 MSP users and customer users, ~34 000
// associations) every statement below takes its index, on PGlite and on PostgreSQL.
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pgliteAdapterFactory } from '../../src/db/pglite-adapter.ts'
import { PrismaClient } from '../../src/generated/prisma/client.ts'
import type { StaffActor } from '../../src/services/actor.ts'
import { customerScope } from '../../src/services/actor.ts'
import { listCustomerUsers } from '../../src/services/customer-users/list-customer-users.ts'
import { loadDemoBook } from '../../src/services/demo/load-demo-book.ts'
import { editCustomerGroup } from '../../src/services/groups/edit-customer-group.ts'
import { listPortalUsers } from '../../src/services/portal/list-portal-users.ts'
import { customerPreferences, findCustomer, listCustomers } from '../../src/services/queries/customers.ts'
import { customerGroupDetail } from '../../src/services/queries/groups.ts'
import { mspUserDetail } from '../../src/services/queries/msp-users.ts'
import { searchCustomers, searchMspUsers } from '../../src/services/queries/options.ts'
import { findStaffBySlackId } from '../../src/services/staff/find-staff.ts'
import { editMspUser } from '../../src/services/users/edit-msp-user.ts'
import { openTestDatabase, type TestDatabase } from '../support/db.ts'

const BOOK_CUSTOMERS = 2000
/** A customer in the middle of the book (its id). */
const SOME_CUSTOMER = Math.round(BOOK_CUSTOMERS * 0.617)

/** Tables that grow with the book: a sequential scan of one of these is what this test forbids. */
const BIG_TABLES = new Set([
  'Customer',
  'MspUser',
  'Association',
  'GroupCustomer',
  'GroupMember',
  'DirectLink',
  'AlertGroup',
  'AlertGroupMember',
  'PortalUser',
  'CustomerUser',
])

interface Scan {
  node: string
  table?: string
  index?: string
}

interface Explained {
  sql: string
  scans: Scan[]
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] }

function scansOf(node: PlanNode, out: Scan[] = []): Scan[] {
  if (node['Relation Name'] || node['Index Name'])
    out.push({ node: node['Node Type'], table: node['Relation Name'], index: node['Index Name'] })
  for (const child of node.Plans ?? []) scansOf(child, out)
  return out
}

let db: TestDatabase
/** A second client on the same database whose statements are captured (Prisma's query events). */
let logged: PrismaClient<'query'>
let captured: Array<{ sql: string; params: unknown[] }> = []
let explain: (sql: string, params: unknown[]) => Promise<PlanNode>
let closeExplain = async () => {}
let admin: StaffActor
let technician: StaffActor

beforeAll(async () => {
  db = await openTestDatabase()
  await loadDemoBook(db.prisma, {
    customers: BOOK_CUSTOMERS,
    mspUsers: 10 * BOOK_CUSTOMERS,
    groups: BOOK_CUSTOMERS / 5,
    portalUsers: 2 * BOOK_CUSTOMERS,
    customerUsers: 10 * BOOK_CUSTOMERS,
    seed: 1,
  })
  const log = [{ emit: 'event' as const, level: 'query' as const }]
  if (db.driver.kind === 'embedded') {
    const pglite = db.driver.pglite
    logged = new PrismaClient({ adapter: pgliteAdapterFactory(pglite), log })
    explain = async (sql, params) => {
      const result = await pglite.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
        `EXPLAIN (FORMAT JSON) ${sql}`,
        params,
      )
      return planOf(result.rows[0]?.['QUERY PLAN'])
    }
  } else {
    logged = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.driver.url }), log })
    const client = new pg.Client({ connectionString: db.driver.url })
    await client.connect()
    explain = async (sql, params) => {
      const result = await client.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)
      return planOf(result.rows[0]?.['QUERY PLAN'])
    }
    closeExplain = () => client.end()
  }
  logged.$on('query', (e) => {
    captured.push({ sql: e.query, params: JSON.parse(e.params) as unknown[] })
  })
  admin = (await findStaffBySlackId(logged, 'UDEMO1')) as StaffActor
  const [tech] = await logged.$queryRaw<{ slackUserId: string }[]>`
    SELECT u."slackUserId" FROM "MspUser" u WHERE u.role = 'technician'
      AND (SELECT count(*) FROM "GroupMember" m WHERE m."mspUserId" = u.id) >= 2 ORDER BY u.id LIMIT 1`
  technician = (await findStaffBySlackId(logged, tech?.slackUserId ?? '')) as StaffActor
}, 600_000)

afterAll(async () => {
  await logged?.$disconnect()
  await closeExplain()
  await db?.close()
})

function planOf(rows: Array<{ Plan: PlanNode }> | string | undefined): PlanNode {
  const parsed = typeof rows === 'string' ? (JSON.parse(rows) as Array<{ Plan: PlanNode }>) : rows
  const plan = parsed?.[0]?.Plan
  if (!plan) throw new Error('EXPLAIN gave no plan')
  return plan
}

const TRANSACTION_CONTROL =
  /^\s*(--|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|SELECT pg_advisory_xact_lock)/i

/** Runs `work` on the logging client and EXPLAINs every statement it sent. */
async function statementsOf(work: (client: PrismaClient) => Promise<unknown>): Promise<Explained[]> {
  captured = []
  await work(logged)
  const sent = captured.filter((q) => !TRANSACTION_CONTROL.test(q.sql))
  captured = []
  const out: Explained[] = []
  for (const q of sent) {
    const plan = await explain(q.sql, q.params).catch((error: unknown) => {
      throw new Error(`EXPLAIN of ${q.sql} ${JSON.stringify(q.params)} failed: ${error}`)
    })
    out.push({ sql: q.sql, scans: scansOf(plan) })
  }
  return out
}

const seqScansOfBigTables = (statements: Explained[]) =>
  statements.flatMap((s) =>
    s.scans
      .filter((scan) => scan.node === 'Seq Scan' && scan.table && BIG_TABLES.has(scan.table))
      .map((scan) => `${scan.table} in: ${s.sql.replace(/\s+/g, ' ').slice(0, 160)}`),
  )

const indexesUsed = (statements: Explained[]) =>
  new Set(statements.flatMap((s) => s.scans.flatMap((scan) => (scan.index ? [scan.index] : []))))

/** No sequential scan of a big table, and each of `indexes` used (an array: any one of them). */
async function expectIndexed(
  work: (client: PrismaClient) => Promise<unknown>,
  indexes: Array<string | string[]>,
) {
  const statements = await statementsOf(work)
  expect(statements.length).toBeGreaterThan(0)
  expect(seqScansOfBigTables(statements)).toEqual([])
  const used = indexesUsed(statements)
  for (const index of indexes) {
    const anyOf = Array.isArray(index) ? index : [index]
    expect(
      anyOf.some((i) => used.has(i)),
      `${anyOf.join(' or ')} in ${[...used].join(', ')}`,
    ).toBe(true)
  }
}

async function someCustomer(client: PrismaClient) {
  return client.customer.findUniqueOrThrow({ where: { id: SOME_CUSTOMER }, select: { id: true, name: true } })
}

describe(`hot queries on a ${BOOK_CUSTOMERS}-customer book use their indexes`, () => {
  it('the book is as big as asked, and its statistics are fresh', async () => {
    expect(await db.prisma.customer.count()).toBe(BOOK_CUSTOMERS)
    expect(technician.role).toBe('technician')
    expect((await customerScope(logged, technician)) as Set<number>).not.toHaveLength(0)
  })

  it("/msp customers of a technician: the actor's associations by user, then customers by id", async () => {
    await expectIndexed((c) => listCustomers(c, technician), ['Association_pkey'])
  })

  it('customer options of a technician: the associations by user', async () => {
    await expectIndexed((c) => searchCustomers(c, technician, 'a'), ['Association_pkey'])
  })

  it("an actor's scope (association lookup per user)", async () => {
    await expectIndexed((c) => customerScope(c, technician), ['Association_pkey'])
  })

  it('a customer found by its exact name: the name key', async () => {
    const customer = await someCustomer(logged)
    await expectIndexed((c) => findCustomer(c, admin, customer.name.toUpperCase()), ['Customer_nameKey_key'])
  })

  it("a customer's preferences: its groups and direct users by customer", async () => {
    await expectIndexed(
      (c) => customerPreferences(c, SOME_CUSTOMER),
      ['Customer_pkey', 'GroupCustomer_customerId_idx', 'DirectLink_pkey'],
    )
  })

  it("an MSP user's groups (group membership by user)", async () => {
    await expectIndexed((c) => mspUserDetail(c, technician.mspUserId ?? 0), ['GroupMember_mspUserId_idx'])
  })

  it("a group's customers and users (group membership by group)", async () => {
    await expectIndexed((c) => customerGroupDetail(c, 7), ['GroupCustomer_pkey', 'GroupMember_pkey'])
  })

  it('MSP user options without a search: the first 100 by name', async () => {
    await expectIndexed((c) => searchMspUsers(c, ''), ['MspUser_name_idx'])
  })

  it("/msp portal: a customer's portal users by customer", async () => {
    await expectIndexed((c) => listPortalUsers(c, admin, SOME_CUSTOMER), ['PortalUser_customerId_email_key'])
  })

  it('/msp users: a page of a customer’s users by customer and sort key', async () => {
    const page = (sort: 'email' | 'last') => (c: PrismaClient) =>
      listCustomerUsers(c, admin, {
        customerId: SOME_CUSTOMER,
        sort,
        direction: 'asc',
        archived: false,
        page: 0,
      })
    await expectIndexed(page('last'), ['CustomerUser_customerId_archived_lastNameKey_id_idx'])
    await expectIndexed(page('email'), [
      ['CustomerUser_customerId_archived_email_idx', 'CustomerUser_customerId_email_key'],
    ])
  })

  it('Edit User preview: the plan slice by user, group and customer (dissociation)', async () => {
    const groups = await logged.groupMember.findMany({ where: { mspUserId: technician.mspUserId ?? 0 } })
    await expectIndexed(
      (c) =>
        editMspUser(c, admin, {
          userId: technician.mspUserId ?? 0,
          role: technician.role,
          groupIds: groups.slice(1).map((g) => g.groupId),
        }),
      ['GroupMember_mspUserId_idx', 'GroupCustomer_pkey'],
    )
  })

  it('Edit Customer Group preview: the plan slice by group and its customers', async () => {
    const group = await customerGroupDetail(logged, 7)
    await expectIndexed(
      (c) =>
        editCustomerGroup(c, admin, {
          groupId: 7,
          name: group.group.name,
          customerIds: group.customers.slice(1).map((x) => x.id),
          userIds: group.users.map((u) => u.id),
          isDefault: false,
        }),
      [
        'GroupCustomer_pkey',
        'GroupMember_pkey',
        'GroupCustomer_customerId_idx',
        'AlertGroup_customerId_nameKey_key',
      ],
    )
  })
})
