// `/msp users <customer> [search] [sort] [direction]`: one page of a customer's users, read in the database
// (a customer may have 10 000 users: only the page's 20 rows and two counts are read), and its pool.
import { type Db, Prisma } from '../../db/client.ts'
import {
  CUSTOMER_USER_PAGE_SIZE,
  type CustomerUserSort,
  DEFAULT_SUBSCRIPTION_TERM_MONTHS,
  type SortDirection,
  subscriptionExpiry,
} from '../../domain/customer-users.ts'
import { can, seesAllCustomers } from '../../domain/roles.ts'
import { requireCapability, type StaffActor } from '../actor.ts'
import { gone, ServiceError } from '../errors.ts'
import {
  type CustomerRef,
  type CustomerUserRow,
  type CustomerUserView,
  customerUserView,
  listedUsersWhere,
  type SubscriptionPool,
  subscriptionPool,
} from './customer-user-view.ts'

export interface CustomerUserListQuery {
  customerId: number
  /** Case-insensitive substring of the email, first or last name. */
  search?: string
  sort: CustomerUserSort
  direction: SortDirection
  /** True: archived users only; false: the others only. */
  archived: boolean
  /** 0-based; past the last page shows the last page. */
  page: number
}

export interface CustomerUserList {
  customer: CustomerRef
  users: CustomerUserView[]
  /** The page shown (0-based): the one asked for, or the last one when that was past the end. */
  page: number
  pageSize: number
  /** Users matching the query (all pages). */
  total: number
  pool: SubscriptionPool
  /** When a subscription applied now would end (the term setting), for Apply Subscription to say. */
  appliedNowExpiresAt: Date
  /** Add, Edit, Archive, Restore (technicians and up). */
  mayManage: boolean
  /** Apply Subscription (managers and up). */
  mayApplySubscriptions: boolean
  /** Set the pool (admins). */
  maySetPool: boolean
}

/** The sort's column (lower-cased: names by their keys, emails are stored lower-cased); then the id. */
const SORT_COLUMN: Record<CustomerUserSort, Prisma.Sql> = {
  email: Prisma.raw('"email"'),
  first: Prisma.raw('"firstNameKey"'),
  last: Prisma.raw('"lastNameKey"'),
}
const DIRECTION: Record<SortDirection, Prisma.Sql> = { asc: Prisma.raw('ASC'), desc: Prisma.raw('DESC') }

interface HeadRow {
  id: number
  name: string
  purchased: number
  associated: boolean
  total: number
  used: number
  termMonths: number | null
}

export async function listCustomerUsers(
  db: Db,
  actor: StaffActor,
  query: CustomerUserListQuery,
  now: Date = new Date(),
): Promise<CustomerUserList> {
  requireCapability(actor, 'read')
  const where = listedUsersWhere(query.customerId, query.search, query.archived)
  // One statement for the customer, the actor's access to it, the count and the pool; one for the page.
  const [head] = await db.$queryRaw<HeadRow[]>`
    SELECT c."id", c."name", c."subscriptionsPurchased" AS "purchased",
      EXISTS (SELECT 1 FROM "Association" a WHERE a."customerId" = c."id" AND a."mspUserId" = ${actor.mspUserId ?? -1}) AS "associated",
      (SELECT count(*)::int FROM "CustomerUser" WHERE ${where}) AS "total",
      (SELECT count(*)::int FROM "CustomerUser" u WHERE u."customerId" = c."id"
        AND u."subscriptionExpiresAt" > (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')) AS "used",
      (SELECT s."subscriptionTermMonths" FROM "Setting" s WHERE s."id" = 1) AS "termMonths"
    FROM "Customer" c WHERE c."id" = ${query.customerId}`
  if (!head) throw gone('customer')
  if (!seesAllCustomers(actor.role) && !head.associated)
    throw new ServiceError({ code: 'staff.notAssociated', customers: [head.name] })
  const customer = { id: head.id, name: head.name }
  const total = head.total
  const lastPage = Math.max(0, Math.ceil(total / CUSTOMER_USER_PAGE_SIZE) - 1)
  const page = Math.min(Math.max(0, Math.trunc(query.page) || 0), lastPage)
  const direction = DIRECTION[query.direction]
  const rows =
    total === 0
      ? []
      : await db.$queryRaw<CustomerUserRow[]>`
          SELECT "id", "email", "firstName", "lastName", "source"::text AS "source",
            "agentStatus"::text AS "agentStatus", "subscriptionExpiresAt", "archived"
          FROM "CustomerUser" WHERE ${where}
          ORDER BY ${SORT_COLUMN[query.sort]} ${direction}, "id" ${direction}
          LIMIT ${CUSTOMER_USER_PAGE_SIZE} OFFSET ${page * CUSTOMER_USER_PAGE_SIZE}`
  return {
    customer,
    users: rows.map(customerUserView),
    page,
    pageSize: CUSTOMER_USER_PAGE_SIZE,
    total,
    pool: subscriptionPool(head.purchased, head.used),
    appliedNowExpiresAt: subscriptionExpiry(now, head.termMonths ?? DEFAULT_SUBSCRIPTION_TERM_MONTHS),
    mayManage: can(actor.role, 'manageCustomerUsers'),
    mayApplySubscriptions: can(actor.role, 'applySubscriptions'),
    maySetPool: can(actor.role, 'manageSubscriptionPool'),
  }
}
