// Small Block Kit builders shared by the views. Every mrkdwn text is a Mrkdwn (see mrkdwn.ts): data in
// it is escaped; plain_text takes plain strings as they are.
import type { Button, ConfirmationDialog, KnownBlock, Option, PlainTextOption } from '@slack/types'
import { BUTTON_TEXT_MAX, CONFIRM_TEXT_MAX, clip, OPTION_TEXT_MAX, SECTION_TEXT_MAX } from './limits.ts'
import { clipMrkdwn, joinMrkdwn, type Mrkdwn, mrkdwn } from './mrkdwn.ts'

export interface NamedRef {
  id: number
  name: string
}

export const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true })
/** A mrkdwn text object, clipped to `max` characters (never inside an escape). */
export const mrkdwnText = (text: Mrkdwn, max: number) => ({
  type: 'mrkdwn' as const,
  text: clipMrkdwn(text, max).text,
})

export const option = (ref: NamedRef): PlainTextOption => ({
  text: plain(clip(ref.name, OPTION_TEXT_MAX)),
  value: String(ref.id),
})

/** A mrkdwn section, its text clipped to Slack's limit; optionally with an accessory (e.g. a button). */
export const section = (text: Mrkdwn, accessory?: Button): KnownBlock => ({
  type: 'section',
  text: mrkdwnText(text, SECTION_TEXT_MAX),
  ...(accessory ? { accessory } : {}),
})
export const context = (text: Mrkdwn): KnownBlock => ({
  type: 'context',
  elements: [mrkdwnText(text, 2000)],
})
export const divider = (): KnownBlock => ({ type: 'divider' })
export const header = (text: string): KnownBlock => ({ type: 'header', text: plain(clip(text, 150)) })

export function confirmDialog(
  title: string,
  text: Mrkdwn,
  confirm = 'Yes',
  style?: 'danger',
): ConfirmationDialog {
  return {
    title: plain(clip(title, 100)),
    text: mrkdwnText(text, CONFIRM_TEXT_MAX),
    confirm: plain(confirm),
    deny: plain('Cancel'),
    ...(style ? { style } : {}),
  }
}

export function button(
  text: string,
  actionId: string,
  value?: string,
  extra: { style?: 'primary' | 'danger'; confirm?: ConfirmationDialog } = {},
): Button {
  return {
    type: 'button',
    text: plain(clip(text, BUTTON_TEXT_MAX)),
    action_id: actionId,
    ...(value !== undefined ? { value } : {}),
    ...extra,
  }
}

/** A warning line above a form's fields, when there is one: plain text (e.g. from src/messages), escaped here. */
export const noticeBlocks = (notice: string | undefined): KnownBlock[] =>
  notice ? [context(mrkdwn`:warning: ${notice}`)] : []

export interface LinesOptions {
  /** Show at most this many lines. */
  maxLines?: number
  /** The shown lines take at most this many bytes of JSON (keeps a view within Slack's 250 kB). */
  maxBytes?: number
  /** How many lines the given ones are the first of (default: all of them): the rest count as left out. */
  total?: number
  /** The last line when lines are left out: `hidden` of them, from index `from` on. */
  more?: (hidden: number, from: number) => Mrkdwn
}

const defaultMore = (hidden: number) => mrkdwn`…and ${hidden} more`

interface Chunk {
  lines: Mrkdwn[]
  /** Characters of the lines joined by newlines. */
  length: number
  start: number
  end: number
}

/**
 * Joins lines into as few sections as the text limit allows, at most `maxBlocks` of them. A line longer
 * than a section is clipped; when lines are left out (blocks, `maxLines` or `maxBytes`), the last
 * section ends with "…and N more". Never emits an empty section.
 */
export function linesToSections(
  lines: readonly Mrkdwn[],
  maxBlocks: number,
  options: LinesOptions = {},
): KnownBlock[] {
  const {
    maxLines = Number.POSITIVE_INFINITY,
    maxBytes = Number.POSITIVE_INFINITY,
    more = defaultMore,
    total = lines.length,
  } = options
  if (maxBlocks < 1 || total === 0) return []
  const lineAt = (i: number) => clipMrkdwn(lines[i] ?? mrkdwn``, SECTION_TEXT_MAX)
  const chunkOf = (line: Mrkdwn, start: number, end: number): Chunk => ({
    lines: [line],
    length: line.length,
    start,
    end,
  })
  const append = (chunk: Chunk, line: Mrkdwn) => {
    chunk.lines.push(line)
    chunk.length += 1 + line.length
  }
  const chunks: Chunk[] = []
  let bytes = 0
  let end = 0 // lines [0, end) are shown
  for (; end < Math.min(lines.length, maxLines); end++) {
    const line = lineAt(end)
    bytes += Buffer.byteLength(JSON.stringify(line.text)) // the quotes stand for the joining newline
    if (bytes > maxBytes) break
    const last = chunks.at(-1)
    if (last && last.length + 1 + line.length <= SECTION_TEXT_MAX) {
      append(last, line)
      last.end = end + 1
    } else {
      if (chunks.length === maxBlocks) break
      chunks.push(chunkOf(line, end, end + 1))
    }
  }
  // Lines left out: end the last section with "…and N more", dropping its last lines if it must.
  while (end < total) {
    const rest = clipMrkdwn(more(total - end, end), SECTION_TEXT_MAX)
    const last = chunks.at(-1)
    if (last && last.length + 1 + rest.length <= SECTION_TEXT_MAX) {
      append(last, rest)
      break
    }
    if (chunks.length < maxBlocks) {
      chunks.push(chunkOf(rest, end, end))
      break
    }
    if (!last) break // unreachable: maxBlocks >= 1
    last.end -= 1
    end = last.end
    if (last.end === last.start) chunks.pop()
    else {
      last.lines.pop()
      last.length = joinMrkdwn(last.lines, '\n').length
    }
  }
  return chunks.filter((c) => c.length > 0).map((c) => section(joinMrkdwn(c.lines, '\n')))
}

/** An optional input whose options come from block_suggestion, prefilled with the current selection. */
export function multiExternalSelectInput(spec: {
  blockId: string
  actionId: string
  label: string
  placeholder: string
  hint?: string
  selected: readonly NamedRef[]
}): KnownBlock {
  return {
    type: 'input',
    block_id: spec.blockId,
    optional: true,
    label: plain(spec.label),
    ...(spec.hint ? { hint: plain(spec.hint) } : {}),
    element: {
      type: 'multi_external_select',
      action_id: spec.actionId,
      min_query_length: 0,
      placeholder: plain(spec.placeholder),
      ...(spec.selected.length > 0 ? { initial_options: spec.selected.map(option) } : {}),
    },
  }
}

export type { Option }
