// Block Kit as HTML for the sandbox page: pure functions of the blocks the app sent. Every control has an
// accessible name (its label, placeholder or text) and carries data-* attributes that the page's script
// reads to send Slack's payloads (block_actions, block_suggestion, view_submission) through the emulator.
import type { ViewStateValues } from '../emulator/types.ts'
import { replaceEmoji } from './emoji.ts'
import { EMPTY, type Html, html, join, safeHref } from './html.ts'
import type { IdMaker } from './ids.ts'
import { isJson, type Json, list, num, obj, str, textOf } from './json.ts'
import { type MentionNames, mrkdwnPlainText, mrkdwnToHtml } from './mrkdwn.ts'

export interface RenderContext {
  names: MentionNames
  ids: IdMaker
  /** The values the page last sent for the view (they win over the view's initial values). */
  values?: ViewStateValues
  /** Errors from the view's last submission (block_id → message), shown under their fields. */
  errors?: Record<string, string>
}

/** Slack's block id, or a stable stand-in for a block the app sent without one. */
export const blockIdOf = (block: Json, index: number): string => str(block, 'block_id') ?? `block-${index}`

/** A text object (`plain_text` or `mrkdwn`) as HTML. */
export function textObject(text: Json | undefined, names: MentionNames): Html {
  if (!text) return EMPTY
  const value = str(text, 'text') ?? ''
  if (str(text, 'type') === 'mrkdwn') return mrkdwnToHtml(value, names)
  return html`${text.emoji === false ? value : replaceEmoji(value)}`
}

/** A plain_text object's words (for attributes such as aria-label and option text). */
const plainWords = (text: Json | undefined): string => {
  const value = str(text, 'text') ?? ''
  return text?.emoji === false ? value : replaceEmoji(value)
}

interface Where {
  blockId: string
  /** Fires a block action at once (actions blocks, section accessories, input with dispatch_action). */
  dispatch: boolean
  /** The input block's label element id (the control's accessible name), when in an input block. */
  labelId?: string
  /** Accessible name when there is no label element. */
  name?: string
  describedBy?: string
  /** A section accessory: what its section says (first line), to tell one row's control from another's. */
  about?: string
}

const dataAttrs = (el: Json, where: Where): Html =>
  html`data-el="${str(el, 'type') ?? ''}" data-block-id="${where.blockId}" data-action-id="${str(el, 'action_id') ?? ''}"${where.dispatch ? html` data-dispatch="1"` : EMPTY}`

const nameAttrs = (where: Where, fallback: string): Html =>
  html`${where.labelId ? html` aria-labelledby="${where.labelId}"` : html` aria-label="${where.name ?? fallback}"`}${where.describedBy ? html` aria-describedby="${where.describedBy}"` : EMPTY}`

/** The options of a select (flat or grouped), each with its group label when grouped. */
function optionsOf(el: Json): { option: Json; group?: string }[] {
  const groups = list(el, 'option_groups')
  if (groups.length > 0)
    return groups.flatMap((g) =>
      list(g, 'options').map((option) => ({ option, group: plainWords(obj(g, 'label')) })),
    )
  return list(el, 'options').map((option) => ({ option }))
}

const optionValue = (option: Json | undefined) => str(option, 'value') ?? ''

function confirmDialog(confirm: Json | undefined, ctx: RenderContext): { attr: Html; dialog: Html } {
  if (!confirm) return { attr: EMPTY, dialog: EMPTY }
  const id = ctx.ids.next('confirm')
  const style = str(confirm, 'style') === 'danger' ? 'danger' : 'primary'
  return {
    attr: html` data-confirm="${id}"`,
    dialog: html`<dialog class="confirm" id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${textObject(obj(confirm, 'title'), ctx.names)}</h2><div class="confirm-text">${textObject(obj(confirm, 'text'), ctx.names)}</div><div class="buttons"><button type="button" class="btn" data-confirm-no>${plainWords(obj(confirm, 'deny')) || 'Cancel'}</button><button type="button" class="btn ${style}" data-confirm-yes>${plainWords(obj(confirm, 'confirm')) || 'Yes'}</button></div></dialog>`,
  }
}

