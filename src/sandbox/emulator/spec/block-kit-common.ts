import type { Limit } from './limits.ts'
import { EXTRA_LIMITS } from './limits.ts'

/** Where a Block Kit payload is rendered; limits differ between messages and views. */
export type Surface = 'message' | 'modal' | 'home'

export type JsonObject = Record<string, unknown>

export type TextKind = 'plain_text' | 'mrkdwn'

/** Collects errors (as `path: message`) while walking one payload. */
export class Checker {
  readonly errors: string[] = []
  readonly blockIds = new Set<string>()

  constructor(readonly surface: Surface) {}

  fail(path: string, message: string): void {
    this.errors.push(`${path}: ${message}`)
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Length in characters (code points), the unit block-kit-limits.json uses. */
export function charLength(text: string): number {
  return Array.from(text).length
}

export function checkLength(c: Checker, text: string, path: string, limit: Limit): void {
  const length = charLength(text)
  if (length > limit.max) {
    c.fail(path, `must be at most ${limit.max} characters, got ${length} (${limit.id})`)
  }
  if (limit.min !== undefined && length < limit.min) {
    c.fail(path, `must be at least ${limit.min} characters, got ${length} (${limit.id})`)
  }
}

export function checkCount(c: Checker, items: unknown[], path: string, limit: Limit): void {
  if (items.length > limit.max) {
    c.fail(path, `must have at most ${limit.max} items, got ${items.length} (${limit.id})`)
  }
  if (limit.min !== undefined && items.length < limit.min) {
    c.fail(path, `must have at least ${limit.min} items, got ${items.length} (${limit.id})`)
  }
}

interface FieldOptions {
  required?: boolean
  limit?: Limit
}

/** Checks an optional/required string property; returns it when it is a string. */
export function checkString(
  c: Checker,
  obj: JsonObject,
  key: string,
  path: string,
  options: FieldOptions = {},
): string | undefined {
  const value = obj[key]
  const at = `${path}.${key}`
  if (value === undefined || value === null) {
    if (options.required === true) c.fail(at, 'is required')
    return undefined
  }
  if (typeof value !== 'string') {
    c.fail(at, `must be a string, got ${typeof value}`)
    return undefined
  }
  if (options.limit !== undefined) checkLength(c, value, at, options.limit)
  return value
}

export function checkBoolean(c: Checker, obj: JsonObject, key: string, path: string): void {
  const value = obj[key]
  if (value !== undefined && typeof value !== 'boolean') c.fail(`${path}.${key}`, 'must be a boolean')
}

export function checkEnum(
  c: Checker,
  obj: JsonObject,
  key: string,
  path: string,
  allowed: readonly string[],
): void {
  const value = obj[key]
  if (value === undefined) return
  if (typeof value !== 'string' || !allowed.includes(value)) {
    c.fail(`${path}.${key}`, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`)
  }
}

/** Returns obj[key] when it is an array; reports a type error otherwise (and absence when required). */
export function checkArray(
  c: Checker,
  obj: JsonObject,
  key: string,
  path: string,
  options: { required?: boolean; limit?: Limit } = {},
): unknown[] | undefined {
  const value = obj[key]
  const at = `${path}.${key}`
  if (value === undefined) {
    if (options.required === true) c.fail(at, 'is required')
    return undefined
  }
  if (!Array.isArray(value)) {
    c.fail(at, 'must be an array')
    return undefined
  }
  if (options.limit !== undefined) checkCount(c, value, at, options.limit)
  return value
}

export function checkInteger(
  c: Checker,
  obj: JsonObject,
  key: string,
  path: string,
  range: { min?: number; max?: number; id?: string } = {},
): number | undefined {
  const value = obj[key]
  if (value === undefined) return undefined
  const at = `${path}.${key}`
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    c.fail(at, 'must be an integer')
    return undefined
  }
  const source = range.id === undefined ? '' : ` (${range.id})`
  if (range.min !== undefined && value < range.min)
    c.fail(at, `must be >= ${range.min}, got ${value}${source}`)
  if (range.max !== undefined && value > range.max)
    c.fail(at, `must be <= ${range.max}, got ${value}${source}`)
  return value
}

const TEXT_OBJECT_KEYS: Record<TextKind, readonly string[]> = {
  plain_text: ['type', 'text', 'emoji'],
  mrkdwn: ['type', 'text', 'verbatim'],
}

export interface TextOptions {
  kinds: readonly TextKind[]
  limit?: Limit
  required?: boolean
}

/** Validates a composition text object (`plain_text` / `mrkdwn`). */
export function checkTextObject(c: Checker, value: unknown, path: string, options: TextOptions): void {
  if (value === undefined || value === null) {
    if (options.required === true) c.fail(path, 'is required')
    return
  }
  if (!isObject(value)) {
    c.fail(path, `must be a text object (${options.kinds.join(' or ')})`)
    return
  }
  const kind = value.type
  if (kind !== 'plain_text' && kind !== 'mrkdwn') {
    c.fail(`${path}.type`, `must be ${options.kinds.join(' or ')}, got ${JSON.stringify(kind)}`)
    return
  }
  if (!options.kinds.includes(kind)) {
    c.fail(`${path}.type`, `must be ${options.kinds.join(' or ')} here, got ${kind}`)
  }
  for (const key of Object.keys(value)) {
    if (!TEXT_OBJECT_KEYS[kind].includes(key))
      c.fail(`${path}.${key}`, `is not allowed in a ${kind} text object`)
  }
  const text = checkString(c, value, 'text', path, { required: true, limit: EXTRA_LIMITS.textObject })
  if (text !== undefined && options.limit !== undefined) checkLength(c, text, `${path}.text`, options.limit)
  checkBoolean(c, value, kind === 'plain_text' ? 'emoji' : 'verbatim', path)
}

export function checkTextField(
  c: Checker,
  obj: JsonObject,
  key: string,
  path: string,
  options: TextOptions,
): void {
  checkTextObject(c, obj[key], `${path}.${key}`, options)
}

export const PLAIN: readonly TextKind[] = ['plain_text']
export const ANY_TEXT: readonly TextKind[] = ['plain_text', 'mrkdwn']
