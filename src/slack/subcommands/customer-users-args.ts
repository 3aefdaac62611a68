// Finds the customer a `/msp users` or `/msp subscriptions` command names: customer names have spaces, and
// what follows the name is a search, so the longest leading words that are a customer's whole name (any
// case) are the name; else the first word, which may be part of a name (a unique partial match).
import type { StaffActor } from '../../services/actor.ts'
import type { Lookup } from '../../services/queries/find-by-name.ts'
import { lookupProblem } from '../blocks/lookup-problem.ts'
import type { Mrkdwn } from '../blocks/mrkdwn.ts'
import type { SlackDeps } from '../deps.ts'

/** A customer's name is looked for in at most this many leading words. */
const NAME_WORDS_MAX = 6

type Customer = { id: number; name: string }

/**
 * The customer the leading words name, for the actor's scope, and how many words that took: the most
 * words that are a whole name, else the first word as /msp customer finds it (exact, or a unique partial
 * match). Else the problem for the first word (unknown, ambiguous), worded as lookupProblem words it.
 */
export async function findLeadingCustomer(
  deps: SlackDeps,
  actor: StaffActor,
  words: readonly string[],
  usage: string,
): Promise<{ customer: Customer; words: number } | { problem: Mrkdwn }> {
  let first: Lookup<Customer> | undefined
  for (let n = Math.min(words.length, NAME_WORDS_MAX); n >= 1; n--) {
    const typed = words.slice(0, n).join(' ')
    const lookup = await deps.services.customers.find(actor, typed)
    // Several words must be the whole name: a partial match of "Zylker li" is not Zylker with a search.
    const whole = lookup.kind === 'found' && lookup.item.name.toLowerCase() === typed.toLowerCase()
    if (lookup.kind === 'found' && (whole || n === 1)) return { customer: lookup.item, words: n }
    if (n === 1) first = lookup
  }
  const typed = words[0] ?? ''
  const problem = first ? lookupProblem('customer', typed, first, usage) : null
  if (!problem) throw new Error('findLeadingCustomer: no lookup ran')
  return { problem }
}
