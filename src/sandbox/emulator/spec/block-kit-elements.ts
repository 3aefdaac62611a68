import {
  ANY_TEXT,
  type Checker,
  checkArray,
  checkBoolean,
  checkCount,
  checkEnum,
  checkInteger,
  checkString,
  checkTextField,
  isObject,
  type JsonObject,
  PLAIN,
} from './block-kit-common.ts'
import { EXTRA_LIMITS, LIMITS, type Limit } from './limits.ts'

const SELECTS = [
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
] as const

const PICKERS = ['datepicker', 'timepicker', 'datetimepicker'] as const

/** Element types allowed per container (from @slack/types SectionBlockAccessory / ActionsBlockElement / InputBlockElement). */
export const SECTION_ACCESSORY_TYPES: ReadonlySet<string> = new Set([
  'button',
  'checkboxes',
  'datepicker',
  'image',
  'overflow',
  'radio_buttons',
  'timepicker',
  'workflow_button',
  ...SELECTS,
])

export const ACTIONS_ELEMENT_TYPES: ReadonlySet<string> = new Set([
  'button',
  'checkboxes',
  'overflow',
  'radio_buttons',
  'workflow_button',
  'rich_text_input',
  ...PICKERS,
  ...SELECTS,
])

export const INPUT_ELEMENT_TYPES: ReadonlySet<string> = new Set([
  'checkboxes',
  'email_text_input',
  'file_input',
  'number_input',
  'plain_text_input',
  'radio_buttons',
  'rich_text_input',
  'url_text_input',
  ...PICKERS,
  ...SELECTS,
])

export const CONTEXT_ACTIONS_ELEMENT_TYPES: ReadonlySet<string> = new Set(['feedback_buttons', 'icon_button'])

/** How an option list is used: selects/overflow take plain_text options, checkboxes/radios also mrkdwn. */
type OptionUse = 'select' | 'overflow' | 'choice'

export function checkConfirm(c: Checker, obj: JsonObject, path: string): void {
  const confirm = obj.confirm
  if (confirm === undefined) return
  const at = `${path}.confirm`
  if (!isObject(confirm)) {
    c.fail(at, 'must be a confirmation dialog object')
    return
  }
  checkTextField(c, confirm, 'title', at, { kinds: PLAIN, limit: LIMITS.confirmTitle, required: true })
  checkTextField(c, confirm, 'text', at, { kinds: ANY_TEXT, limit: LIMITS.confirmText, required: true })
  checkTextField(c, confirm, 'confirm', at, { kinds: PLAIN, limit: LIMITS.confirmConfirm, required: true })
  checkTextField(c, confirm, 'deny', at, { kinds: PLAIN, limit: LIMITS.confirmDeny, required: true })
  checkEnum(c, confirm, 'style', at, ['primary', 'danger'])
}

/** Validates one option object; returns a comparable key (`type|text|value`) when it is well-formed. */
export function checkOption(c: Checker, option: unknown, path: string, use: OptionUse): string | undefined {
  if (!isObject(option)) {
    c.fail(path, 'must be an option object')
    return undefined
  }
  const kinds = use === 'choice' ? ANY_TEXT : PLAIN
  checkTextField(c, option, 'text', path, { kinds, limit: LIMITS.optionText, required: true })
  const value = checkString(c, option, 'value', path, { required: true, limit: LIMITS.optionValue })
  checkTextField(c, option, 'description', path, { kinds, limit: LIMITS.optionDescription })
  if (option.url !== undefined && use !== 'overflow')
    c.fail(`${path}.url`, 'is only allowed in overflow menus')
  checkString(c, option, 'url', path, { limit: LIMITS.optionUrl })
  const text = isObject(option.text) ? option.text : {}
  return `${String(text.type)}|${String(text.text)}|${String(value)}`
}

function checkOptionList(c: Checker, list: unknown[], path: string, use: OptionUse): Set<string> {
  const keys = new Set<string>()
  for (const [i, option] of list.entries()) {
    const key = checkOption(c, option, `${path}[${i}]`, use)
    if (key !== undefined) keys.add(key)
  }
  return keys
}

function checkInitialOptions(
  c: Checker,
  el: JsonObject,
  path: string,
  known: Set<string> | undefined,
  use: OptionUse,
) {
  const matches = (option: unknown, at: string) => {
    const key = checkOption(c, option, at, use)
    if (known !== undefined && key !== undefined && !known.has(key)) {
      c.fail(at, 'must exactly match one of the element options')
    }
  }
  if (el.initial_option !== undefined) matches(el.initial_option, `${path}.initial_option`)
  const initial = checkArray(c, el, 'initial_options', path)
  for (const [i, option] of (initial ?? []).entries()) matches(option, `${path}.initial_options[${i}]`)
}

