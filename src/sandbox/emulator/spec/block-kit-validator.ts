import {
  ANY_TEXT,
  Checker,
  checkArray,
  checkBoolean,
  checkCount,
  checkEnum,
  checkString,
  checkTextField,
  checkTextObject,
  isObject,
  type JsonObject,
  PLAIN,
  type Surface,
} from './block-kit-common.ts'
import {
  ACTIONS_ELEMENT_TYPES,
  CONTEXT_ACTIONS_ELEMENT_TYPES,
  checkElement,
  checkImageSource,
  checkOption,
  INPUT_ELEMENT_TYPES,
  SECTION_ACCESSORY_TYPES,
} from './block-kit-elements.ts'
import { EXTRA_LIMITS, LIMITS } from './limits.ts'

export type { Surface } from './block-kit-common.ts'

/** Block types Slack knows (@slack/types KnownBlock); the first group is checked in depth. */
const SHALLOW_BLOCK_TYPES = new Set([
  'alert',
  'card',
  'carousel',
  'container',
  'data_table',
  'plan',
  'table',
  'task_card',
])

const IMAGE_ONLY: ReadonlySet<string> = new Set(['image'])

function checkSection(c: Checker, block: JsonObject, path: string): void {
  checkTextField(c, block, 'text', path, { kinds: ANY_TEXT, limit: LIMITS.sectionText })
  const fields = checkArray(c, block, 'fields', path, { limit: LIMITS.sectionFieldsCount })
  for (const [i, field] of (fields ?? []).entries()) {
    checkTextObject(c, field, `${path}.fields[${i}]`, {
      kinds: ANY_TEXT,
      limit: LIMITS.sectionFieldText,
      required: true,
    })
  }
  if (block.text === undefined && block.fields === undefined) c.fail(path, 'a section needs text or fields')
  if (block.accessory !== undefined) {
    checkElement(c, block.accessory, `${path}.accessory`, SECTION_ACCESSORY_TYPES, 'a section accessory')
  }
  checkBoolean(c, block, 'expand', path)
}

function checkContext(c: Checker, block: JsonObject, path: string): void {
  const elements = checkArray(c, block, 'elements', path, {
    required: true,
    limit: { ...LIMITS.contextElements, min: 1 },
  })
  for (const [i, element] of (elements ?? []).entries()) {
    const at = `${path}.elements[${i}]`
    if (isObject(element) && element.type === 'image')
      checkElement(c, element, at, IMAGE_ONLY, 'a context block')
    else checkTextObject(c, element, at, { kinds: ANY_TEXT, required: true })
  }
}

function checkElementList(
  c: Checker,
  block: JsonObject,
  path: string,
  allowed: ReadonlySet<string>,
  container: string,
  limit: { id: string; max: number },
): void {
  const elements = checkArray(c, block, 'elements', path, { required: true, limit: { ...limit, min: 1 } })
  const actionIds = new Set<string>()
  for (const [i, element] of (elements ?? []).entries()) {
    const actionId = checkElement(c, element, `${path}.elements[${i}]`, allowed, container)
    if (actionId === undefined) continue
    if (actionIds.has(actionId))
      c.fail(`${path}.elements[${i}].action_id`, `duplicate action_id ${actionId} in block`)
    actionIds.add(actionId)
  }
}

function checkInput(c: Checker, block: JsonObject, path: string): void {
  checkTextField(c, block, 'label', path, { kinds: PLAIN, limit: LIMITS.inputLabel, required: true })
  checkTextField(c, block, 'hint', path, { kinds: PLAIN, limit: LIMITS.inputHint })
  if (block.element === undefined) c.fail(`${path}.element`, 'is required')
  else checkElement(c, block.element, `${path}.element`, INPUT_ELEMENT_TYPES, 'an input block')
  checkBoolean(c, block, 'optional', path)
  checkBoolean(c, block, 'dispatch_action', path)
}

