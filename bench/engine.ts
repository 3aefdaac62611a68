// Part 1: the pure rule engine (planEdit) against a brute-force computation of the same removed pairs.
import { type Pair, type PlanInput, planEdit } from '../src/domain/plan.ts'
import { median, ms, ratio } from './stats.ts'
import { bruteForceRemoved, fullInput, sliceInput, type World } from './world.ts'

export interface EngineRow {
  label: string
  iterations: number
  planMs: number
  baselineMs: number
  removed: number
  kept: number
  same: boolean
}

const keyOf = (pairs: readonly Pair[]) => pairs.map((p) => `${p.userId}:${p.customerId}`).join(',')

/**
 * Times planEdit and the baseline alternately (one call each per round) until `iterations` rounds or
 * `budgetMs` has passed, after a warm-up; returns the medians.
 */
function compare(label: string, input: PlanInput, iterations: number, budgetMs: number): EngineRow {
  const plan = planEdit(input)
  const removedByPlan = [...plan.removed, ...plan.blocked].sort(
    (a, b) => a.userId - b.userId || a.customerId - b.customerId,
  )
  const same = keyOf(removedByPlan) === keyOf(bruteForceRemoved(input))
  const warmup = Math.max(5, Math.floor(iterations / 10))
  for (let i = 0; i < warmup; i++) {
    planEdit(input)
    bruteForceRemoved(input)
  }
  const planTimes: number[] = []
  const baseTimes: number[] = []
  const deadline = performance.now() + budgetMs
  let sink = 0
  for (let i = 0; i < iterations && (i < 10 || performance.now() < deadline); i++) {
    // alternate which goes first, so neither always runs on a warmer cache
    const first = i % 2 === 0
    for (const which of first ? [0, 1] : [1, 0]) {
      const t0 = performance.now()
      sink += which === 0 ? planEdit(input).removed.length : bruteForceRemoved(input).length
      const elapsed = performance.now() - t0
      ;(which === 0 ? planTimes : baseTimes).push(elapsed)
    }
  }
  if (sink < 0) console.log(sink) // keeps the results alive
  return {
    label,
    iterations: planTimes.length,
    planMs: median(planTimes),
    baselineMs: median(baseTimes),
    removed: plan.removed.length,
    kept: plan.kept.length,
    same,
  }
}

export function benchEngine(world: World): EngineRow[] {
  const slice = sliceInput(world)
  const full = fullInput(world)
  const sliceSize = `${slice.memberships.groupCustomers.length + slice.memberships.groupUsers.length + slice.memberships.directLinks.length} rows`
  const fullSize = `${full.memberships.groupCustomers.length + full.memberships.groupUsers.length + full.memberships.directLinks.length} rows`
  return [
    compare(`planEdit, service slice (${sliceSize})`, slice, 3000, 6000),
    compare(`planEdit, full world (${fullSize})`, full, 200, 12000),
  ]
}

export function engineTable(rows: EngineRow[]): string[][] {
  return [
    ['case', 'runs', 'planEdit median ms', 'baseline median ms', 'ratio', 'removed/kept', 'same pairs'],
    ...rows.map((r) => [
      r.label,
      String(r.iterations),
      ms(r.planMs),
      ms(r.baselineMs),
      ratio(r.planMs, r.baselineMs),
      `${r.removed}/${r.kept}`,
      r.same ? 'yes' : 'NO',
    ]),
  ]
}
