import { describe, expect, it } from 'vitest'
import type { BlockView, KeptView, PairView, PlanView } from '../../../src/services/associations/plan-view.ts'
import {
  failureNotificationBlocks,
  failureNotificationText,
  MAX_FIX_ROWS,
  MAX_PLAN_LINES,
  planPreviewView,
} from '../../../src/slack/blocks/plan-preview.ts'
import { validateMessageContent, validateView } from '../../support/slack-spec/block-kit-validator.ts'
import { bytesOf, shownLines } from './helpers.ts'

const META = { channel: 'C1', pendingId: 'p-1' }

const pair = (i: number, name = `User ${i}`): PairView => ({
  userId: i,
  customerId: 1000 + i,
  user: name,
  customer: `Customer ${i}`,
})
const kept = (i: number): KeptView => ({ ...pair(i), keptBy: `group Group ${i}` })
const blocked = (i: number): BlockView => ({
  ...pair(i),
  reason: `User ${i} is the Account Contact of Customer ${i}`,
  fix: `change the Account Contact of Customer ${i} first`,
  fixAction: { kind: 'change-account-contact' },
})
const range = <T>(n: number, f: (i: number) => T, from = 0) =>
  Array.from({ length: n }, (_, i) => f(from + i))

/** 5 000 pairs: 10 removed, 4 980 kept, 10 added. */
const bigPlan = (blockedCount = 0): PlanView => ({
  removed: range(10, pair),
  kept: range(4980, kept, 10),
  added: range(10, pair, 4990),
  blocked: range(blockedCount, blocked, 6000),
})

const small: PlanView = {
  removed: [pair(1, 'Alex')],
  kept: [{ ...pair(2, 'Alex'), keptBy: 'group Zoho' }],
  added: [],
  blocked: [],
}

describe('planPreviewView', () => {
  it('a 5 000-pair preview stays within Slack’s view limits (250 kB) and says how many more per kind', () => {
    const view = planPreviewView('preview', 'group Zoho', bigPlan(), META)
    expect(validateView(view, 'modal')).toEqual([])
    expect(bytesOf(view)).toBeLessThan(250 * 1024)
    const lines = shownLines(view.blocks as never)
    const pairLines = lines.filter((l) =>
      /^:(heavy_minus_sign|white_check_mark|heavy_plus_sign|no_entry):/.test(l),
    )
    expect(pairLines).toHaveLength(MAX_PLAN_LINES)
    expect(lines.at(-1)).toBe(
      `…and ${5000 - MAX_PLAN_LINES} more (${4980 - (MAX_PLAN_LINES - 10)} kept, 10 added)`,
    )
  })

  it('blocked pairs come first, each with its reason, and the rest are counted', () => {
    const view = planPreviewView('blocked', 'group Zoho', bigPlan(30), META)
    expect(validateView(view, 'modal')).toEqual([])
    const lines = shownLines(view.blocks as never)
    const firstPair = lines.findIndex((l) => l.startsWith(':no_entry: *'))
    expect(firstPair).toBeGreaterThan(0)
    for (let i = 0; i < 30; i++)
      expect(lines[firstPair + i]).toBe(
        `:no_entry: *User ${6000 + i}* cannot leave *Customer ${6000 + i}*: User ${6000 + i} is the Account Contact of Customer ${6000 + i} — change the Account Contact of Customer ${6000 + i} first`,
      )
    expect(lines.at(-1)).toBe(
      `…and ${5030 - MAX_PLAN_LINES} more (${4980 - (MAX_PLAN_LINES - 40)} kept, 10 added)`,
    )
    expect(view.blocks.filter((b) => b.type === 'actions')).toHaveLength(MAX_FIX_ROWS)
  })

  it('long names still keep the view under 250 kB', () => {
    const long = (i: number) => `${'Ünïcødé 名前 '.repeat(60)}${i}`
    const plan: PlanView = {
      removed: range(3000, (i) => ({ ...pair(i), user: long(i), customer: long(i) })),
      kept: [],
      added: [],
      blocked: [],
    }
    const view = planPreviewView('preview', 'group Zoho', plan, META)
    expect(validateView(view, 'modal')).toEqual([])
    expect(shownLines(view.blocks as never).at(-1)).toMatch(/^…and \d+ more \(\d+ removed\)$/)
  })

  it('a small plan lists every pair, with no "more"', () => {
    const view = planPreviewView('preview', 'group Zoho', small, META)
    expect(validateView(view, 'modal')).toEqual([])
    const lines = shownLines(view.blocks as never)
    expect(lines).toContain(':heavy_minus_sign: *Alex* removed from *Customer 1*')
    expect(lines).toContain(':white_check_mark: *Alex* kept on *Customer 2* — via group Zoho')
    expect(lines.some((l) => l.includes('more'))).toBe(false)
  })
})

describe('failure notification', () => {
  it('blocks: at most MAX_PLAN_LINES blocked pairs, then how many more, within Slack’s message limits', () => {
    const plan = bigPlan(400)
    const blocks = failureNotificationBlocks('U1', 'group Zoho', plan)
    expect(validateMessageContent({ blocks: blocks as never })).toEqual([])
    const lines = shownLines(blocks).filter((l) => l.startsWith('• '))
    expect(lines).toHaveLength(MAX_PLAN_LINES)
    expect(shownLines(blocks)).toContain(
      `…and ${400 - MAX_PLAN_LINES} more (${400 - MAX_PLAN_LINES} blocked)`,
    )
  })

  it('text: up to 20 blocked pairs, then how many more', () => {
    const { text } = failureNotificationText('group Zoho', bigPlan(400))
    expect(text.split('; ')).toHaveLength(21)
    expect(text).toMatch(
      /^Blocked save of group Zoho: User 6000 on Customer 6000 \(change the Account Contact of Customer 6000 first\); /,
    )
    expect(text.endsWith('; and 380 more blocked')).toBe(true)
    expect(text.length).toBeLessThan(3000)
  })

  it('text of a small blocked save is unchanged', () => {
    const plan: PlanView = { ...small, blocked: [blocked(1), blocked(2)] }
    expect(failureNotificationText('group Zoho', plan).text).toBe(
      'Blocked save of group Zoho: User 1 on Customer 1 (change the Account Contact of Customer 1 first); User 2 on Customer 2 (change the Account Contact of Customer 2 first)',
    )
  })
})
