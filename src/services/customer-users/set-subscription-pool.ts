// `/msp subscriptions <customer>` (admins): how many subscriptions the customer purchased.
import type { Db } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import { requireCapability, type StaffActor } from '../actor.ts'
import { recordAudit } from '../audit.ts'
import { type FieldProblem, gone } from '../errors.ts'
import {
  type CustomerRef,
  customerInScope,
  lockCustomer,
  type SubscriptionPool,
  subscriptionPool,
  subscriptionsUsed,
} from './customer-user-view.ts'

/** A pool larger than this is refused as a typo. */
export const SUBSCRIPTION_POOL_MAX = 1_000_000

export type SetSubscriptionPoolOutcome =
  /** `changed` false: the pool already had that size; nothing was written. */
  | { status: 'set'; customer: CustomerRef; pool: SubscriptionPool; before: number; changed: boolean }
  | { status: 'invalid'; problems: FieldProblem[] }

/**
 * Sets the customer's purchased subscriptions. Refused on the `purchased` field (nothing written): not a
 * whole number from 0 to SUBSCRIPTION_POOL_MAX, or fewer than the users holding an unexpired subscription
 * (an applied subscription is never taken back).
 */
export async function setSubscriptionPool(
  db: Db,
  actor: StaffActor,
  customerId: number,
  purchased: number,
  now: Date = new Date(),
): Promise<SetSubscriptionPoolOutcome> {
  requireCapability(actor, 'manageSubscriptionPool')
  return inTransaction(db, async (tx) => {
    const customer = await customerInScope(tx, actor, customerId)
    if (!Number.isInteger(purchased) || purchased < 0 || purchased > SUBSCRIPTION_POOL_MAX)
      return invalid({ code: 'subscription.poolInvalid', max: SUBSCRIPTION_POOL_MAX })
    const locked = await lockCustomer(tx, customer.id)
    if (!locked) throw gone('customer')
    const used = await subscriptionsUsed(tx, customer.id, now)
    if (purchased < used)
      return invalid({ code: 'subscription.poolBelowUsed', customer: customer.name, used })
    const before = locked.subscriptionsPurchased
    if (purchased !== before) {
      await tx.customer.update({ where: { id: customer.id }, data: { subscriptionsPurchased: purchased } })
      await recordAudit(tx, actor, {
        action: 'customer.subscriptions',
        targetType: 'customer',
        targetName: customer.name,
        customers: [customer.name],
        before: { subscriptionsPurchased: before },
        after: { subscriptionsPurchased: purchased },
      })
    }
    return {
      status: 'set' as const,
      customer,
      pool: subscriptionPool(purchased, used),
      before,
      changed: purchased !== before,
    }
  })
}

const invalid = (problem: FieldProblem['problem']): SetSubscriptionPoolOutcome => ({
  status: 'invalid',
  problems: [{ field: 'purchased', problem }],
})
