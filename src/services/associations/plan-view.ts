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

/** One line per change: "Alex removed from Zylker; kept on Acme via group Zoho". */
export function summarizePlan(view: PlanView): string {
  const parts = [
    ...view.removed.map((p) => `${p.user} removed from ${p.customer}`),
    ...view.kept.map((p) => `${p.user} kept on ${p.customer} via ${p.keptBy}`),
    ...view.added.map((p) => `${p.user} added to ${p.customer}`),
  ]
  return parts.length > 0 ? parts.join('; ') : 'no association changed'
}
