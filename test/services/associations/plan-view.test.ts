// summarizePlan: the one-line summary of an applied save (message text, audit row).
import { describe, expect, it } from 'vitest'
import {
  type PlanView,
  SUMMARY_CHANGES_MAX,
  summarizePlan,
} from '../../../src/services/associations/plan-view.ts'

const pair = (user: string, customer: string) => ({ userId: 1, customerId: 2, user, customer })
const many = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => pair(`${prefix}${i}`, `C${i}`))
const plan = (p: Partial<PlanView>): PlanView => ({ added: [], removed: [], kept: [], blocked: [], ...p })

describe('summarizePlan', () => {
  it('keeps the wording of small plans', () => {
    expect(
      summarizePlan(
        plan({
          removed: [pair('Alex', 'Zylker')],
          kept: [{ ...pair('Alex', 'Acme'), keptBy: 'group Zoho' }],
        }),
      ),
    ).toBe('Alex removed from Zylker; Alex kept on Acme via group Zoho')
    expect(summarizePlan(plan({ added: [pair('Bo', 'Acme')] }))).toBe('Bo added to Acme')
    expect(summarizePlan(plan({}))).toBe('no association changed')
  })

  it('exactly SUMMARY_CHANGES_MAX changes are all listed', () => {
    const summary = summarizePlan(plan({ removed: many(SUMMARY_CHANGES_MAX, 'U') }))
    expect(summary.split('; ')).toHaveLength(SUMMARY_CHANGES_MAX)
    expect(summary).not.toContain('more')
  })

  it('a 5 000-pair plan lists the first changes, then how many more of each kind', () => {
    const view = plan({
      removed: many(10, 'R'),
      kept: many(4980, 'K').map((p) => ({ ...p, keptBy: 'group Zoho' })),
      added: many(10, 'A'),
    })
    const summary = summarizePlan(view)
    const parts = summary.split('; ')
    expect(parts).toHaveLength(SUMMARY_CHANGES_MAX + 1)
    expect(parts[0]).toBe('R0 removed from C0')
    expect(parts[10]).toBe('K0 kept on C0 via group Zoho')
    expect(parts.at(-1)).toBe('and 4980 more (0 removed, 4970 kept, 10 added)')
    expect(summary.length).toBeLessThan(1000)
  })
})
