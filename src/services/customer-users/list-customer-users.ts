// `/msp users <customer> [search] [sort] [direction]`: one page of a customer's users, read in the database
// (a customer may have 10 000 users: only the page's 20 rows and two counts are read), and its pool.
import { type Db, Prisma } from '../../db/client.ts'
import {
  type AgentStatus,
  CUSTOMER_USER_PAGE_SIZE,
  type CustomerUserSort,
  type CustomerUserSource,
  type SortDirection,
} from '../../domain/customer-users.ts'
import { can } from '../../domain/roles.ts'
import { requireCapability, type StaffActor } from '../actor.ts'
import {
  type CustomerRef,
  type CustomerUserView,
  customerInScope,
  customerUserView,
  listedUsersWhere,
  type SubscriptionPool,
  subscriptionPool,
  subscriptionsUsed,
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

interface UserRow {
  id: number
  email: string
  firstName: string
  lastName: string
  source: CustomerUserSource
  agentStatus: AgentStatus
  subscriptionExpiresAt: Date | null
  archived: boolean
}

export async function listCustomerUsers(
  db: Db,
  actor: StaffActor,
  query: CustomerUserListQuery,
  now: Date = new Date(),
): Promise<CustomerUserList> {
  requireCapability(actor, 'read')
  const customer = await customerInScope(db, actor, query.customerId)
  const where = listedUsersWhere(customer.id, query.search, query.archived)
  const [{ total } = { total: 0 }] = await db.$queryRaw<{ total: number }[]>`
    SELECT count(*)::int AS "total" FROM "CustomerUser" WHERE ${where}`
  const lastPage = Math.max(0, Math.ceil(total / CUSTOMER_USER_PAGE_SIZE) - 1)
  const page = Math.min(Math.max(0, Math.trunc(query.page) || 0), lastPage)
  const direction = DIRECTION[query.direction]
  const rows =
    total === 0
      ? []
      : await db.$queryRaw<UserRow[]>`
          SELECT "id", "email", "firstName", "lastName", "source"::text AS "source",
            "agentStatus"::text AS "agentStatus", "subscriptionExpiresAt", "archived"
          FROM "CustomerUser" WHERE ${where}
          ORDER BY ${SORT_COLUMN[query.sort]} ${direction}, "id" ${direction}
          LIMIT ${CUSTOMER_USER_PAGE_SIZE} OFFSET ${page * CUSTOMER_USER_PAGE_SIZE}`
  const purchased = await db.customer.findUnique({
    where: { id: customer.id },
    select: { subscriptionsPurchased: true },
  })
  const used = await subscriptionsUsed(db, customer.id, now)
  return {
    customer,
    users: rows.map(customerUserView),
    page,
    pageSize: CUSTOMER_USER_PAGE_SIZE,
    total,
    pool: subscriptionPool(purchased?.subscriptionsPurchased ?? 0, used),
    mayManage: can(actor.role, 'manageCustomerUsers'),
    mayApplySubscriptions: can(actor.role, 'applySubscriptions'),
    maySetPool: can(actor.role, 'manageSubscriptionPool'),
  }
}
