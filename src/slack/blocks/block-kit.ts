// Small Block Kit builders shared by the views.
import type { Button, ConfirmationDialog, KnownBlock, Option, PlainTextOption } from '@slack/types'
import { BUTTON_TEXT_MAX, CONFIRM_TEXT_MAX, clip, OPTION_TEXT_MAX, SECTION_TEXT_MAX } from './limits.ts'

export interface NamedRef {
  id: number
  name: string
}

export const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true })
export const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text })

export const option = (ref: NamedRef): PlainTextOption => ({
  text: plain(clip(ref.name, OPTION_TEXT_MAX)),
  value: String(ref.id),
})

/** A mrkdwn section, its text clipped to Slack's limit; optionally with an accessory (e.g. a button). */
export const section = (text: string, accessory?: Button): KnownBlock => ({
  type: 'section',
  text: mrkdwn(clip(text, SECTION_TEXT_MAX)),
  ...(accessory ? { accessory } : {}),
})
export const context = (text: string): KnownBlock => ({
  type: 'context',
  elements: [mrkdwn(clip(text, 2000))],
})
export const divider = (): KnownBlock => ({ type: 'divider' })
export const header = (text: string): KnownBlock => ({ type: 'header', text: plain(clip(text, 150)) })

export function confirmDialog(
  title: string,
  text: string,
  confirm = 'Yes',
  style?: 'danger',
): ConfirmationDialog {
  return {
    title: plain(clip(title, 100)),
    text: mrkdwn(clip(text, CONFIRM_TEXT_MAX)),
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

/** A warning line above a form's fields, when there is one. */
export const noticeBlocks = (notice: string | undefined): KnownBlock[] =>
  notice ? [context(`:warning: ${notice}`)] : []

export interface LinesOptions {
  /** Show at most this many lines. */
  maxLines?: number
  /** The shown lines take at most this many bytes of JSON (keeps a view within Slack's 250 kB). */
  maxBytes?: number
  /** The last line when lines are left out: `hidden` of them, from index `from` on. */
  more?: (hidden: number, from: number) => string
}

const defaultMore = (hidden: number) => `…and ${hidden} more`

interface Chunk {
  text: string
  start: number
  end: number
}

/**
 * Joins lines into as few sections as the text limit allows, at most `maxBlocks` of them. A line longer
 * than a section is clipped; when lines are left out (blocks, `maxLines` or `maxBytes`), the last
 * section ends with "…and N more". Never emits an empty section.
 */
export function linesToSections(
  lines: readonly string[],
  maxBlocks: number,
  options: LinesOptions = {},
): KnownBlock[] {
  const {
    maxLines = Number.POSITIVE_INFINITY,
    maxBytes = Number.POSITIVE_INFINITY,
    more = defaultMore,
  } = options
  if (maxBlocks < 1 || lines.length === 0) return []
  const lineAt = (i: number) => clip(lines[i] ?? '', SECTION_TEXT_MAX)
  const chunks: Chunk[] = []
  let bytes = 0
  let end = 0 // lines [0, end) are shown
  for (; end < Math.min(lines.length, maxLines); end++) {
    const line = lineAt(end)
    bytes += Buffer.byteLength(JSON.stringify(line)) // the quotes stand for the joining newline
    if (bytes > maxBytes) break
    const last = chunks.at(-1)
    if (last && last.text.length + 1 + line.length <= SECTION_TEXT_MAX) {
      last.text = `${last.text}\n${line}`
      last.end = end + 1
    } else {
      if (chunks.length === maxBlocks) break
      chunks.push({ text: line, start: end, end: end + 1 })
    }
  }
  // Lines left out: end the last section with "…and N more", dropping its last lines if it must.
  while (end < lines.length) {
    const rest = clip(more(lines.length - end, end), SECTION_TEXT_MAX)
    const last = chunks.at(-1)
    if (last && last.text.length + 1 + rest.length <= SECTION_TEXT_MAX) {
      last.text = `${last.text}\n${rest}`
      break
    }
    if (chunks.length < maxBlocks) {
      chunks.push({ text: rest, start: end, end })
      break
    }
    if (!last) break // unreachable: maxBlocks >= 1
    last.end -= 1
    end = last.end
    if (last.end === last.start) chunks.pop()
    else
      last.text = Array.from({ length: last.end - last.start }, (_, i) => lineAt(last.start + i)).join('\n')
  }
  return chunks.filter((c) => c.text.length > 0).map((c) => section(c.text))
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
