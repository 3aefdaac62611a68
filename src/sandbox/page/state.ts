// From what the page's script sends (values by block and action id, the way a form reads them) to what
// Slack sends the app: `view.state.values` and `actions[0]`, with option objects taken from the blocks
// the app sent (static options) or from the app's own options answers (external selects, echoed back).
import type { SelectedOption, SlackAction, ViewStateValue, ViewStateValues } from '../emulator/types.ts'
import { blockIdOf } from './blocks.ts'
import { isJson, type Json, list, obj, str } from './json.ts'

/** One control's value as the page read it. */
export interface PageInput {
  /** Text inputs, a chosen option's value (selects, radio buttons, overflow), a clicked button. */
  value?: string | null
  /** Chosen values of checkboxes and multi-selects. */
  values?: string[]
  /** External selects: the chosen options as the app offered them (text and value). */
  options?: Array<{ text: string; value: string }>
  /** file_input: ids the emulator gave the uploads. */
  files?: string[]
}

export type PageValues = Record<string, Record<string, PageInput>>

interface Located {
  blockId: string
  element: Json
  /** In an input block (always part of `state.values`). */
  input: boolean
}

/** Every element with an action_id, with the block it sits in. */
export function interactiveElements(blocks: readonly unknown[]): Located[] {
  return blocks.filter(isJson).flatMap((block, index) => {
    const blockId = blockIdOf(block, index)
    const type = str(block, 'type')
    const elements =
      type === 'input'
        ? [obj(block, 'element')]
        : type === 'actions'
          ? list(block, 'elements')
          : type === 'section'
            ? [obj(block, 'accessory')]
            : []
    return elements
      .filter((el): el is Json => isJson(el) && typeof el.action_id === 'string')
      .map((element) => ({ blockId, element, input: type === 'input' }))
  })
}

/** The element's own options, flat (option groups opened). */
function ownOptions(el: Json): Json[] {
  const groups = list(el, 'option_groups')
  return groups.length > 0 ? groups.flatMap((g) => list(g, 'options')) : list(el, 'options')
}

const asSelected = (option: Json): SelectedOption => option as unknown as SelectedOption

const plainOption = (o: { text: string; value: string }): SelectedOption => ({
  text: { type: 'plain_text', text: o.text, emoji: true },
  value: o.value,
})

function chosenOptions(el: Json, input: PageInput): SelectedOption[] {
  const type = str(el, 'type') ?? ''
  if (type.endsWith('external_select')) return (input.options ?? []).map(plainOption)
  const wanted = input.values ?? (input.value ? [input.value] : [])
  const own = ownOptions(el)
  return wanted.flatMap((v) => {
    const found = own.find((o) => str(o, 'value') === v)
    return found ? [asSelected(found)] : []
  })
}

const STATELESS = new Set(['button', 'overflow', 'image'])

/** The state entry Slack keeps for one element. */
export function stateValueOf(el: Json, input: PageInput): ViewStateValue {
  const type = str(el, 'type') ?? ''
  switch (type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: chosenOptions(el, input)[0] ?? null }
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: chosenOptions(el, input) }
    case 'file_input':
      return { type, files: (input.files ?? []).map((id) => ({ id })) }
    case 'datepicker':
      return { type, selected_date: input.value || null }
    default:
      return { type, value: input.value === undefined || input.value === '' ? null : input.value }
  }
}

/** `view.state.values` for the view's blocks: every input block's element, and stateful ones the page sent. */
export function stateValues(blocks: readonly unknown[], page: PageValues): ViewStateValues {
  const values: ViewStateValues = {}
  for (const { blockId, element, input } of interactiveElements(blocks)) {
    const type = str(element, 'type') ?? ''
    const actionId = str(element, 'action_id') ?? ''
    const sent = page[blockId]?.[actionId]
    if (STATELESS.has(type) || (!input && !sent)) continue
    values[blockId] = { ...values[blockId], [actionId]: stateValueOf(element, sent ?? {}) }
  }
  return values
}

/** `actions[0]` for a click or a choice on one element; undefined when the blocks have no such element. */
export function actionOf(
  blocks: readonly unknown[],
  blockId: string,
  actionId: string,
  input: PageInput,
): SlackAction | undefined {
  const found = interactiveElements(blocks).find(
    (l) => l.blockId === blockId && str(l.element, 'action_id') === actionId,
  )
  if (!found) return undefined
  const el = found.element
  const type = str(el, 'type') ?? ''
  const base = { type, action_id: actionId, block_id: blockId }
  if (type === 'button') {
    const text = obj(el, 'text')
    return {
      ...base,
      ...(str(el, 'value') !== undefined ? { value: str(el, 'value') } : {}),
      text: { type: 'plain_text', text: str(text, 'text') ?? '', emoji: true },
      ...(str(el, 'style') ? { style: str(el, 'style') } : {}),
    }
  }
  if (type === 'overflow') {
    const option = ownOptions(el).find((o) => str(o, 'value') === input.value)
    return option ? { ...base, selected_option: asSelected(option) } : undefined
  }
  const { value, ...rest } = stateValueOf(el, input)
  return { ...base, ...rest, ...(value != null ? { value } : {}), type }
}

/** The blocks the page's input is about: a message's, or a view's. */
export const blocksOf = (holder: Json | undefined): unknown[] =>
  Array.isArray(holder?.blocks) ? (holder.blocks as unknown[]) : []
