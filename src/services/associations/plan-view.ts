// A plan with names resolved: what previews, summaries, audit rows and notifications show.
import { describeBlock, describeKeptBy } from '../../domain/explain.ts'
import type { NameBook } from '../../domain/names.ts'
import type { Pair, Plan } from '../../domain/plan.ts'

export interface PairView {
  userId: number
  customerId: number
  user: string
  customer: string
}
export interface KeptView extends PairView {
  keptBy: string
}
export interface BlockView extends PairView {
  reason: string
  fix: string
  /** For the fix buttons. */
  fixAction:
    | { kind: 'change-account-contact' }
    | { kind: 'remove-from-alert-group'; alertGroupId: number; alertGroup: string }
}

export interface PlanView {
  added: PairView[]
  removed: PairView[]
  kept: KeptView[]
  blocked: BlockView[]
}

export function viewPlan(plan: Plan, names: NameBook): PlanView {
  const pair = (p: Pair): PairView => ({
    userId: p.userId,
    customerId: p.customerId,
    user: names.user(p.userId),
    customer: names.customer(p.customerId),
  })
  return {
    added: plan.added.map(pair),
    removed: plan.removed.map(pair),
    kept: plan.kept.map((k) => ({ ...pair(k), keptBy: describeKeptBy(k.keptBy, names) })),
    blocked: plan.blocked.flatMap((b) =>
      b.reasons.map((reason) => ({
        ...pair(b),
        ...describeBlock(b, reason, names),
        fixAction:
          reason.kind === 'account-contact'
            ? ({ kind: 'change-account-contact' } as const)
            : ({
                kind: 'remove-from-alert-group',
                alertGroupId: reason.alertGroupId,
                alertGroup: names.alertGroup(reason.alertGroupId),
              } as const),
      })),
    ),
  }
}

/** Changes a one-line summary (message text, audit row) names; the rest are counted. */
export const SUMMARY_CHANGES_MAX = 20

/**
 * One line: "Alex removed from Zylker; Alex kept on Acme via group Zoho". Beyond SUMMARY_CHANGES_MAX
 * changes: "…; and 4980 more (10 removed, 4970 kept, 0 added)".
 */
export function summarizePlan(view: PlanView): string {
  const total = view.removed.length + view.kept.length + view.added.length
  if (total === 0) return 'no association changed'
  const parts = [
    ...view.removed.slice(0, SUMMARY_CHANGES_MAX).map((p) => `${p.user} removed from ${p.customer}`),
    ...view.kept.slice(0, SUMMARY_CHANGES_MAX).map((p) => `${p.user} kept on ${p.customer} via ${p.keptBy}`),
    ...view.added.slice(0, SUMMARY_CHANGES_MAX).map((p) => `${p.user} added to ${p.customer}`),
  ].slice(0, SUMMARY_CHANGES_MAX)
  if (parts.length === total) return parts.join('; ')
  // Named in order removed, kept, added: what is left of each kind after the first SUMMARY_CHANGES_MAX.
  let named = SUMMARY_CHANGES_MAX
  const left = [view.removed.length, view.kept.length, view.added.length].map((n) => {
    const shown = Math.min(n, named)
    named -= shown
    return n - shown
  })
  const [removed, kept, added] = left
  return `${parts.join('; ')}; and ${total - parts.length} more (${removed} removed, ${kept} kept, ${added} added)`
}
