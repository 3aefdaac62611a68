// Part 6's book, written set-wise (generate_series, one INSERT … SELECT per table) with fixed ids, at any
// number of customers N with the same shape, so every figure at 10 000 customers has its counterpart at 500:
//   - N customers ("Customer 000001" …), a quarter in the EU data center, each with an Account Contact and an
//     alert group "Ops" holding that contact, and one portal user;
//   - 10·N MSP users: the admin who acts (the bench's Slack user), the 10 users of the big group, N users who
//     are the members of the small groups (5 each), and 9·N − 11 more staff (viewers) in no group;
//   - N/5 small groups of 5 customers each (every customer in one), and the big group holding customers 1–20
//     with 10 users who also reach every customer (user k is directly linked to every customer c with
//     c mod 10 = k) and are each in 9 small groups (10 groups each, the default limit);
//   - N customer users of customer 1 (every 20th archived, every 3rd with a subscription), as part 4's;
//   - the Association table derived from the memberships in SQL (group member × group customer ∪ direct).
import type { PrismaClient } from '../src/db/client.ts'
import { BENCH_SLACK_USER } from './ipc.ts'

export const ADMIN_ID = 1
export const ADMIN_EMAIL = 'admin@msp.example'
/** The big group: customers 1–20, users 2–11, whose users together reach all N customers. */
export const BIG_GROUP_ID = 1
export const BIG_GROUP = 'Big group'
export const BIG_GROUP_CUSTOMERS = 20
export const BIG_GROUP_USERS = 10
/** The first of the big group's users (a technician in 10 groups): the Edit User figures edit user 3. */
export const bigGroupUserId = (k: number) => 2 + k
export const bigGroupUserEmail = (k: number) => `g${k}@msp.example`
/** Small groups hold 5 customers and 5 users each; the big group's users are in 9 of them each. */
export const SMALL_GROUP_SIZE = 5
export const EXTRA_GROUPS_PER_BIG_USER = 9
export const MSP_USERS_PER_CUSTOMER = 10
/** Customer 1 holds all the customer users (the `/msp users` page). */
export const USERS_CUSTOMER_ID = 1

export const customerName = (id: number) => `Customer ${String(id).padStart(6, '0')}`
export const smallGroupId = (index: number) => 2 + index

export interface BookShape {
  customers: number
  mspUsers: number
  groups: number
  portalUsers: number
  customerUsers: number
}

export function shapeFor(customers: number): BookShape {
  if (customers % SMALL_GROUP_SIZE !== 0 || customers < 500)
    throw new Error('the at-size book needs a multiple of 5, at least 500 customers')
  return {
    customers,
    mspUsers: MSP_USERS_PER_CUSTOMER * customers,
    groups: customers / SMALL_GROUP_SIZE + 1,
    portalUsers: customers,
    customerUsers: customers,
  }
}