function button(el: Json, where: Where, ctx: RenderContext): Html {
  const words = textObject(obj(el, 'text'), ctx.names)
  const style = str(el, 'style')
  const cls = style === 'primary' || style === 'danger' ? `btn ${style}` : 'btn'
  const url = str(el, 'url')
  const href = url ? safeHref(url) : undefined
  const accessibility = str(el, 'accessibility_label')
  const label = accessibility ? html` aria-label="${accessibility}"` : EMPTY
  const { attr, dialog } = confirmDialog(obj(el, 'confirm'), ctx)
  if (href)
    return html`<a class="${cls}" href="${href}" target="_blank" rel="noopener noreferrer"${label} ${dataAttrs(el, { ...where, dispatch: true })}>${words}</a>`
  return html`<button type="button" class="${cls}"${label} value="${str(el, 'value') ?? ''}" ${dataAttrs(el, { ...where, dispatch: true })}${attr}>${words}</button>${dialog}`
}

function staticSelect(el: Json, where: Where, ctx: RenderContext, current: Json | undefined): Html {
  const multi = str(el, 'type')?.startsWith('multi_') ?? false
  const selected = new Set<string>(
    current
      ? multi
        ? list(current, 'selected_options').map(optionValue)
        : current.selected_option
          ? [optionValue(obj(current, 'selected_option'))]
          : []
      : multi
        ? list(el, 'initial_options').map(optionValue)
        : obj(el, 'initial_option')
          ? [optionValue(obj(el, 'initial_option'))]
          : [],
  )
  const placeholder = plainWords(obj(el, 'placeholder'))
  const opts = optionsOf(el)
  const optionHtml = (option: Json) =>
    html`<option value="${optionValue(option)}"${selected.has(optionValue(option)) ? html` selected` : EMPTY}>${plainWords(obj(option, 'text'))}</option>`
  const groups = new Map<string | undefined, Json[]>()
  for (const { option, group } of opts) groups.set(group, [...(groups.get(group) ?? []), option])
  const body = [...groups].map(([group, options]) =>
    group === undefined
      ? join(options.map(optionHtml))
      : html`<optgroup label="${group}">${options.map(optionHtml)}</optgroup>`,
  )
  const id = ctx.ids.next('select')
  const first = multi ? EMPTY : html`<option value="">${placeholder || 'Select an option'}</option>`
  const { attr, dialog } = confirmDialog(obj(el, 'confirm'), ctx)
  return html`<select id="${id}"${multi ? html` multiple` : EMPTY}${nameAttrs(where, [placeholder || 'Select an option', where.about].filter(Boolean).join(': '))} ${dataAttrs(el, where)}${attr}>${first}${body}</select>${dialog}`
}

function externalSelect(el: Json, where: Where, ctx: RenderContext, current: Json | undefined): Html {
  const type = str(el, 'type') ?? ''
  const multi = type.startsWith('multi_')
  const chosen = current
    ? multi
      ? list(current, 'selected_options')
      : [obj(current, 'selected_option')].filter(isJson)
    : multi
      ? list(el, 'initial_options')
      : [obj(el, 'initial_option')].filter(isJson)
  const placeholder = plainWords(obj(el, 'placeholder'))
  const listId = ctx.ids.next('listbox')
  const chips = chosen.map((option) => {
    const text = plainWords(obj(option, 'text'))
    return html`<li class="chip" data-value="${optionValue(option)}" data-text="${text}">${text} <button type="button" class="chip-remove" aria-label="Remove ${text}">×</button></li>`
  })
  const minQuery = num(el, 'min_query_length') ?? 3
  const searchName = `Search ${where.name ?? (placeholder || 'options')}`
  return html`<div class="ext-select" role="group"${nameAttrs(where, placeholder || 'options')} ${dataAttrs(el, where)} data-multi="${multi ? '1' : '0'}" data-min-query="${minQuery}"><ul class="chips" aria-label="Selected">${chips}</ul><input type="text" class="ext-search" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="${listId}" autocomplete="off" placeholder="${placeholder || 'Type to search'}" aria-label="${searchName}"><ul class="listbox" role="listbox" id="${listId}" aria-label="Options" hidden></ul></div>`
}

function overflow(el: Json, where: Where, ctx: RenderContext): Html {
  const id = ctx.ids.next('overflow')
  const { attr, dialog } = confirmDialog(obj(el, 'confirm'), ctx)
  return html`<select id="${id}" class="overflow" aria-label="${where.about ? `More actions: ${where.about}` : 'More actions'}" ${dataAttrs(el, { ...where, dispatch: true })}${attr}><option value="">⋯</option>${list(el, 'options').map((o) => html`<option value="${optionValue(o)}">${plainWords(obj(o, 'text'))}</option>`)}</select>${dialog}`
}

