import { readSpecJson } from './spec-files.ts'

/** One entry of block-kit-limits.json (format `slack-limits/1`). */
export interface LimitEntry {
  id: string
  applies_to: string
  status: string
  unit?: string
  max?: number
  min?: number
  default?: number
  rule?: string
  max_age_minutes?: number
  max_uses?: number
  max_age_seconds?: number
  max_seconds?: number
  single_use?: boolean
}

function loadEntries(): Map<string, LimitEntry> {
  const data = readSpecJson('block-kit-limits.json') as { limits?: LimitEntry[] }
  if (!Array.isArray(data.limits)) throw new Error('block-kit-limits.json: missing "limits" array')
  return new Map(data.limits.map((entry) => [entry.id, entry]))
}

const entries = loadEntries()
const used = new Set<string>()

function entry(id: string): LimitEntry {
  const found = entries.get(id)
  if (found === undefined) throw new Error(`block-kit-limits.json has no limit "${id}"`)
  used.add(id)
  return found
}

function numberField(id: string, field: keyof LimitEntry): number {
  const value = entry(id)[field]
  if (typeof value !== 'number') throw new Error(`block-kit-limits.json "${id}" has no numeric "${field}"`)
  return value
}

/** A numeric limit with the id it came from, so error messages can cite block-kit-limits.json. */
export interface Limit {
  id: string
  max: number
  min?: number
}

function max(id: string, min?: number): Limit {
  return { id, max: numberField(id, 'max'), ...(min === undefined ? {} : { min }) }
}

/** Every limit of block-kit-limits.json that the validators enforce, read from the file at load time. */
export const LIMITS = {
  modalTitle: max('modal.title.text'),
  modalSubmit: max('modal.submit.text'),
  modalClose: max('modal.close.text'),
  viewBlocks: max('modal.blocks.count'),
  privateMetadata: max('view.private_metadata'),
  callbackId: max('view.callback_id'),
  externalId: max('view.external_id'),
  submitRequiredWithInput: entry('modal.submit.required_with_input').id,
  messageBlocks: max('message.blocks.count'),
  blockId: max('block.block_id'),
  actionId: max('element.action_id'),
  sectionText: max('section.text', 1),
  sectionFieldsCount: max('section.fields.count'),
  sectionFieldText: max('section.fields.text'),
  headerText: max('header.text'),
  buttonText: max('button.text'),
  buttonValue: max('button.value'),
  buttonUrl: max('button.url'),
  buttonAccessibilityLabel: max('button.accessibility_label'),
  actionsElements: max('actions.elements.count'),
  staticSelectOptions: max('static_select.options.count'),
  staticSelectOptionGroups: max('static_select.option_groups.count'),
  optionGroupOptions: max('option_group.options.count'),
  optionGroupLabel: max('option_group.label'),
  optionText: max('option.text'),
  optionValue: max('option.value'),
  optionDescription: max('option.description'),
  optionUrl: max('option.url'),
  placeholder: max('select.placeholder'),
  inputLabel: max('input.label'),
  inputHint: max('input.hint'),
  plainTextInputMaxLength: max('plain_text_input.max_length', 1),
  plainTextInputMinLength: max('plain_text_input.min_length', 0),
  contextElements: max('context.elements.count'),
  confirmTitle: max('confirm.title'),
  confirmText: max('confirm.text'),
  confirmConfirm: max('confirm.confirm'),
  confirmDeny: max('confirm.deny'),
  multiSelectMaxSelectedMin: numberField('multi_static_select.max_selected_items', 'min'),
  viewSizeKb: max('view.size'),
  responseUrlMaxUses: numberField('response_url.window', 'max_uses'),
  responseUrlMaxAgeMinutes: numberField('response_url.window', 'max_age_minutes'),
  triggerSingleUse: entry('trigger_id.expiry').single_use === true,
  triggerMaxAgeSeconds: numberField('trigger_id.expiry', 'max_age_seconds'),
  ackTimeoutSeconds: numberField('ack.timeout', 'max_seconds'),
} as const

/**
 * Limits that block-kit-limits.json does not list but Slack's own @slack/types 3.x JSDoc
 * (node_modules/@slack/types/dist/block-kit/*.d.ts) documents. Status: secondary.
 */
export const EXTRA_LIMITS = {
  textObject: { id: 'extra:text_object.text (PlainTextElement/MrkdwnElement JSDoc)', max: 3000, min: 1 },
  checkboxesOptions: { id: 'extra:checkboxes.options (Checkboxes JSDoc)', max: 10, min: 1 },
  radioButtonsOptions: { id: 'extra:radio_buttons.options (RadioButtons JSDoc)', max: 10, min: 1 },
  overflowOptions: { id: 'extra:overflow.options (Overflow JSDoc)', max: 5, min: 1 },
  fileInputMaxFiles: { id: 'extra:file_input.max_files (FileInput JSDoc)', max: 10, min: 1 },
  imageAltText: { id: 'extra:image.alt_text (ImageBlock JSDoc)', max: 2000 },
  imageTitle: { id: 'extra:image.title (ImageBlock JSDoc)', max: 2000 },
  markdownText: { id: 'extra:markdown.text (MarkdownBlock JSDoc)', max: 12000 },
} as const satisfies Record<string, Limit>

/**
 * Entries of block-kit-limits.json that are read above but cannot be enforced by a request validator,
 * with the reason. Everything else must be in {@link LIMITS} (checked by limits.test.ts).
 */
export const NOT_ENFORCED_BY_VALIDATORS: Record<string, string> = {
  'external_select.min_query_length.default': 'a default value, not a limit',
  'trigger_id.expiry':
    'single use is enforced by the fake (exchanged_trigger_id); the 3 s age is not, because the fake cannot know when Slack would have issued the trigger',
  'ack.timeout': 'a property of the app under test: measure it with postSigned(...).elapsedMs',
  'response_url.window': 'enforced by the fake per response URL (uses and age), not by a payload validator',
}

/** All limit ids in block-kit-limits.json. */
export function allLimitIds(): string[] {
  return [...entries.keys()]
}

/** Ids that were read from block-kit-limits.json (i.e. are referenced by {@link LIMITS}). */
export function usedLimitIds(): string[] {
  return [...used]
}