const BOOK_TABLES = [
  'AuditLog',
  'PendingPlan',
  'IdempotencyKey',
  'PortalInvitation',
  'PortalUser',
  'CustomerUser',
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

/** Empties the book and writes it at `customers` customers; returns the row counts it wrote. */
export async function seedAtSize(prisma: PrismaClient, customers: number): Promise<Record<string, number>> {
  const n = customers
  const smallGroups = n / SMALL_GROUP_SIZE
  const users = MSP_USERS_PER_CUSTOMER * n
  const firstMember = BIG_GROUP_USERS + 2 // small-group members are ids 12 … 11 + N
  await prisma.$executeRawUnsafe(
    `TRUNCATE ${BOOK_TABLES.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`,
  )
  await prisma.$executeRaw`INSERT INTO "Setting" ("id") VALUES (1)`
  await prisma.$executeRaw`
    INSERT INTO "MspUser" ("id", "name", "email", "role", "slackUserId")
    SELECT u,
      CASE WHEN u = 1 THEN 'Bench Admin'
           WHEN u <= 11 THEN 'Big Group User ' || (u - 2)
           ELSE 'Staff' || ((u * 7919) % 100003) || ' Member' || u END,
      CASE WHEN u = 1 THEN ${ADMIN_EMAIL}
           WHEN u <= 11 THEN 'g' || (u - 2) || '@msp.example'
           ELSE 'staff' || u || '@msp.example' END,
      (CASE WHEN u = 1 THEN 'admin' WHEN u < ${firstMember + n}::int THEN 'technician' ELSE 'viewer' END)::"StaffRole",
      CASE WHEN u = 1 THEN ${BENCH_SLACK_USER} END
    FROM generate_series(1, ${users}::int) AS u`
  // Customer c is in small group (c-1)/5, whose first member is its Account Contact.
  await prisma.$executeRaw`
    INSERT INTO "Customer" ("id", "name", "nameKey", "dataCenter", "accountContactId")
    SELECT c, 'Customer ' || lpad(c::text, 6, '0'), 'customer ' || lpad(c::text, 6, '0'),
      (CASE WHEN c % 4 = 0 THEN 'eu' ELSE 'us' END)::"DataCenter",
      ${firstMember}::int + ((c - 1) / 5) * 5
    FROM generate_series(1, ${n}::int) AS c`
  await prisma.$executeRaw`
    INSERT INTO "CustomerGroup" ("id", "name", "nameKey")
    SELECT g, CASE WHEN g = 1 THEN ${BIG_GROUP} ELSE 'Group ' || lpad((g - 1)::text, 5, '0') END,
      CASE WHEN g = 1 THEN ${BIG_GROUP.toLowerCase()} ELSE 'group ' || lpad((g - 1)::text, 5, '0') END
    FROM generate_series(1, ${smallGroups + 1}::int) AS g`
  await prisma.$executeRaw`
    INSERT INTO "GroupCustomer" ("groupId", "customerId")
    SELECT 1, c FROM generate_series(1, ${BIG_GROUP_CUSTOMERS}::int) AS c
    UNION ALL SELECT 2 + (c - 1) / 5, c FROM generate_series(1, ${n}::int) AS c`
  await prisma.$executeRaw`
    INSERT INTO "GroupMember" ("groupId", "mspUserId")
    SELECT 1, u FROM generate_series(2, 11) AS u
    UNION ALL SELECT 2 + (u - 2) * ${EXTRA_GROUPS_PER_BIG_USER}::int + j, u
      FROM generate_series(2, 11) AS u, generate_series(0, ${EXTRA_GROUPS_PER_BIG_USER - 1}::int) AS j
    UNION ALL SELECT 2 + (u - ${firstMember}::int) / 5, u
      FROM generate_series(${firstMember}::int, ${firstMember + n - 1}::int) AS u`
  await prisma.$executeRaw`
    INSERT INTO "DirectLink" ("customerId", "mspUserId")
    SELECT c, 2 + c % 10 FROM generate_series(1, ${n}::int) AS c`
  await prisma.$executeRaw`
    INSERT INTO "Association" ("mspUserId", "customerId")
    SELECT gm."mspUserId", gc."customerId" FROM "GroupMember" gm JOIN "GroupCustomer" gc USING ("groupId")
    UNION SELECT "mspUserId", "customerId" FROM "DirectLink"`
  await prisma.$executeRaw`
    INSERT INTO "AlertGroup" ("id", "customerId", "name", "nameKey")
    SELECT c, c, 'Ops', 'ops' FROM generate_series(1, ${n}::int) AS c`
  await prisma.$executeRaw`
    INSERT INTO "AlertGroupMember" ("alertGroupId", "mspUserId")
    SELECT id, "accountContactId" FROM "Customer"`
  await prisma.$executeRaw`
    INSERT INTO "PortalUser" ("customerId", "name", "email", "status")
    SELECT c, 'Portal User ' || c, 'portal' || c || '@customer' || c || '.example',
      (CASE WHEN c % 3 = 0 THEN 'enabled' ELSE 'unconfirmed' END)::"PortalUserStatus"
    FROM generate_series(1, ${n}::int) AS c`
  await prisma.$executeRaw`
    INSERT INTO "CustomerUser" ("customerId", "email", "firstName", "lastName", "firstNameKey", "lastNameKey",
      "source", "archived", "subscriptionExpiresAt")
    SELECT ${USERS_CUSTOMER_ID}::int, 'user' || lpad(n::text, 6, '0') || '@bench.example',
      'First' || ((n * 7919) % 10007), 'Last' || ((n * 104729) % 10009),
      'first' || ((n * 7919) % 10007), 'last' || ((n * 104729) % 10009),
      'csv', n % 20 = 0, CASE WHEN n % 3 = 0 THEN now() + interval '1 year' END
    FROM generate_series(1, ${n}::int) AS n`
  for (const table of ['MspUser', 'Customer', 'CustomerGroup', 'AlertGroup', 'PortalUser', 'CustomerUser'])
    await prisma.$executeRawUnsafe(
      `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT max("id") FROM "${table}"))`,
    )
  await prisma.$executeRawUnsafe('ANALYZE')
  const [counts] = await prisma.$queryRaw<Array<Record<string, number>>>`
    SELECT (SELECT count(*)::int FROM "Customer") AS customers,
      (SELECT count(*)::int FROM "MspUser") AS "mspUsers",
      (SELECT count(*)::int FROM "CustomerGroup") AS groups,
      (SELECT count(*)::int FROM "GroupMember") AS "groupMembers",
      (SELECT count(*)::int FROM "DirectLink") AS "directLinks",
      (SELECT count(*)::int FROM "Association") AS associations,
      (SELECT count(*)::int FROM "PortalUser") AS "portalUsers",
      (SELECT count(*)::int FROM "CustomerUser") AS "customerUsers"`
  if (!counts) throw new Error('could not count the seeded book')
  return counts
}
