// Plain-words reasons and fixes for a plan's pairs: the same text in previews, summaries and notifications.
import type { Justification } from './memberships.ts'
import type { NameBook } from './names.ts'
import type { BlockReason, Pair } from './plan.ts'

export function describeKeptBy(keptBy: readonly Justification[], names: NameBook): string {
  return keptBy
    .map((j) => (j.kind === 'direct' ? 'a direct link' : `group ${names.group(j.groupId)}`))
    .join(' and ')
}

export function describeBlock(
  pair: Pair,
  reason: BlockReason,
  names: NameBook,
): { reason: string; fix: string } {
  const user = names.user(pair.userId)
  const customer = names.customer(pair.customerId)
  if (reason.kind === 'account-contact') {
    return {
      reason: `${user} is the Account Contact of ${customer}`,
      fix: `change the Account Contact of ${customer} first`,
    }
  }
  const alertGroup = names.alertGroup(reason.alertGroupId)
  return {
    reason: `removing ${user} would leave alert group ${alertGroup} of ${customer} with no members`,
    fix: `remove ${user} from alert group ${alertGroup} or delete the group first`,
  }
}