function checkBlockBody(c: Checker, block: JsonObject, path: string, type: string): void {
  switch (type) {
    case 'section':
      checkSection(c, block, path)
      return
    case 'header':
      checkTextField(c, block, 'text', path, { kinds: PLAIN, limit: LIMITS.headerText, required: true })
      return
    case 'divider':
      return
    case 'image':
      checkImageSource(c, block, path, EXTRA_LIMITS.imageAltText)
      checkTextField(c, block, 'title', path, { kinds: PLAIN, limit: EXTRA_LIMITS.imageTitle })
      return
    case 'context':
      checkContext(c, block, path)
      return
    case 'actions':
      checkElementList(c, block, path, ACTIONS_ELEMENT_TYPES, 'an actions block', LIMITS.actionsElements)
      return
    case 'context_actions':
      checkElementList(c, block, path, CONTEXT_ACTIONS_ELEMENT_TYPES, 'a context_actions block', {
        id: 'extra:context_actions.elements (ContextActionsBlock JSDoc)',
        max: 5,
      })
      return
    case 'input':
      checkInput(c, block, path)
      return
    case 'rich_text':
      checkArray(c, block, 'elements', path, { required: true })
      return
    case 'markdown':
      checkString(c, block, 'text', path, { required: true, limit: EXTRA_LIMITS.markdownText })
      return
    case 'file':
      checkString(c, block, 'external_id', path, { required: true })
      checkEnum(c, block, 'source', path, ['remote'])
      return
    case 'video':
      checkString(c, block, 'alt_text', path, { required: true })
      checkString(c, block, 'video_url', path, { required: true })
      checkString(c, block, 'thumbnail_url', path, { required: true })
      checkTextField(c, block, 'title', path, { kinds: PLAIN, required: true })
      return
    default:
      if (!SHALLOW_BLOCK_TYPES.has(type)) c.fail(`${path}.type`, `unknown block type ${JSON.stringify(type)}`)
  }
}

function checkBlock(c: Checker, block: unknown, path: string): void {
  if (!isObject(block)) {
    c.fail(path, 'must be a block object')
    return
  }
  const blockId = checkString(c, block, 'block_id', path, { limit: LIMITS.blockId })
  if (blockId !== undefined) {
    if (c.blockIds.has(blockId)) c.fail(`${path}.block_id`, `duplicate block_id ${JSON.stringify(blockId)}`)
    c.blockIds.add(blockId)
  }
  if (typeof block.type !== 'string') {
    c.fail(`${path}.type`, 'is required')
    return
  }
  checkBlockBody(c, block, path, block.type)
}

function walkBlocks(c: Checker, blocks: unknown, path: string): void {
  if (!Array.isArray(blocks)) {
    c.fail(path, 'must be an array of blocks')
    return
  }
  const limit = c.surface === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks
  checkCount(c, blocks, path, limit)
  for (const [i, block] of blocks.entries()) checkBlock(c, block, `${path}[${i}]`)
}

function unique(errors: string[]): string[] {
  return [...new Set(errors)]
}

/** Validates a `blocks` array for a surface (messages ≤50 blocks, modals/home ≤100). */
export function validateBlocks(blocks: unknown, surface: Surface, path = 'blocks'): string[] {
  const c = new Checker(surface)
  walkBlocks(c, blocks, path)
  return unique(c.errors)
}

/**
 * Validates the Block Kit parts of a message-like payload (chat.postMessage/update/postEphemeral args,
 * response_url bodies, ack bodies): `blocks`, and `blocks` nested in legacy `attachments`.
 */
export function validateMessageContent(payload: JsonObject, prefix = ''): string[] {
  const c = new Checker('message')
  if (payload.blocks !== undefined) walkBlocks(c, payload.blocks, `${prefix}blocks`)
  const attachments = payload.attachments
  if (attachments !== undefined) {
    if (!Array.isArray(attachments)) c.fail(`${prefix}attachments`, 'must be an array')
    for (const [i, attachment] of (Array.isArray(attachments) ? attachments : []).entries()) {
      const at = `${prefix}attachments[${i}]`
      if (!isObject(attachment)) c.fail(at, 'must be an object')
      else if (attachment.blocks !== undefined) walkBlocks(c, attachment.blocks, `${at}.blocks`)
    }
  }
  if (payload.metadata !== undefined) {
    const metadata = payload.metadata
    if (!isObject(metadata)) c.fail(`${prefix}metadata`, 'must be an object')
    else {
      checkString(c, metadata, 'event_type', `${prefix}metadata`, { required: true })
      if (!isObject(metadata.event_payload)) c.fail(`${prefix}metadata.event_payload`, 'is required (object)')
    }
  }
  return unique(c.errors)
}

