// Part 4: the `/msp users` page for a customer with 10 000 users. listCustomerUsers (the page, its count,
// the pool and the customer: what the Slack list reads) for each sort, page 0 and a middle page, with and
// without a search, against one raw `SELECT … ORDER BY … LIMIT 20 OFFSET …` of the same page in the same
// run; and the same read plus building the list message's blocks (src/slack/blocks/customer-users-list.ts).
import type { PrismaClient } from '../src/db/client.ts'
import { Prisma } from '../src/db/client.ts'
import type { CustomerUserSort, SortDirection } from '../src/domain/customer-users.ts'
import type { StaffActor } from '../src/services/actor.ts'
import { listCustomerUsers } from '../src/services/customer-users/list-customer-users.ts'
import { customerUserListReply } from '../src/slack/blocks/customer-users-list.ts'
import { median, ms, ratio, timeAsync } from './stats.ts'

export const LIST_USERS = 10_000
const CUSTOMER_ID = 1
const PAGE_SIZE = 20

const ACTOR: StaffActor = { slackUserId: 'U0BENCHADMIN', name: 'Bench Admin', mspUserId: null, role: 'admin' }

interface Case {
  sort: CustomerUserSort
  direction: SortDirection
  page: number
  search?: string
}

export interface ListResult {
  label: string
  reps: number
  rows: Array<{ name: string; matched: number; baselineMs: number; listMs: number; blocksMs: number }>
}

/** One customer with LIST_USERS users (every 20th archived, names varied so each sort differs). */
async function seed(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe('TRUNCATE "CustomerUser", "Customer", "AuditLog" RESTART IDENTITY CASCADE')
  await prisma.$executeRaw`INSERT INTO "Customer" ("id", "name", "nameKey", "subscriptionsPurchased")
    VALUES (${CUSTOMER_ID}, 'Bench Co', 'bench co', 5000)`
  await prisma.$executeRaw`
    INSERT INTO "CustomerUser" ("customerId", "email", "firstName", "lastName", "firstNameKey", "lastNameKey",
      "source", "archived", "subscriptionExpiresAt")
    SELECT ${CUSTOMER_ID}, 'user' || lpad(n::text, 5, '0') || '@bench.example',
      'First' || ((n * 7919) % 10007), 'Last' || ((n * 104729) % 10009),
      'first' || ((n * 7919) % 10007), 'last' || ((n * 104729) % 10009),
      'csv', n % 20 = 0, CASE WHEN n % 3 = 0 THEN now() + interval '1 year' END
    FROM generate_series(1, ${LIST_USERS}) AS n`
  await prisma.$executeRawUnsafe('ANALYZE "CustomerUser"')
}

const COLUMN = { email: '"email"', first: '"firstNameKey"', last: '"lastNameKey"' } as const

/** The baseline: the same page in one raw statement, nothing else (no count, no pool, no customer). */
function rawPage(prisma: PrismaClient, c: Case) {
  const pattern = c.search ? `%${c.search.toLowerCase()}%` : null
  const matching =
    pattern === null
      ? Prisma.empty
      : Prisma.sql` AND ("email" LIKE ${pattern} OR "firstNameKey" LIKE ${pattern} OR "lastNameKey" LIKE ${pattern})`
  const order = Prisma.raw(
    `${COLUMN[c.sort]} ${c.direction.toUpperCase()}, "id" ${c.direction.toUpperCase()}`,
  )
  return prisma.$queryRaw<unknown[]>`
    SELECT "id", "email", "firstName", "lastName", "source", "agentStatus", "subscriptionExpiresAt", "archived"
    FROM "CustomerUser" WHERE "customerId" = ${CUSTOMER_ID} AND "archived" = false${matching}
    ORDER BY ${order} LIMIT ${PAGE_SIZE} OFFSET ${c.page * PAGE_SIZE}`
}

const query = (c: Case) => ({
  customerId: CUSTOMER_ID,
  search: c.search,
  sort: c.sort,
  direction: c.direction,
  archived: false,
  page: c.page,
})

async function listAndBlocks(prisma: PrismaClient, c: Case) {
  const now = new Date()
  const list = await listCustomerUsers(prisma, ACTOR, query(c), now)
  return customerUserListReply(
    list,
    { ...query(c), search: c.search ?? '' },
    { canManage: true, canApply: true, now },
  )
}

const CASES: Case[] = (['email', 'first', 'last'] as const).flatMap((sort) => [
  { sort, direction: 'asc' as const, page: 0 },
  { sort, direction: 'desc' as const, page: 237 },
  { sort, direction: 'asc' as const, page: 0, search: 'st12' },
  { sort, direction: 'asc' as const, page: 20, search: '1' },
])

export async function benchCustomerUserList(
  label: string,
  prisma: PrismaClient,
  reps: number,
): Promise<ListResult> {
  await seed(prisma)
  const rows: ListResult['rows'] = []
  for (const c of CASES) {
    const first = await listCustomerUsers(prisma, ACTOR, query(c))
    if (first.page !== c.page || first.users.length !== PAGE_SIZE)
      throw new Error(
        `bench case ${JSON.stringify(c)} read page ${first.page} with ${first.users.length} users`,
      )
    await rawPage(prisma, c) // warm-up
    await listAndBlocks(prisma, c)
    const baseline: number[] = []
    const list: number[] = []
    const blocks: number[] = []
    for (let i = 0; i < reps; i++) {
      baseline.push(await timeAsync(() => rawPage(prisma, c)))
      list.push(await timeAsync(() => listCustomerUsers(prisma, ACTOR, query(c))))
      blocks.push(await timeAsync(() => listAndBlocks(prisma, c)))
    }
    rows.push({
      name: `${c.sort} ${c.direction}, page ${c.page}${c.search ? `, search "${c.search}"` : ''}`,
      matched: first.total,
      baselineMs: median(baseline),
      listMs: median(list),
      blocksMs: median(blocks),
    })
  }
  return { label, reps, rows }
}

export function customerUserListTable(results: ListResult[]): string[][] {
  const table: string[][] = [
    [
      'database',
      'page (of 20 users)',
      'users matched',
      'baseline: raw SELECT page, ms',
      'listCustomerUsers, ms',
      'ratio',
      '+ list blocks, ms',
      'ratio',
    ],
  ]
  for (const r of results)
    for (const [i, row] of r.rows.entries())
      table.push([
        i === 0 ? `${r.label}, median of ${r.reps}` : '',
        row.name,
        String(row.matched),
        ms(row.baselineMs),
        ms(row.listMs),
        ratio(row.listMs, row.baselineMs),
        ms(row.blocksMs),
        ratio(row.blocksMs, row.baselineMs),
      ])
  return table
}
