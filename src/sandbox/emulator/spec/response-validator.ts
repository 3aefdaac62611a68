import { isObject, type JsonObject } from './block-kit-common.ts'
import { validateMessageContent, validateOptionsResponse, validateView } from './block-kit-validator.ts'
import { readSpecJson } from './spec-files.ts'
import type { Overlay } from './spec-types.ts'
import { mediaType } from './web-api-validator.ts'

const overlay = readSpecJson('web-api/overlay.json') as Overlay
const responseUrlSpec = overlay.non_web_api.response_url

/** Field names of overlay.json non_web_api.response_url.body_fields ("a/b/c" keys list several fields). */
const RESPONSE_FIELDS = new Set(Object.keys(responseUrlSpec.body_fields).flatMap((key) => key.split('/')))

const FIELD_TYPES: Record<string, 'string' | 'boolean' | 'array' | 'object'> = {
  text: 'string',
  blocks: 'array',
  attachments: 'array',
  thread_ts: 'string',
  replace_original: 'boolean',
  delete_original: 'boolean',
  mrkdwn: 'boolean',
  unfurl_links: 'boolean',
  unfurl_media: 'boolean',
  metadata: 'object',
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  return value === null ? 'null' : typeof value
}

export interface BodyCheck {
  errors: string[]
  warnings: string[]
}

/**
 * Validates a message body as posted to a response_url (or acked to a slash command):
 * known fields and their types, response_type, content present, Block Kit limits for messages.
 */
export function validateMessageBody(body: unknown, options: { requireContent: boolean }): BodyCheck {
  if (!isObject(body)) return { errors: ['body must be a JSON object'], warnings: [] }
  const errors: string[] = []
  const warnings: string[] = []
  for (const [key, value] of Object.entries(body)) {
    if (key === 'response_type') {
      if (value !== 'in_channel' && value !== 'ephemeral')
        errors.push(`response_type must be in_channel or ephemeral, got ${JSON.stringify(value)}`)
    } else if (!RESPONSE_FIELDS.has(key)) {
      warnings.push(`unknown field ${key}`)
    } else {
      const expected = FIELD_TYPES[key]
      if (expected !== undefined && typeOf(value) !== expected)
        errors.push(`${key} must be ${expected}, got ${typeOf(value)}`)
    }
  }
  const hasContent = ['text', 'blocks', 'attachments'].some(
    (key) => body[key] !== undefined && body[key] !== '',
  )
  if (options.requireContent && !hasContent && body.delete_original !== true) {
    errors.push('one of text, blocks, attachments is required (or delete_original: true)')
  }
  if (body.blocks !== undefined && body.text === undefined) warnings.push('blocks without a text fallback')
  errors.push(...validateMessageContent(body))
  return { errors, warnings }
}

/** Validates the transport of a POST to a response_url (verb and content type from overlay.json). */
export function validateResponseUrlTransport(verb: string, contentType: string | undefined): string[] {
  const errors: string[] = []
  if (!responseUrlSpec.http_methods.includes(verb))
    errors.push(`HTTP ${verb} not accepted by response_url (use POST)`)
  const allowed = responseUrlSpec.content_types.map(mediaType)
  if (!allowed.includes(mediaType(contentType ?? ''))) {
    errors.push(
      `content-type ${contentType ?? '(none)'} not accepted by response_url (allowed: ${allowed.join(', ')})`,
    )
  }
  return errors
}

/** What kind of request an ack body answers. */
export type AckKind = 'slash_command' | 'block_actions' | 'view_submission' | 'block_suggestion' | 'event'

function parseAck(text: string): { body?: unknown; error?: string } {
  if (text.trim() === '') return {}
  try {
    return { body: JSON.parse(text) as unknown }
  } catch {
    return { error: `ack body is not JSON: ${JSON.stringify(text.slice(0, 200))}` }
  }
}

function validateViewSubmissionAck(body: JsonObject): string[] {
  const action = body.response_action
  switch (action) {
    case 'clear':
      return []
    case 'errors': {
      if (!isObject(body.errors) || Object.keys(body.errors).length === 0)
        return ['errors must be a non-empty object of block_id → message']
      return Object.entries(body.errors)
        .filter(([, message]) => typeof message !== 'string' || message === '')
        .map(([blockId]) => `errors.${blockId} must be a non-empty string`)
    }
    case 'update':
    case 'push':
      return validateView(body.view, 'modal')
    default:
      return [`response_action must be errors, update, push or clear, got ${JSON.stringify(action)}`]
  }
}

/**
 * Validates the HTTP body an app acked a request with (Bolt's `ack(...)`): empty is always fine;
 * slash commands may answer a message, view submissions a response_action, options loads options.
 */
export function validateAckBody(kind: AckKind, text: string): string[] {
  const { body, error } = parseAck(text)
  if (error !== undefined) return [error]
  if (body === undefined)
    return kind === 'block_suggestion' ? ['options load must be answered with options'] : []
  switch (kind) {
    case 'slash_command':
      return validateMessageBody(body, { requireContent: false }).errors
    case 'view_submission':
      return isObject(body) ? validateViewSubmissionAck(body) : ['view_submission ack must be a JSON object']
    case 'block_suggestion':
      return validateOptionsResponse(body)
    default:
      return isObject(body) && Object.keys(body).length === 0 ? [] : [`${kind} ack must have an empty body`]
  }
}