/** options / option_groups of static selects (and option lists of overflow, checkboxes, radios). */
function checkStaticOptions(c: Checker, el: JsonObject, path: string): Set<string> {
  const hasOptions = el.options !== undefined
  const hasGroups = el.option_groups !== undefined
  if (hasOptions === hasGroups) c.fail(path, 'must have exactly one of options or option_groups')
  const known = new Set<string>()
  const options = checkArray(c, el, 'options', path, { limit: LIMITS.staticSelectOptions })
  for (const key of checkOptionList(c, options ?? [], `${path}.options`, 'select')) known.add(key)
  const groups = checkArray(c, el, 'option_groups', path, { limit: LIMITS.staticSelectOptionGroups })
  for (const [i, group] of (groups ?? []).entries()) {
    const at = `${path}.option_groups[${i}]`
    if (!isObject(group)) {
      c.fail(at, 'must be an option group object')
      continue
    }
    checkTextField(c, group, 'label', at, { kinds: PLAIN, limit: LIMITS.optionGroupLabel, required: true })
    const groupOptions = checkArray(c, group, 'options', at, {
      required: true,
      limit: LIMITS.optionGroupOptions,
    })
    for (const key of checkOptionList(c, groupOptions ?? [], `${at}.options`, 'select')) known.add(key)
  }
  return known
}

function checkChoiceOptions(
  c: Checker,
  el: JsonObject,
  path: string,
  use: OptionUse,
  limit: Limit,
): Set<string> {
  const options = checkArray(c, el, 'options', path, { required: true })
  if (options === undefined) return new Set()
  checkCount(c, options, `${path}.options`, limit)
  return checkOptionList(c, options, `${path}.options`, use)
}

function checkPlaceholder(c: Checker, el: JsonObject, path: string): void {
  checkTextField(c, el, 'placeholder', path, { kinds: PLAIN, limit: LIMITS.placeholder })
}

function checkSelect(c: Checker, el: JsonObject, path: string, type: string): void {
  checkPlaceholder(c, el, path)
  checkConfirm(c, el, path)
  checkBoolean(c, el, 'focus_on_load', path)
  const multi = type.startsWith('multi_')
  if (multi) {
    checkInteger(c, el, 'max_selected_items', path, {
      min: LIMITS.multiSelectMaxSelectedMin,
      id: 'multi_static_select.max_selected_items',
    })
  }
  if (multi && el.initial_option !== undefined) c.fail(`${path}.initial_option`, `is not allowed on ${type}`)
  if (!multi && el.initial_options !== undefined)
    c.fail(`${path}.initial_options`, `is not allowed on ${type}`)
  const base = multi ? type.slice('multi_'.length) : type
  if (base === 'static_select') {
    checkInitialOptions(c, el, path, checkStaticOptions(c, el, path), 'select')
  } else if (base === 'external_select') {
    checkInteger(c, el, 'min_query_length', path, { min: 0 })
    checkInitialOptions(c, el, path, undefined, 'select')
  } else {
    const singular = base.replace('_select', '')
    if (multi) {
      const initial = checkArray(c, el, `initial_${singular}s`, path)
      for (const [i, id] of (initial ?? []).entries()) {
        if (typeof id !== 'string') c.fail(`${path}.initial_${singular}s[${i}]`, 'must be a string id')
      }
    } else {
      checkString(c, el, `initial_${singular}`, path)
    }
  }
}

function checkPlainTextInput(c: Checker, el: JsonObject, path: string): void {
  checkPlaceholder(c, el, path)
  checkString(c, el, 'initial_value', path)
  checkBoolean(c, el, 'multiline', path)
  checkBoolean(c, el, 'focus_on_load', path)
  const { plainTextInputMinLength: minL, plainTextInputMaxLength: maxL } = LIMITS
  const min = checkInteger(c, el, 'min_length', path, { min: minL.min, max: minL.max, id: minL.id })
  const max = checkInteger(c, el, 'max_length', path, { min: maxL.min, max: maxL.max, id: maxL.id })
  if (min !== undefined && max !== undefined && min > max)
    c.fail(path, 'min_length must not exceed max_length')
}

export function checkImageSource(
  c: Checker,
  el: JsonObject,
  path: string,
  altText: Limit,
  required = true,
): void {
  const hasUrl = el.image_url !== undefined
  const hasFile = el.slack_file !== undefined
  if (hasUrl && hasFile) c.fail(path, 'must not have both image_url and slack_file')
  if (!hasUrl && !hasFile && required) c.fail(path, 'must have image_url or slack_file')
  checkString(c, el, 'image_url', path)
  if (hasFile && !isObject(el.slack_file)) c.fail(`${path}.slack_file`, 'must be a slack file object')
  checkString(c, el, 'alt_text', path, { required: true, limit: altText })
}

function checkButtonLike(c: Checker, el: JsonObject, path: string): void {
  checkTextField(c, el, 'text', path, { kinds: PLAIN, limit: LIMITS.buttonText, required: true })
  checkEnum(c, el, 'style', path, ['primary', 'danger'])
  checkString(c, el, 'accessibility_label', path, { limit: LIMITS.buttonAccessibilityLabel })
}

