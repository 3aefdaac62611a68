import { describe, expect, it } from 'vitest'
import { linesToSections, section } from '../../../src/slack/blocks/block-kit.ts'
import { MESSAGE_BLOCKS_MAX, SECTION_TEXT_MAX } from '../../../src/slack/blocks/limits.ts'
import { escaped, type Mrkdwn, mrkdwn } from '../../../src/slack/blocks/mrkdwn.ts'
import { validateBlocks } from '../../support/slack-spec/block-kit-validator.ts'
import { sectionTexts, shownLines } from './helpers.ts'

const lines = (n: number, width = 50) => Array.from({ length: n }, (_, i) => `line ${i}`.padEnd(width, '.'))
const md = (texts: readonly string[]): Mrkdwn[] => texts.map(escaped)

describe('linesToSections', () => {
  it('never emits an empty section: a first line longer than a section is clipped', () => {
    const long = 'x'.repeat(SECTION_TEXT_MAX + 500)
    const blocks = linesToSections(md([long, 'after']), MESSAGE_BLOCKS_MAX)
    expect(validateBlocks(blocks, 'message')).toEqual([])
    const texts = sectionTexts(blocks)
    expect(texts.every((t) => t.length > 0 && t.length <= SECTION_TEXT_MAX)).toBe(true)
    expect(texts[0]).toBe(`${'x'.repeat(SECTION_TEXT_MAX - 1)}…`)
    expect(texts.at(-1)).toBe('after')
  })

  it('clips an over-long line in the middle too, and keeps the lines around it', () => {
    const long = 'y'.repeat(SECTION_TEXT_MAX * 2)
    const blocks = linesToSections(md(['before', long, 'after']), MESSAGE_BLOCKS_MAX)
    expect(validateBlocks(blocks, 'message')).toEqual([])
    expect(sectionTexts(blocks)).toEqual(['before', `${'y'.repeat(SECTION_TEXT_MAX - 1)}…`, 'after'])
  })

  it('a single over-long line with a budget of one block is that line, clipped', () => {
    const blocks = linesToSections(md(['z'.repeat(SECTION_TEXT_MAX + 1)]), 1)
    expect(validateBlocks(blocks, 'message')).toEqual([])
    expect(sectionTexts(blocks)).toEqual([`${'z'.repeat(SECTION_TEXT_MAX - 1)}…`])
  })

  it('joins short lines into as few sections as fit, nothing lost', () => {
    const input = lines(200)
    const blocks = linesToSections(md(input), MESSAGE_BLOCKS_MAX)
    expect(validateBlocks(blocks, 'message')).toEqual([])
    expect(blocks.length).toBe(Math.ceil((200 * 51) / (SECTION_TEXT_MAX + 1)))
    expect(shownLines(blocks)).toEqual(input)
  })

  it('within the block budget, ends with "…and N more" counting every line not shown', () => {
    const input = lines(2000)
    const blocks = linesToSections(md(input), 5)
    expect(validateBlocks(blocks, 'message')).toEqual([])
    expect(blocks).toHaveLength(5)
    const shown = shownLines(blocks)
    const last = shown.pop() ?? ''
    expect(shown).toEqual(input.slice(0, shown.length))
    expect(last).toBe(`…and ${input.length - shown.length} more`)
  })

  it('maxLines and maxBytes bound what is shown; `more` gets how many and from where', () => {
    const input = lines(100)
    const calls: Array<[number, number]> = []
    const more = (hidden: number, from: number) => {
      calls.push([hidden, from])
      return mrkdwn`+${hidden} from ${from}`
    }
    expect(shownLines(linesToSections(md(input), 10, { maxLines: 7, more }))).toEqual([
      ...input.slice(0, 7),
      '+93 from 7',
    ])
    // Each line is 50 bytes of JSON + 2 for quotes/newline: 260 bytes hold 5 lines.
    expect(shownLines(linesToSections(md(input), 10, { maxBytes: 260, more }))).toEqual([
      ...input.slice(0, 5),
      '+95 from 5',
    ])
    expect(calls.at(-1)).toEqual([95, 5])
  })

  it('nothing in, nothing out; a zero budget yields no block', () => {
    expect(linesToSections([], 10)).toEqual([])
    expect(linesToSections(md(['a']), 0)).toEqual([])
    expect(linesToSections(md(['']), 10)).toEqual([])
  })
})

describe('section', () => {
  it('clips its text and keeps an accessory', () => {
    const block = section(escaped('w'.repeat(4000)), {
      type: 'button',
      text: { type: 'plain_text', text: 'Edit' },
      action_id: 'x',
    })
    expect(validateBlocks([block], 'message')).toEqual([])
    expect(block).toMatchObject({ accessory: { type: 'button' } })
  })
})
