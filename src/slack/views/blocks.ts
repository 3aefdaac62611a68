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

export const section = (text: string): KnownBlock => ({
  type: 'section',
  text: mrkdwn(clip(text, SECTION_TEXT_MAX)),
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

/** Joins lines into as few sections as the text limit allows. */
export function linesToSections(lines: readonly string[], maxBlocks: number): KnownBlock[] {
  const blocks: KnownBlock[] = []
  let current = ''
  for (const [i, line] of lines.entries()) {
    if (current.length + line.length + 1 > SECTION_TEXT_MAX) {
      if (blocks.length === maxBlocks - 1) {
        blocks.push(section(`…and ${lines.length - i} more`))
        return blocks
      }
      blocks.push(section(current))
      current = ''
    }
    current = current ? `${current}\n${line}` : line
  }
  if (current) blocks.push(section(current))
  return blocks
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
