// Part 6's book: the demo book (src/services/demo, `loadDemoBook`, deterministic by seed) at N customers, with
// the same shape at every size, plus the bench's own fixtures written set-wise on top (through Prisma, in
// fixed ids past the demo's), so every figure at 10 000 customers has its counterpart at 500:
//   - the demo book: N customers, 10·N MSP users, N/5 groups, N portal users, 5·N customer users (seed 14);
//     its user 1 (an admin) is the bench's Slack user;
//   - the big group "Big group" holding customers 1–20, with 10 new users (technicians g0…g9@msp.example)
//     who together reach every customer (user k is directly linked to every customer c with c mod 10 = k)
//     and are each in 9 of the demo's groups as well (10 groups each: the default limit);
//   - the customer "Bench Users Co" with N customer users (every 20th archived, every 3rd subscribed, names
//     scrambled so the sorts differ): the `/msp users` page, as part 4's;
//   - their associations (group member × group customer ∪ direct links), derived in SQL as the demo does.
import type { PrismaClient } from '../src/db/client.ts'
import { loadDemoBook } from '../src/services/demo/load-demo-book.ts'
import { BENCH_SLACK_USER } from './ipc.ts'

export const ADMIN_ID = 1
export const BIG_GROUP = 'Big group'
export const BIG_GROUP_CUSTOMERS = 20
export const BIG_GROUP_USERS = 10
export const EXTRA_GROUPS_PER_BIG_USER = 9
export const bigGroupUserEmail = (k: number) => `g${k}@msp.example`
export const USERS_CUSTOMER = 'Bench Users Co'
export const MSP_USERS_PER_CUSTOMER = 10
export const SEED = 14

export interface BookShape {
  customers: number
  mspUsers: number
  groups: number
  portalUsers: number
  customerUsers: number
}

export function shapeFor(customers: number): BookShape {
  if (customers % 5 !== 0 || customers < 500)
    throw new Error('the at-size book needs a multiple of 5, at least 500 customers')
  return {
    customers,
    mspUsers: MSP_USERS_PER_CUSTOMER * customers,
    groups: customers / 5,
    portalUsers: customers,
    customerUsers: 5 * customers,
  }
}

/** The ids the bench's fixtures take, past the demo book's. */
export function fixtureIds(customers: number) {
  const shape = shapeFor(customers)
  return {
    bigGroupId: shape.groups + 1,
    /** Big-group user k is `firstBigUserId + k`. */
    firstBigUserId: shape.mspUsers + 1,
    /** Demo group holding big-group user k's j-th extra group. */
    extraGroupId: (k: number, j: number) => 2 + k * EXTRA_GROUPS_PER_BIG_USER + j,
    usersCustomerId: customers + 1,
  }
}

