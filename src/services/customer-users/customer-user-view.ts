// How services hand out customer users, the subscription pool, and the checks every customer-user use case
// makes (the customer exists, the actor may act on it; field problems from the domain's checks).
import { type Db, Prisma, type TransactionClient } from '../../db/client.ts'
import {
  type AgentStatus,
  CUSTOMER_USER_NAME_MAX,
  type CustomerUserField,
  type CustomerUserFieldIssue,
  type CustomerUserSource,
  freeSubscriptions,
  isLocked,
  substringPattern,
} from '../../domain/customer-users.ts'
import { assertMayTouchCustomers, type StaffActor } from '../actor.ts'
import { type FieldProblem, gone } from '../errors.ts'

export interface CustomerUserView {
  id: number
  email: string
  firstName: string
  lastName: string
  source: CustomerUserSource
  /** A directory user: the directory owns it (no Edit, no Archive here). */
  locked: boolean
  agentStatus: AgentStatus
  /** When the user's subscription ends (past: expired); null when none was ever applied. */
  subscriptionExpiresAt: Date | null
  archived: boolean
}

export interface CustomerRef {
  id: number
  name: string
}

/** A customer's subscriptions: purchased, held by users with an unexpired one, and free. */
export interface SubscriptionPool {
  purchased: number
  used: number
  free: number
}

export const customerUserSelect = {
  id: true,
  email: true,
  firstName: true,
  lastName: true,
  source: true,
  agentStatus: true,
  subscriptionExpiresAt: true,
  archived: true,
} as const

/** A customer user as read (customerUserSelect, or the list's raw page). */
export interface CustomerUserRow {
  id: number
  email: string
  firstName: string
  lastName: string
  source: CustomerUserSource
  agentStatus: AgentStatus
  subscriptionExpiresAt: Date | null
  archived: boolean
}

export const customerUserView = (u: CustomerUserRow): CustomerUserView => ({
  id: u.id,
  email: u.email,
  firstName: u.firstName,
  lastName: u.lastName,
  source: u.source,
  locked: isLocked(u),
  agentStatus: u.agentStatus,
  subscriptionExpiresAt: u.subscriptionExpiresAt,
  archived: u.archived,
})

/** The customer by id (gone when deleted), once the actor may act on it (below admin: associated only). */
export async function customerInScope(db: Db, actor: StaffActor, customerId: number): Promise<CustomerRef> {
  const customer = await db.customer.findUnique({
    where: { id: customerId },
    select: { id: true, name: true },
  })
  if (!customer) throw gone('customer')
  await assertMayTouchCustomers(db, actor, [customer.id], () => customer.name)
  return customer
}

/**
 * Holds the customer's row until the transaction ends (FOR NO KEY UPDATE: inserts of its users still
 * pass): changes to its pool and subscriptions, and the email checks of adds and edits, run one at a time
 * per customer. Null when the customer is gone.
 */
export async function lockCustomer(tx: TransactionClient, customerId: number) {
  const rows = await tx.$queryRaw<{ id: number; name: string; subscriptionsPurchased: number }[]>`
    SELECT "id", "name", "subscriptionsPurchased" FROM "Customer" WHERE "id" = ${customerId} FOR NO KEY UPDATE`
  return rows[0] ?? null
}

/** Users holding an unexpired subscription (archived ones too: a subscription is never taken back). */
export async function subscriptionsUsed(db: Db, customerId: number, now: Date): Promise<number> {
  return db.customerUser.count({ where: { customerId, subscriptionExpiresAt: { gt: now } } })
}

export const subscriptionPool = (purchased: number, used: number): SubscriptionPool => ({
  purchased,
  used,
  free: freeSubscriptions(purchased, used),
})

/** The domain's field issues as form problems. */
export function fieldProblems(issues: readonly CustomerUserFieldIssue[], email: string): FieldProblem[] {
  return issues.map(({ field, issue }) => ({ field, problem: problemOf(field, issue, email) }))
}

function problemOf(
  field: CustomerUserField,
  issue: CustomerUserFieldIssue['issue'],
  email: string,
): FieldProblem['problem'] {
  if (field === 'email')
    return issue === 'missing'
      ? { code: 'customerUser.emailMissing' }
      : { code: 'customerUser.emailInvalid', email: email.trim() }
  const name = field === 'firstName' ? 'first' : 'last'
  return issue === 'missing'
    ? { code: 'customerUser.nameMissing', name }
    : { code: 'customerUser.nameTooLong', name, max: CUSTOMER_USER_NAME_MAX }
}

/**
 * Which of a customer's users a list (and "all listed") means: the search as a case-insensitive substring
 * of the email or either name, among archived users or among the others.
 */
export function listedUsersWhere(
  customerId: number,
  search: string | undefined,
  archived: boolean,
): Prisma.Sql {
  const pattern = substringPattern(search)
  const matching =
    pattern === null
      ? Prisma.empty
      : Prisma.sql` AND ("email" LIKE ${pattern} OR "firstNameKey" LIKE ${pattern} OR "lastNameKey" LIKE ${pattern})`
  return Prisma.sql`"customerId" = ${customerId} AND "archived" = ${archived}${matching}`
}
