// Subscriptions in Slack: `/msp subscriptions <customer>` (the pool: purchased, used, free; admins get Set
// purchased), the Set purchased modal, and Apply Subscription's modal, which says what applying will do —
// or, when fewer subscriptions are free than users asked for, how many are missing, and applies none.
import type { KnownBlock, ModalView } from '@slack/types'
import { formatDistanceStrict } from 'date-fns'
import type { Reply } from '../answers/reply-privately.ts'
import { ACTION, BLOCK, CALLBACK } from '../ids.ts'
import { button, context, plain, section } from './block-kit.ts'
import { encodeUserFormMetadata, type UserFormMetadata } from './customer-users-forms.ts'
import { bold, codeUsage, type Mrkdwn, mrkdwn } from './mrkdwn.ts'

export interface SubscriptionPool {
  purchased: number
  /** Users with an unexpired subscription. */
  used: number
  /** purchased − used, never below 0. */
  free: number
}

export interface PoolData {
  customer: { id: number; name: string }
  pool: SubscriptionPool
  /** Months an applied subscription runs (a setting). */
  termMonths: number
}

/** Purchases are counted in whole subscriptions, at most this many per customer. */
export const PURCHASED_MAX = 1_000_000

const dateOf = (at: Date) => at.toISOString().slice(0, 10)

export const subscriptionsUsage = (customer: string) => `/msp subscriptions ${customer}`

const poolLine = (pool: SubscriptionPool) =>
  mrkdwn`Purchased: ${bold(pool.purchased)} · Used: ${bold(pool.used)} · Free: ${bold(pool.free)}`

/** The `/msp subscriptions <customer>` message; `canSet` (admins) adds Set purchased. */
export function poolReply(data: PoolData, canSet: boolean, notice?: Mrkdwn): Reply {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: 'cu_pool',
      text: {
        type: 'mrkdwn',
        text: mrkdwn`*Subscriptions of ${data.customer.name}*\n${poolLine(data.pool)}`.text,
      },
      ...(canSet
        ? { accessory: button('Set purchased', ACTION.subscriptionsSetPurchased, String(data.customer.id)) }
        : {}),
    },
    context(
      mrkdwn`An applied subscription runs ${data.termMonths} months and stays with its user: it cannot be removed or moved. Managers and admins apply them from ${codeUsage(`/msp users <customer>`)}.`,
    ),
  ]
  if (notice) blocks.splice(1, 0, context(notice))
  return {
    text: mrkdwn`Subscriptions of ${data.customer.name}: ${data.pool.purchased} purchased, ${data.pool.used} used, ${data.pool.free} free`,
    blocks,
  }
}

/** Set purchased (admins): a whole number, at least the subscriptions in use. */
export function setPurchasedView(data: PoolData, meta: UserFormMetadata): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.subscriptionPool,
    title: plain('Subscriptions'),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: encodeUserFormMetadata({ ...meta, id: data.customer.id }),
    blocks: [
      section(mrkdwn`*${data.customer.name}*\n${poolLine(data.pool)}`),
      {
        type: 'input',
        block_id: BLOCK.subscriptionsPurchased,
        label: plain('Purchased subscriptions'),
        hint: plain(`At least the ${data.pool.used} in use: applied subscriptions cannot be taken back.`),
        element: {
          type: 'number_input',
          is_decimal_allowed: false,
          action_id: ACTION.subscriptionsPurchased,
          initial_value: String(data.pool.purchased),
          min_value: String(data.pool.used),
          max_value: String(PURCHASED_MAX),
        },
      },
    ],
  }
}

export interface ApplyPlan {
  customer: { id: number; name: string }
  pool: SubscriptionPool
  /** Users it would apply to (already subscribed ones not counted). */
  count: number
  /** Who, when it is one user: their email. */
  email?: string
  /** When the subscriptions would expire if applied now. */
  expiresAt: Date
  now: Date
}

/**
 * Apply Subscription's modal: what will happen (N users, F free, the expiry date, permanence) with Apply;
 * or, when fewer are free than needed, how many are missing and how to get more, without a submit.
 */
export function applyView(plan: ApplyPlan, meta: UserFormMetadata): ModalView {
  const who = plan.email
    ? bold(plan.email)
    : mrkdwn`the ${bold(plan.count)} listed ${plan.count === 1 ? 'user' : 'users'} without one`
  const base = { ...meta, id: plan.customer.id, count: plan.count }
  const pool = context(poolLine(plan.pool))
  if (plan.count === 0) {
    return {
      type: 'modal',
      title: plain('Apply Subscription'),
      close: plain('Close'),
      private_metadata: encodeUserFormMetadata(base),
      blocks: [
        section(
          mrkdwn`Every listed user of ${bold(plan.customer.name)} has a subscription already; nothing to apply.`,
        ),
        pool,
      ],
    }
  }
  if (plan.count > plan.pool.free) {
    const missing = plan.count - plan.pool.free
    return {
      type: 'modal',
      title: plain('Apply Subscription'),
      close: plain('Close'),
      private_metadata: encodeUserFormMetadata(base),
      blocks: [
        section(
          mrkdwn`:no_entry: ${who} of ${bold(plan.customer.name)} need ${plan.count} ${plan.count === 1 ? 'subscription' : 'subscriptions'}, but only ${plan.pool.free} ${plan.pool.free === 1 ? 'is' : 'are'} free: ${bold(missing)} missing. Nothing will be applied.`,
        ),
        section(
          mrkdwn`To buy more, an admin raises the purchased count with ${codeUsage(subscriptionsUsage(plan.customer.name))}.`,
        ),
        pool,
      ],
    }
  }
  const until = mrkdwn`${dateOf(plan.expiresAt)} (${formatDistanceStrict(plan.expiresAt, plan.now, { addSuffix: true })})`
  return {
    type: 'modal',
    callback_id: CALLBACK.customerUserApply,
    title: plain('Apply Subscription'),
    submit: plain('Apply'),
    close: plain('Cancel'),
    private_metadata: encodeUserFormMetadata(base),
    blocks: [
      section(
        mrkdwn`Apply a subscription to ${who} of ${bold(plan.customer.name)}: ${plan.count} of the ${plan.pool.free} free. ${plan.count === 1 ? 'It runs' : 'They run'} until ${until}.`,
      ),
      section(mrkdwn`:warning: Once applied, a subscription cannot be removed or moved to another user.`),
      pool,
    ],
  }
}
