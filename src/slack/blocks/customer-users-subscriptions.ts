// Subscriptions in Slack: `/msp subscriptions <customer>` (the pool: purchased, used, free; admins get Set
// purchased), the Set purchased modal, and Apply Subscription's modal, which says what applying will do —
// or, when fewer subscriptions are free than users asked for, how many are missing, and applies none.
import type { KnownBlock, ModalView } from '@slack/types'
import { formatDistanceStrict } from 'date-fns/formatDistanceStrict'
import type { Reply } from '../answers/reply-privately.ts'
import { ACTION, BLOCK, CALLBACK } from '../ids.ts'
import { button, context, plain, section } from './block-kit.ts'
import { encodeUserFormMetadata, type UserFormMetadata } from './customer-users-forms.ts'
import { dateOf } from './customer-users-list.ts'
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
}

/** Purchases are counted in whole subscriptions, at most this many per customer. */
export const PURCHASED_MAX = 1_000_000

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
      mrkdwn`An applied subscription stays with its user until it expires: it cannot be removed or moved. Managers and admins apply them from ${codeUsage('/msp users <customer>')}.`,
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
  /** One user: their email. Else every listed user without one (the list's search, if any). */
  email?: string
  search?: string
  /** Users it would apply to: 1, or (all listed) the listed users, some of whom may have one already. */
  count: number
  /** When subscriptions applied now would expire (the term setting). */
  expiresAt: Date
  now: Date
}

const until = (plan: ApplyPlan) =>
  mrkdwn` ${plan.email === undefined ? 'They run' : 'It runs'} until ${dateOf(plan.expiresAt)} (${formatDistanceStrict(plan.expiresAt, plan.now, { addSuffix: true })}).`

/** Not enough free subscriptions: how many are missing and how to buy more; nothing is applied. */
export function shortView(
  customer: { id: number; name: string },
  needed: number,
  missing: number,
  pool: SubscriptionPool,
  meta: UserFormMetadata,
): ModalView {
  return {
    type: 'modal',
    title: plain('Apply Subscription'),
    close: plain('Close'),
    private_metadata: encodeUserFormMetadata({ ...meta, id: customer.id }),
    blocks: [
      section(
        mrkdwn`:no_entry: ${needed} ${needed === 1 ? 'user needs' : 'users need'} a subscription on ${bold(customer.name)}, but only ${pool.free} ${pool.free === 1 ? 'is' : 'are'} free: ${bold(missing)} missing. None was applied.`,
      ),
      section(
        mrkdwn`To buy more, an admin raises the purchased count with ${codeUsage(subscriptionsUsage(customer.name))}.`,
      ),
      context(poolLine(pool)),
    ],
  }
}

/**
 * Apply Subscription's modal: what will happen (who, how many of the free ones, permanence) with Apply;
 * one user with no free subscription gets the missing count and how to buy more instead, without Apply.
 * For all listed, users who have one are skipped, so only the service knows whether the pool suffices:
 * when it does not, the submission answers with shortView and applies none.
 */
export function applyView(plan: ApplyPlan, meta: UserFormMetadata): ModalView {
  const base = { ...meta, id: plan.customer.id, count: plan.count }
  if (plan.email !== undefined && plan.pool.free < 1) return shortView(plan.customer, 1, 1, plan.pool, base)
  const matching = plan.search ? mrkdwn` matching “${plan.search}”` : mrkdwn``
  const what =
    plan.email !== undefined
      ? mrkdwn`Apply a subscription to ${bold(plan.email)} of ${bold(plan.customer.name)}: it takes 1 of the ${plan.pool.free} free.`
      : mrkdwn`Apply a subscription to every listed user of ${bold(plan.customer.name)}${matching} who has none: up to ${bold(plan.count)} ${plan.count === 1 ? 'user' : 'users'}, ${plan.pool.free} free. Users with a subscription keep theirs.`
  const blocks: KnownBlock[] = [
    section(mrkdwn`${what}${until(plan)}`),
    section(mrkdwn`:warning: Once applied, a subscription cannot be removed or moved to another user.`),
  ]
  if (plan.email === undefined && plan.count > plan.pool.free)
    blocks.push(
      context(
        mrkdwn`If more than ${plan.pool.free} of them need one, none is applied and you are told how many are missing.`,
      ),
    )
  blocks.push(context(poolLine(plan.pool)))
  return {
    type: 'modal',
    callback_id: CALLBACK.customerUserApply,
    title: plain('Apply Subscription'),
    submit: plain('Apply'),
    close: plain('Cancel'),
    private_metadata: encodeUserFormMetadata(base),
    blocks,
  }
}