function choices(el: Json, where: Where, ctx: RenderContext, current: Json | undefined): Html {
  const radio = str(el, 'type') === 'radio_buttons'
  const chosen = new Set<string>(
    current
      ? radio
        ? [optionValue(obj(current, 'selected_option'))]
        : list(current, 'selected_options').map(optionValue)
      : radio
        ? [optionValue(obj(el, 'initial_option'))]
        : list(el, 'initial_options').map(optionValue),
  )
  const group = ctx.ids.next(radio ? 'radio' : 'checks')
  const items = list(el, 'options').map((option) => {
    const id = ctx.ids.next('choice')
    const description = obj(option, 'description')
    return html`<div class="choice"><input type="${radio ? 'radio' : 'checkbox'}" id="${id}" name="${group}" value="${optionValue(option)}"${chosen.has(optionValue(option)) ? html` checked` : EMPTY}><label for="${id}">${textObject(obj(option, 'text'), ctx.names)}${description ? html`<span class="description">${textObject(description, ctx.names)}</span>` : EMPTY}</label></div>`
  })
  return html`<div class="choices" role="${radio ? 'radiogroup' : 'group'}"${nameAttrs(where, radio ? 'Choose one' : 'Choose')} ${dataAttrs(el, where)}>${items}</div>`
}

function textInput(el: Json, where: Where, ctx: RenderContext, current: Json | undefined): Html {
  const type = str(el, 'type')
  const id = ctx.ids.next('input')
  const initial = current ? (str(current, 'value') ?? '') : (str(el, 'initial_value') ?? '')
  const placeholder = plainWords(obj(el, 'placeholder'))
  const max = num(el, 'max_length')
  const attrs = html`id="${id}"${nameAttrs(where, placeholder || 'Text')} ${dataAttrs(el, where)}${placeholder ? html` placeholder="${placeholder}"` : EMPTY}${max !== undefined ? html` maxlength="${max}"` : EMPTY}`
  if (type === 'plain_text_input' && el.multiline === true)
    return html`<textarea ${attrs} rows="4">${initial}</textarea>`
  const inputType =
    type === 'email_text_input'
      ? 'email'
      : type === 'url_text_input'
        ? 'url'
        : type === 'number_input'
          ? 'number'
          : type === 'datepicker'
            ? 'date'
            : 'text'
  const numberAttrs =
    type === 'number_input'
      ? html` step="${el.is_decimal_allowed === true ? 'any' : '1'}"${str(el, 'min_value') ? html` min="${str(el, 'min_value')}"` : EMPTY}${str(el, 'max_value') ? html` max="${str(el, 'max_value')}"` : EMPTY}`
      : EMPTY
  const value =
    type === 'datepicker' ? (current ? str(current, 'selected_date') : str(el, 'initial_date')) : initial
  return html`<input type="${inputType}" ${attrs}${numberAttrs} value="${value ?? ''}">`
}

function fileInput(el: Json, where: Where, ctx: RenderContext, current: Json | undefined): Html {
  const id = ctx.ids.next('file')
  const files = list(current, 'files')
  const kept = files.map((f) => str(f, 'id') ?? '').filter(Boolean)
  const names = files.map((f) => str(f, 'name') ?? str(f, 'id') ?? '').join(', ')
  const types = (Array.isArray(el.filetypes) ? el.filetypes : []).filter(
    (t): t is string => typeof t === 'string',
  )
  const maxFiles = num(el, 'max_files') ?? 10
  return html`<input type="file" id="${id}"${nameAttrs(where, 'File')} ${dataAttrs(el, where)}${types.length > 0 ? html` accept="${types.map((t) => `.${t}`).join(',')}"` : EMPTY}${maxFiles > 1 ? html` multiple` : EMPTY} data-max-files="${maxFiles}" data-files="${JSON.stringify(kept)}"><span class="file-status" aria-live="polite">${kept.length > 0 ? `Uploaded: ${names}` : ''}</span>`
}

function image(el: Json, cls: string): Html {
  const src = safeHref(str(el, 'image_url') ?? '')
  return src
    ? html`<img class="${cls}" src="${src}" alt="${str(el, 'alt_text') ?? ''}">`
    : html`<span class="${cls}">[${str(el, 'alt_text') ?? 'image'}]</span>`
}

