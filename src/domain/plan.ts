// The dissociation rule engine: what one edit does to every (MSP user, customer) pair it touches.
import { type AssociationEdit, applyDelta, deltaOf, type MembershipDelta } from './edits.ts'
import {
  type CustomerId,
  type Justification,
  MembershipIndex,
  type Memberships,
  pairKey,
  type UserId,
} from './memberships.ts'

export interface AlertGroupState {
  id: number
  customerId: CustomerId
  name: string
  members: readonly UserId[]
}

export interface PlanInput {
  /**
   * A slice of the memberships that holds, for every pair the edit may touch, all groups of that user,
   * all groups of that customer and their direct link; plus all current members of the edited group or
   * customer selections. Services load exactly this; tests may pass everything.
   */
  memberships: Memberships
  edit: AssociationEdit
  accountContacts: ReadonlyMap<CustomerId, UserId | null>
  /** Alert groups of every customer the edit may touch. */
  alertGroups: readonly AlertGroupState[]
}

export interface Pair {
  userId: UserId
  customerId: CustomerId
}
export interface KeptPair extends Pair {
  keptBy: Justification[]
}
export type BlockReason = { kind: 'account-contact' } | { kind: 'last-alert-member'; alertGroupId: number }
export interface BlockedPair extends Pair {
  reasons: BlockReason[]
}
export interface AlertGroupRemoval {
  alertGroupId: number
  userId: UserId
}

export interface Plan {
  edit: AssociationEdit
  delta: MembershipDelta
  added: Pair[]
  removed: Pair[]
  kept: KeptPair[]
  blocked: BlockedPair[]
  /** Memberships of alert groups that go with the removed pairs. */
  alertGroupRemovals: AlertGroupRemoval[]
  /** The memberships before the edit (what the form was editing). */
  before: MembershipIndex
  /** The memberships after the edit (for limit checks and display). */
  after: MembershipIndex
}

const byPair = (a: Pair, b: Pair) => a.userId - b.userId || a.customerId - b.customerId

function pairsOf(keys: Map<string, Pair>): Pair[] {
  return [...keys.values()].sort(byPair)
}

/** Pairs that lose at least one justification through the delta. */
function losingPairs(delta: MembershipDelta, before: MembershipIndex): Map<string, Pair> {
  const pairs = new Map<string, Pair>()
  const add = (userId: UserId, customerId: CustomerId) =>
    pairs.set(pairKey(userId, customerId), { userId, customerId })
  for (const [g, c] of delta.removeGroupCustomers) for (const u of before.usersOf(g)) add(u, c)
  for (const [g, u] of delta.removeGroupUsers) for (const c of before.customersOf(g)) add(u, c)
  for (const [u, c] of delta.removeDirect) add(u, c)
  return pairs
}

/** Pairs that gain a justification through the delta. */
function gainingPairs(delta: MembershipDelta, after: MembershipIndex): Map<string, Pair> {
  const pairs = new Map<string, Pair>()
  const add = (userId: UserId, customerId: CustomerId) =>
    pairs.set(pairKey(userId, customerId), { userId, customerId })
  for (const [g, c] of delta.addGroupCustomers) for (const u of after.usersOf(g)) add(u, c)
  for (const [g, u] of delta.addGroupUsers) for (const c of after.customersOf(g)) add(u, c)
  for (const [u, c] of delta.addDirect) add(u, c)
  return pairs
}

function contactAfter(input: PlanInput, customerId: CustomerId): UserId | null | undefined {
  const { edit } = input
  if (
    edit.kind === 'customer-preferences' &&
    edit.customerId === customerId &&
    edit.accountContactId !== undefined
  ) {
    return edit.accountContactId
  }
  return input.accountContacts.get(customerId)
}

/** Computes the whole plan of one edit. Pure and deterministic: lists are sorted by user, then customer. */
export function planEdit(input: PlanInput): Plan {
  const before = new MembershipIndex(input.memberships)
  const delta = deltaOf(input.edit, before)
  const after = new MembershipIndex(input.memberships)
  applyDelta(after, delta)

  const kept: KeptPair[] = []
  const candidates: Pair[] = []
  for (const pair of pairsOf(losingPairs(delta, before))) {
    if (!before.isAssociated(pair.userId, pair.customerId)) continue
    const keptBy = after.justifications(pair.userId, pair.customerId)
    if (keptBy.length > 0) kept.push({ ...pair, keptBy })
    else candidates.push(pair)
  }
  const added = pairsOf(gainingPairs(delta, after)).filter(
    (p) => !before.isAssociated(p.userId, p.customerId),
  )

  const reasons = new Map<string, BlockReason[]>()
  const block = (pair: Pair, reason: BlockReason) => {
    const key = pairKey(pair.userId, pair.customerId)
    reasons.set(key, [...(reasons.get(key) ?? []), reason])
  }
  for (const pair of candidates) {
    if (contactAfter(input, pair.customerId) === pair.userId) block(pair, { kind: 'account-contact' })
  }

  // Judged as a whole: an alert group that would lose all its members blocks every one of them.
  const leaving = new Set(candidates.map((p) => pairKey(p.userId, p.customerId)))
  const alertGroupRemovals: AlertGroupRemoval[] = []
  for (const alertGroup of [...input.alertGroups].sort((a, b) => a.id - b.id)) {
    const members = new Set(alertGroup.members)
    const goers = [...members].filter((u) => leaving.has(pairKey(u, alertGroup.customerId)))
    if (goers.length === 0) continue
    const emptied = goers.length === members.size
    for (const userId of goers.sort((a, b) => a - b)) {
      if (emptied)
        block(
          { userId, customerId: alertGroup.customerId },
          { kind: 'last-alert-member', alertGroupId: alertGroup.id },
        )
      alertGroupRemovals.push({ alertGroupId: alertGroup.id, userId })
    }
  }

  const blocked: BlockedPair[] = []
  const removed: Pair[] = []
  for (const pair of candidates) {
    const why = reasons.get(pairKey(pair.userId, pair.customerId))
    if (why) blocked.push({ ...pair, reasons: why })
    else removed.push(pair)
  }
  const removedKeys = new Set(removed.map((p) => pairKey(p.userId, p.customerId)))
  const customerOf = new Map(input.alertGroups.map((a) => [a.id, a.customerId]))
  return {
    edit: input.edit,
    delta,
    added,
    removed,
    kept,
    blocked,
    alertGroupRemovals: alertGroupRemovals.filter((r) =>
      removedKeys.has(pairKey(r.userId, customerOf.get(r.alertGroupId) ?? -1)),
    ),
    before,
    after,
  }
}

export const isBlocked = (plan: Plan) => plan.blocked.length > 0
/** True when the save needs a preview first (it removes or would remove associations). */
export const needsPreview = (plan: Plan) => plan.removed.length > 0 || plan.blocked.length > 0

/** A stable text of everything the plan would do; Confirm applies a plan only while this is unchanged. */
export function planFingerprint(plan: Plan): string {
  const { delta, added, removed, kept, blocked, alertGroupRemovals } = plan
  return JSON.stringify({ delta, added, removed, kept, blocked, alertGroupRemovals })
}

/** Applies a plan to a set of association keys (as `pairKey`); a blocked plan changes nothing. */
export function applyPlanToAssociations(associations: ReadonlySet<string>, plan: Plan): Set<string> {
  const next = new Set(associations)
  if (isBlocked(plan)) return next
  for (const p of plan.removed) next.delete(pairKey(p.userId, p.customerId))
  for (const p of plan.added) next.add(pairKey(p.userId, p.customerId))
  return next
}