/** Replaces the book with the demo book at `customers` plus the bench's fixtures; returns row counts. */
export async function seedAtSize(prisma: PrismaClient, customers: number): Promise<Record<string, number>> {
  const shape = shapeFor(customers)
  const ids = fixtureIds(customers)
  const n = customers
  await prisma.$executeRawUnsafe('TRUNCATE "AuditLog" RESTART IDENTITY')
  await loadDemoBook(prisma, { ...shape, seed: SEED, replace: true })
  await prisma.$executeRaw`UPDATE "MspUser" SET "slackUserId" = ${BENCH_SLACK_USER} WHERE id = ${ADMIN_ID}`
  const firstBig = ids.firstBigUserId
  await prisma.$executeRaw`
    INSERT INTO "MspUser" ("id", "name", "email", "role")
    SELECT ${firstBig}::int + k, 'Big Group User ' || k, 'g' || k || '@msp.example', 'technician'
    FROM generate_series(0, ${BIG_GROUP_USERS - 1}::int) AS k`
  await prisma.$executeRaw`
    INSERT INTO "CustomerGroup" ("id", "name", "nameKey") VALUES (${ids.bigGroupId}, ${BIG_GROUP}, ${BIG_GROUP.toLowerCase()})`
  await prisma.$executeRaw`
    INSERT INTO "GroupCustomer" ("groupId", "customerId")
    SELECT ${ids.bigGroupId}::int, c FROM generate_series(1, ${BIG_GROUP_CUSTOMERS}::int) AS c`
  await prisma.$executeRaw`
    INSERT INTO "GroupMember" ("groupId", "mspUserId")
    SELECT ${ids.bigGroupId}::int, ${firstBig}::int + k FROM generate_series(0, ${BIG_GROUP_USERS - 1}::int) AS k
    UNION ALL SELECT 2 + k * ${EXTRA_GROUPS_PER_BIG_USER}::int + j, ${firstBig}::int + k
      FROM generate_series(0, ${BIG_GROUP_USERS - 1}::int) AS k,
        generate_series(0, ${EXTRA_GROUPS_PER_BIG_USER - 1}::int) AS j`
  await prisma.$executeRaw`
    INSERT INTO "DirectLink" ("customerId", "mspUserId")
    SELECT c, ${firstBig}::int + c % 10 FROM generate_series(1, ${n}::int) AS c`
  await prisma.$executeRaw`
    INSERT INTO "Association" ("mspUserId", "customerId")
    SELECT gm."mspUserId", gc."customerId" FROM "GroupMember" gm JOIN "GroupCustomer" gc USING ("groupId")
      WHERE gm."mspUserId" >= ${firstBig}::int
    UNION SELECT "mspUserId", "customerId" FROM "DirectLink" WHERE "mspUserId" >= ${firstBig}::int
    ON CONFLICT DO NOTHING`
  await prisma.$executeRaw`
    INSERT INTO "Customer" ("id", "name", "nameKey", "subscriptionsPurchased")
    VALUES (${ids.usersCustomerId}, ${USERS_CUSTOMER}, ${USERS_CUSTOMER.toLowerCase()}, ${n})`
  await prisma.$executeRaw`
    INSERT INTO "CustomerUser" ("customerId", "email", "firstName", "lastName", "firstNameKey", "lastNameKey",
      "source", "archived", "subscriptionExpiresAt")
    SELECT ${ids.usersCustomerId}::int, 'user' || lpad(n::text, 6, '0') || '@bench.example',
      'First' || ((n * 7919) % 10007), 'Last' || ((n * 104729) % 10009),
      'first' || ((n * 7919) % 10007), 'last' || ((n * 104729) % 10009),
      'csv', n % 20 = 0, CASE WHEN n % 3 = 0 THEN now() + interval '1 year' END
    FROM generate_series(1, ${n}::int) AS n`
  for (const table of ['MspUser', 'Customer', 'CustomerGroup', 'CustomerUser'])
    await prisma.$executeRawUnsafe(
      `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT max("id") FROM "${table}"))`,
    )
  await prisma.$executeRawUnsafe(
    'ANALYZE "MspUser", "Customer", "CustomerGroup", "GroupCustomer", "GroupMember", "DirectLink", "Association", "CustomerUser"',
  )
  const [counts] = await prisma.$queryRaw<Array<Record<string, number>>>`
    SELECT (SELECT count(*)::int FROM "Customer") AS customers,
      (SELECT count(*)::int FROM "MspUser") AS "mspUsers",
      (SELECT count(*)::int FROM "CustomerGroup") AS groups,
      (SELECT count(*)::int FROM "GroupMember") AS "groupMembers",
      (SELECT count(*)::int FROM "DirectLink") AS "directLinks",
      (SELECT count(*)::int FROM "Association") AS associations,
      (SELECT count(*)::int FROM "AlertGroup") AS "alertGroups",
      (SELECT count(*)::int FROM "PortalUser") AS "portalUsers",
      (SELECT count(*)::int FROM "CustomerUser") AS "customerUsers"`
  if (!counts) throw new Error('could not count the seeded book')
  return counts
}
