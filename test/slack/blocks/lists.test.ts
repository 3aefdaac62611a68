// The row builders of /msp customers and /msp groups.
import { describe, expect, it } from 'vitest'
import type { CustomerSummary } from '../../../src/services/queries/customers.ts'
import type { GroupSummary } from '../../../src/services/queries/groups.ts'
import { customerListBlocks } from '../../../src/slack/blocks/customer-list.ts'
import { GROUP_ROWS_WITH_BUTTONS, groupListBlocks } from '../../../src/slack/blocks/group-list.ts'
import { validateMessageContent } from '../../support/slack-spec/block-kit-validator.ts'
import { sectionTexts, shownLines } from './helpers.ts'

const customer = (i: number, groups = 1): CustomerSummary => ({
  id: i,
  name: `Customer ${i}`,
  dataCenter: 'us',
  groups: Array.from({ length: groups }, (_, g) => `Group with a rather long name number ${g}`),
  accountContact: 'Alex',
})
const group = (i: number): GroupSummary => ({
  id: i,
  name: `Group ${String(i).padStart(3, '0')}`,
  isDefault: i === 0,
  customers: i,
  users: 1,
})
const editButtons = (blocks: ReturnType<typeof groupListBlocks>) =>
  blocks.flatMap((b) => (b.type === 'section' && b.accessory?.type === 'button' ? [b.accessory] : []))

describe('customerListBlocks', () => {
  it('clips a customer row with many groups to Slack’s section limit, keeping its Edit button', () => {
    const blocks = customerListBlocks({ customers: [customer(1, 200), customer(2)], total: 2 })
    expect(validateMessageContent({ blocks: blocks as never })).toEqual([])
    expect(editButtons(blocks).map((b) => b.value)).toEqual(['1', '2'])
    expect(sectionTexts(blocks)[1]).toMatch(/^\*Customer 1\* \(US\) — groups: .*…$/)
  })

  it('beyond the rows with buttons, long rows are listed as clipped text', () => {
    const customers = Array.from({ length: 60 }, (_, i) => customer(i, i >= 20 ? 200 : 1))
    const blocks = customerListBlocks({ customers, total: 60 })
    expect(validateMessageContent({ blocks: blocks as never })).toEqual([])
    expect(editButtons(blocks)).toHaveLength(20)
  })

  it('a page of a big book ends with how many are not listed and how to narrow the list', () => {
    const customers = Array.from({ length: 200 }, (_, i) => customer(i))
    const blocks = customerListBlocks({ customers, total: 10_000 })
    expect(validateMessageContent({ blocks: blocks as never })).toEqual([])
    const lines = shownLines(blocks)
    expect(lines[0]).toBe('*10000 customers*')
    expect(lines.filter((l) => l.startsWith('*Customer '))).toHaveLength(200)
    // the hint's angle brackets escaped, as mrkdwn needs
    expect(lines.at(-1)).toBe('…and 9800 more: narrow the list with `/msp customers &lt;search&gt;`')
  })
})

describe('groupListBlocks', () => {
  it('a group list that fits: every group a row with an Edit button', () => {
    const groups = Array.from({ length: 49 }, (_, i) => group(i))
    const blocks = groupListBlocks(groups)
    expect(validateMessageContent({ blocks: blocks as never })).toEqual([])
    expect(editButtons(blocks).map((b) => b.value)).toEqual(['add', ...groups.map((g) => String(g.id))])
  })

  it('drops no group: beyond what fits with buttons, the rest are listed as text', () => {
    const groups = Array.from({ length: 120 }, (_, i) => group(i))
    const blocks = groupListBlocks(groups)
    expect(validateMessageContent({ blocks: blocks as never })).toEqual([])
    expect(editButtons(blocks)).toHaveLength(1 + GROUP_ROWS_WITH_BUTTONS)
    const lines = shownLines(blocks)
    expect(lines[0]).toBe('*120 customer groups*')
    for (const g of groups) expect(lines.some((l) => l.startsWith(`*${g.name}*`))).toBe(true)
    expect(lines.at(-1)).toBe('*Group 119* — 119 customers, 1 MSP user')
  })

  it('so many groups that text runs out of blocks too: "…and N more"', () => {
    const groups = Array.from({ length: 3000 }, (_, i) => group(i))
    const blocks = groupListBlocks(groups)
    expect(validateMessageContent({ blocks: blocks as never })).toEqual([])
    expect(blocks.length).toBeLessThanOrEqual(50)
    const lines = shownLines(blocks)
    const last = lines.pop()
    expect(last).toBe(`…and ${3000 - (lines.length - 1)} more`)
  })
})