/** One element (an actions block's, an accessory, an input block's). */
export function element(el: Json, where: Where, ctx: RenderContext): Html {
  const current = ctx.values?.[where.blockId]?.[str(el, 'action_id') ?? ''] as Json | undefined
  switch (str(el, 'type')) {
    case 'button':
      return button(el, where, ctx)
    case 'static_select':
    case 'multi_static_select':
      return staticSelect(el, where, ctx, current)
    case 'external_select':
    case 'multi_external_select':
      return externalSelect(el, where, ctx, current)
    case 'overflow':
      return overflow(el, where, ctx)
    case 'checkboxes':
    case 'radio_buttons':
      return choices(el, where, ctx, current)
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
    case 'datepicker':
      return textInput(el, where, ctx, current)
    case 'file_input':
      return fileInput(el, where, ctx, current)
    case 'image':
      return image(el, 'accessory-image')
    default:
      return html`<span class="unsupported" role="note">Not shown by the sandbox: ${str(el, 'type') ?? 'element'}</span>`
  }
}

const fieldError = (id: string, message: string | undefined): Html =>
  message
    ? html`<p class="field-error" id="${id}" role="alert">${message}</p>`
    : html`<p class="field-error" id="${id}" role="alert" hidden></p>`

function inputBlock(block: Json, blockId: string, ctx: RenderContext): Html {
  const el = obj(block, 'element') ?? {}
  const labelId = ctx.ids.next('label')
  const hint = obj(block, 'hint')
  const hintId = hint ? ctx.ids.next('hint') : undefined
  const errorId = `error-${blockId}`
  const where: Where = {
    blockId,
    dispatch: block.dispatch_action === true,
    labelId,
    name: plainWords(obj(block, 'label')),
    describedBy: [hintId, errorId].filter(Boolean).join(' '),
  }
  const optional = block.optional === true ? html` <span class="optional">(optional)</span>` : EMPTY
  const required = block.optional === true ? EMPTY : html` data-required="1"`
  return html`<div class="block input" data-block-id="${blockId}"${required}><span class="label" id="${labelId}">${plainWords(obj(block, 'label'))}</span>${optional}${element(el, where, ctx)}${hint ? html`<p class="hint" id="${hintId}">${textObject(hint, ctx.names)}</p>` : EMPTY}${fieldError(errorId, ctx.errors?.[blockId])}</div>`
}

/** Label-for wiring: an input block's control is named by its label (aria-labelledby). */
function block(b: Json, index: number, ctx: RenderContext): Html {
  const blockId = blockIdOf(b, index)
  const type = str(b, 'type')
  switch (type) {
    case 'header':
      return html`<div class="block header" data-block-id="${blockId}"><h3>${textObject(obj(b, 'text'), ctx.names)}</h3></div>`
    case 'divider':
      return html`<hr class="block divider">`
    case 'section': {
      const fields = list(b, 'fields')
      const accessory = obj(b, 'accessory')
      const words = textOf(b, 'text')
      const about = words ? mrkdwnPlainText(words.split('\n')[0] ?? '', ctx.names).slice(0, 80) : undefined
      const where: Where = { blockId, dispatch: true, about }
      return html`<div class="block section" data-block-id="${blockId}"><div class="section-body">${obj(b, 'text') ? html`<div class="text">${textObject(obj(b, 'text'), ctx.names)}</div>` : EMPTY}${fields.length > 0 ? html`<div class="fields">${fields.map((f) => html`<div class="field">${textObject(f, ctx.names)}</div>`)}</div>` : EMPTY}</div>${accessory ? html`<div class="accessory">${element(accessory, where, ctx)}</div>` : EMPTY}</div>`
    }
    case 'context':
      return html`<div class="block context" data-block-id="${blockId}">${list(b, 'elements').map((e) => (str(e, 'type') === 'image' ? image(e, 'context-image') : html`<span>${textObject(e, ctx.names)}</span>`))}</div>`
    case 'actions':
      return html`<div class="block actions" data-block-id="${blockId}">${list(b, 'elements').map((e) => element(e, { blockId, dispatch: true }, ctx))}</div>`
    case 'image':
      return html`<figure class="block image" data-block-id="${blockId}">${image(b, 'image')}${obj(b, 'title') ? html`<figcaption>${textObject(obj(b, 'title'), ctx.names)}</figcaption>` : EMPTY}</figure>`
    case 'input':
      return inputBlock(b, blockId, ctx)
    default:
      return html`<div class="block unsupported" role="note">Not shown by the sandbox: a ${type ?? 'unknown'} block</div>`
  }
}

/** A list of blocks as HTML. */
export function renderBlocks(blocks: readonly unknown[], ctx: RenderContext): Html {
  return join(blocks.filter(isJson).map((b, i) => block(b, i, ctx)))
}
