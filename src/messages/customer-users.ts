// Customer users in words: their problems, and what Archive/Restore and Apply Subscription did.
// Plain text: the Slack edge escapes it where it goes into mrkdwn.
import type { ApplySubscriptionOutcome } from '../services/customer-users/apply-subscription.ts'
import type { ArchiveOutcome } from '../services/customer-users/archive-customer-users.ts'
import type { CustomerUserProblem } from '../services/errors.ts'

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** What Edit and Archive answer for a directory user. */
export const LOCKED_MESSAGE = 'managed by the directory — change it there'

export function customerUserProblemMessage(p: CustomerUserProblem): string {
  switch (p.code) {
    case 'customerUser.emailMissing':
      return 'A user needs a primary email.'
    case 'customerUser.emailInvalid':
      return `"${p.email}" is not a valid email address.`
    case 'customerUser.emailTaken':
      return `${p.customer} already has a user with the email ${p.email}.`
    case 'customerUser.nameMissing':
      return `A user needs a ${p.name} name.`
    case 'customerUser.nameTooLong':
      return `A ${p.name} name has at most ${p.max} characters.`
    case 'customerUser.locked':
      return `${p.email} is ${LOCKED_MESSAGE}.`
    case 'subscription.poolInvalid':
      return `Purchased subscriptions must be a whole number from 0 to ${p.max.toLocaleString('en-US')}.`
    case 'subscription.poolBelowUsed':
      return `${p.customer} has ${plural(p.used, 'user')} with a subscription: the pool cannot be smaller than ${p.used}.`
  }
}

const HOW_TO_BUY = 'buy more (an admin sets the pool with `/msp subscriptions <customer>`)'

/** Apply Subscription's answer. */
export function applySubscriptionMessage(outcome: ApplySubscriptionOutcome): string {
  const pool = `${outcome.pool.free} of ${outcome.pool.purchased} free`
  if (outcome.status === 'short')
    return `Not enough free subscriptions for ${outcome.customer.name}: ${plural(outcome.needed, 'user')} need one, ${outcome.pool.free} free — ${plural(outcome.missing, 'subscription')} missing. None was applied; ${HOW_TO_BUY}.`
  const parts = [
    outcome.applied > 0
      ? `Subscription applied to ${plural(outcome.applied, 'user')} of ${outcome.customer.name}, until ${outcome.expiresAt.toISOString().slice(0, 10)}.`
      : `No subscription applied on ${outcome.customer.name}.`,
  ]
  if (outcome.alreadySubscribed > 0)
    parts.push(`${plural(outcome.alreadySubscribed, 'user')} already had one (kept as it is).`)
  if (outcome.archived > 0) parts.push('Archived users get none.')
  parts.push(`Now ${pool}.`)
  return parts.join(' ')
}

/** Archive's or Restore's answer. */
export function archiveMessage(outcome: ArchiveOutcome, archived: boolean): string {
  const verb = archived ? 'archived' : 'restored'
  const parts = [`${plural(outcome.changed, 'user')} of ${outcome.customer.name} ${verb}.`]
  if (outcome.alreadyDone > 0) parts.push(`${plural(outcome.alreadyDone, 'user')} already ${verb}.`)
  if (outcome.locked.count > 0) {
    const more = outcome.locked.count - outcome.locked.emails.length
    const named = outcome.locked.emails.join(', ') + (more > 0 ? ` and ${more} more` : '')
    parts.push(`Not ${verb}, ${LOCKED_MESSAGE}: ${named}.`)
  }
  if (outcome.gone > 0)
    parts.push(outcome.gone === 1 ? '1 user no longer exists.' : `${outcome.gone} users no longer exist.`)
  return parts.join(' ')
}
