// Apply Subscription (managers and admins): to one user or to every user the list matches, from the
// customer's pool, all or none. An applied subscription is never removed or moved: no service does either.
import { type Db, Prisma } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import {
  DEFAULT_SUBSCRIPTION_TERM_MONTHS,
  planSubscriptions,
  subscriptionExpiry,
} from '../../domain/customer-users.ts'
import { requireCapability, type StaffActor } from '../actor.ts'
import { changeAndAudit } from '../audit.ts'
import { gone } from '../errors.ts'
import {
  type CustomerRef,
  customerInScope,
  listedUsersWhere,
  lockCustomer,
  type SubscriptionPool,
  subscriptionPool,
  subscriptionsUsed,
} from './customer-user-view.ts'

/** One user (a row's button), or every unarchived user the list's search matches, on all its pages. */
export type SubscriptionTarget = { userId: number } | { allListed: { search?: string } }

export type ApplySubscriptionOutcome =
  | {
      status: 'applied'
      customer: CustomerRef
      /** Users given a subscription now (0 when every target already had one, or was archived). */
      applied: number
      /** Targets with an unexpired subscription: left exactly as they were. */
      alreadySubscribed: number
      /** An archived user asked for by id: archived users get none. */
      archived: number
      /** The new subscriptions' expiry. */
      expiresAt: Date
      /** The pool after applying. */
      pool: SubscriptionPool
    }
  /** Fewer free subscriptions than users needing one: none was applied. */
  | { status: 'short'; customer: CustomerRef; needed: number; missing: number; pool: SubscriptionPool }

interface Counted {
  found: number
  archived: number
  active: number
  /** The users that get one: the UPDATE touches exactly these (rows added meanwhile are not counted). */
  neededIds: number[] | null
}

/** A Date as Prisma stores a DateTime (UTC, in a column without time zone). */
const utc = (at: Date) => Prisma.sql`(${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')`

/**
 * Gives each target without an unexpired subscription one that ends `subscriptionTermMonths` (setting,
 * default 12) from now — only when the pool has a free subscription for every one of them, else none. The
 * customer's row is held meanwhile, so two applies (or an apply and a pool change) never overspend the
 * pool. A user asked for by id that is gone throws gone('customer user').
 */
export async function applySubscription(
  db: Db,
  actor: StaffActor,
  customerId: number,
  target: SubscriptionTarget,
  now: Date = new Date(),
): Promise<ApplySubscriptionOutcome> {
  requireCapability(actor, 'applySubscriptions')
  return inTransaction(db, async (tx) => {
    const customer = await customerInScope(tx, actor, customerId)
    const locked = await lockCustomer(tx, customer.id)
    if (!locked) throw gone('customer')
    const used = await subscriptionsUsed(tx, customer.id, now)
    const pool = subscriptionPool(locked.subscriptionsPurchased, used)
    const chosen =
      'userId' in target
        ? Prisma.sql`"customerId" = ${customer.id} AND "id" = ${target.userId}`
        : listedUsersWhere(customer.id, target.allListed.search, false)
    const active = Prisma.sql`"subscriptionExpiresAt" IS NOT NULL AND "subscriptionExpiresAt" > ${utc(now)}`
    const [c = { found: 0, archived: 0, active: 0, neededIds: null }] = await tx.$queryRaw<Counted[]>`
      SELECT count(*)::int AS "found",
        count(*) FILTER (WHERE "archived" AND NOT (${active}))::int AS "archived",
        count(*) FILTER (WHERE ${active})::int AS "active",
        array_agg("id") FILTER (WHERE NOT "archived" AND NOT (${active})) AS "neededIds"
      FROM "CustomerUser" WHERE ${chosen}`
    if ('userId' in target && c.found === 0) throw gone('customer user')
    const neededIds = c.neededIds ?? []
    const plan = planSubscriptions(neededIds.length, pool.free)
    if (!plan.apply)
      return { status: 'short' as const, customer, needed: neededIds.length, missing: plan.missing, pool }
    const setting = await tx.setting.findUnique({
      where: { id: 1 },
      select: { subscriptionTermMonths: true },
    })
    const expiresAt = subscriptionExpiry(
      now,
      setting?.subscriptionTermMonths ?? DEFAULT_SUBSCRIPTION_TERM_MONTHS,
    )
    if (plan.count > 0)
      await changeAndAudit(
        tx,
        actor,
        { action: 'customer-user.subscription', targetType: 'customer-user', customers: [customer.name] },
        Prisma.sql`UPDATE "CustomerUser" AS u SET "subscriptionExpiresAt" = ${utc(expiresAt)}
          FROM "CustomerUser" AS old
          WHERE old."id" = u."id" AND u."id" = ANY(${neededIds}::int[])
            AND NOT u."archived" AND (u."subscriptionExpiresAt" IS NULL OR u."subscriptionExpiresAt" <= ${utc(now)})
          RETURNING u."email" AS "targetName",
            jsonb_build_object('subscriptionExpiresAt', old."subscriptionExpiresAt") AS "before",
            jsonb_build_object('subscriptionExpiresAt', u."subscriptionExpiresAt") AS "after"`,
      )
    return {
      status: 'applied' as const,
      customer,
      applied: plan.count,
      alreadySubscribed: c.active,
      archived: c.archived,
      expiresAt,
      pool: subscriptionPool(pool.purchased, used + plan.count),
    }
  })
}