function viewHasInputBlock(blocks: unknown): boolean {
  return Array.isArray(blocks) && blocks.some((block) => isObject(block) && block.type === 'input')
}

function checkModalChrome(c: Checker, view: JsonObject, path: string): void {
  checkTextField(c, view, 'title', path, { kinds: PLAIN, limit: LIMITS.modalTitle, required: true })
  checkTextField(c, view, 'submit', path, { kinds: PLAIN, limit: LIMITS.modalSubmit })
  checkTextField(c, view, 'close', path, { kinds: PLAIN, limit: LIMITS.modalClose })
  if (view.submit === undefined && viewHasInputBlock(view.blocks)) {
    c.fail(
      `${path}.submit`,
      `is required when the modal has an input block (${LIMITS.submitRequiredWithInput})`,
    )
  }
  for (const key of ['clear_on_close', 'notify_on_close', 'submit_disabled']) checkBoolean(c, view, key, path)
}

/** Validates a view object (modal or home tab); `expectedType` narrows what the method accepts. */
export function validateView(view: unknown, expectedType?: 'modal' | 'home', path = 'view'): string[] {
  if (!isObject(view)) return [`${path}: must be a view object`]
  const type = view.type
  if (type !== 'modal' && type !== 'home')
    return [`${path}.type: must be modal or home, got ${JSON.stringify(type)}`]
  const c = new Checker(type)
  if (expectedType !== undefined && type !== expectedType)
    c.fail(`${path}.type`, `must be ${expectedType} for this method`)
  if (type === 'modal') checkModalChrome(c, view, path)
  if (view.blocks === undefined) c.fail(`${path}.blocks`, 'is required')
  else walkBlocks(c, view.blocks, `${path}.blocks`)
  checkString(c, view, 'private_metadata', path, { limit: LIMITS.privateMetadata })
  checkString(c, view, 'callback_id', path, { limit: LIMITS.callbackId })
  checkString(c, view, 'external_id', path, { limit: LIMITS.externalId })
  const bytes = Buffer.byteLength(JSON.stringify(view), 'utf8')
  if (bytes > LIMITS.viewSizeKb.max * 1024) {
    c.fail(
      path,
      `serialized view is ${bytes} bytes, over ${LIMITS.viewSizeKb.max} kB (${LIMITS.viewSizeKb.id})`,
    )
  }
  return unique(c.errors)
}

/** Validates the JSON an app acks a block_suggestion (options load) with. */
export function validateOptionsResponse(body: unknown): string[] {
  if (!isObject(body)) return ['options response: must be a JSON object']
  const c = new Checker('message')
  const hasOptions = body.options !== undefined
  if (hasOptions === (body.option_groups !== undefined))
    c.fail('(root)', 'must have exactly one of options or option_groups')
  const options = checkArray(c, body, 'options', '(root)', { limit: LIMITS.staticSelectOptions })
  for (const [i, option] of (options ?? []).entries()) checkOption(c, option, `options[${i}]`, 'select')
  const groups = checkArray(c, body, 'option_groups', '(root)', { limit: LIMITS.staticSelectOptionGroups })
  for (const [i, group] of (groups ?? []).entries()) {
    const at = `option_groups[${i}]`
    if (!isObject(group)) {
      c.fail(at, 'must be an option group object')
      continue
    }
    checkTextField(c, group, 'label', at, { kinds: PLAIN, limit: LIMITS.optionGroupLabel, required: true })
    const list = checkArray(c, group, 'options', at, { required: true, limit: LIMITS.optionGroupOptions })
    for (const [j, option] of (list ?? []).entries()) checkOption(c, option, `${at}.options[${j}]`, 'select')
  }
  return unique(c.errors)
}