function checkNumberInput(c: Checker, el: JsonObject, path: string): void {
  if (typeof el.is_decimal_allowed !== 'boolean')
    c.fail(`${path}.is_decimal_allowed`, 'is required (boolean)')
  checkPlaceholder(c, el, path)
  const bounds: Record<string, number> = {}
  for (const key of ['initial_value', 'min_value', 'max_value']) {
    const raw = checkString(c, el, key, path)
    if (raw === undefined) continue
    const parsed = Number(raw)
    if (raw.trim() === '' || Number.isNaN(parsed)) c.fail(`${path}.${key}`, 'must be a numeric string')
    else bounds[key] = parsed
  }
  const { min_value: min, max_value: max } = bounds
  if (min !== undefined && max !== undefined && min > max) c.fail(path, 'min_value must not exceed max_value')
}

/** Per-type checks, after the common action_id check. */
function checkElementBody(c: Checker, el: JsonObject, path: string, type: string): void {
  switch (type) {
    case 'button':
      checkButtonLike(c, el, path)
      checkString(c, el, 'value', path, { limit: LIMITS.buttonValue })
      checkString(c, el, 'url', path, { limit: LIMITS.buttonUrl })
      checkConfirm(c, el, path)
      return
    case 'workflow_button':
      checkButtonLike(c, el, path)
      if (!isObject(el.workflow)) c.fail(`${path}.workflow`, 'is required (object)')
      return
    case 'overflow':
      checkChoiceOptions(c, el, path, 'overflow', EXTRA_LIMITS.overflowOptions)
      checkConfirm(c, el, path)
      return
    case 'checkboxes':
    case 'radio_buttons': {
      const limit = type === 'checkboxes' ? EXTRA_LIMITS.checkboxesOptions : EXTRA_LIMITS.radioButtonsOptions
      const known = checkChoiceOptions(c, el, path, 'choice', limit)
      if (type === 'checkboxes' && el.initial_option !== undefined)
        c.fail(`${path}.initial_option`, 'use initial_options')
      if (type === 'radio_buttons' && el.initial_options !== undefined)
        c.fail(`${path}.initial_options`, 'use initial_option')
      checkInitialOptions(c, el, path, known, 'choice')
      checkConfirm(c, el, path)
      checkBoolean(c, el, 'focus_on_load', path)
      return
    }
    case 'datepicker': {
      const date = checkString(c, el, 'initial_date', path)
      if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date))
        c.fail(`${path}.initial_date`, 'must be YYYY-MM-DD')
      checkPlaceholder(c, el, path)
      checkConfirm(c, el, path)
      return
    }
    case 'timepicker': {
      const time = checkString(c, el, 'initial_time', path)
      if (time !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(time))
        c.fail(`${path}.initial_time`, 'must be HH:mm')
      checkString(c, el, 'timezone', path)
      checkPlaceholder(c, el, path)
      checkConfirm(c, el, path)
      return
    }
    case 'datetimepicker':
      checkInteger(c, el, 'initial_date_time', path, { min: 0 })
      checkConfirm(c, el, path)
      return
    case 'plain_text_input':
      checkPlainTextInput(c, el, path)
      return
    case 'email_text_input':
    case 'url_text_input':
      checkPlaceholder(c, el, path)
      checkString(c, el, 'initial_value', path)
      return
    case 'number_input':
      checkNumberInput(c, el, path)
      return
    case 'rich_text_input':
      checkPlaceholder(c, el, path)
      if (el.initial_value !== undefined && !isObject(el.initial_value))
        c.fail(`${path}.initial_value`, 'must be a rich_text block')
      return
    case 'file_input': {
      const files = EXTRA_LIMITS.fileInputMaxFiles
      checkInteger(c, el, 'max_files', path, { min: files.min, max: files.max, id: files.id })
      const types = checkArray(c, el, 'filetypes', path)
      if (types?.some((t) => typeof t !== 'string'))
        c.fail(`${path}.filetypes`, 'must be an array of strings')
      return
    }
    case 'image':
      checkImageSource(c, el, path, EXTRA_LIMITS.imageAltText)
      return
    default:
      if ((SELECTS as readonly string[]).includes(type)) checkSelect(c, el, path, type)
  }
}

const KNOWN_ELEMENT_TYPES = new Set([
  ...SECTION_ACCESSORY_TYPES,
  ...ACTIONS_ELEMENT_TYPES,
  ...INPUT_ELEMENT_TYPES,
  ...CONTEXT_ACTIONS_ELEMENT_TYPES,
])

/**
 * Validates a block element placed in a container that accepts `allowed` types.
 * Returns the element's action_id (for uniqueness checks by the caller).
 */
export function checkElement(
  c: Checker,
  element: unknown,
  path: string,
  allowed: ReadonlySet<string>,
  container: string,
): string | undefined {
  if (!isObject(element)) {
    c.fail(path, 'must be a block element object')
    return undefined
  }
  const type = element.type
  if (typeof type !== 'string' || !KNOWN_ELEMENT_TYPES.has(type)) {
    c.fail(`${path}.type`, `unknown block element type ${JSON.stringify(type)}`)
    return undefined
  }
  if (!allowed.has(type)) {
    c.fail(`${path}.type`, `${type} is not allowed in ${container}`)
    return undefined
  }
  const actionId = checkString(c, element, 'action_id', path, { limit: LIMITS.actionId })
  checkElementBody(c, element, path, type)
  return actionId
}
