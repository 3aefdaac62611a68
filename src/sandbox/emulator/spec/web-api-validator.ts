import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { isObject, type JsonObject } from './block-kit-common.ts'
import { validateMessageContent, validateView } from './block-kit-validator.ts'
import { readSpecJson } from './spec-files.ts'
import type { OpenApiSpec, Overlay, OverlayMethod, SpecOperation } from './spec-types.ts'

/** A request to `${apiUrl}<method>` as the fake server received it. */
export interface ApiRequest {
  method: string
  verb: string
  contentType: string | undefined
  authorization: string | undefined
  body: Buffer
}

/** One reason Slack would reject the request, with the error code Slack would answer. */
export interface Violation {
  error: string
  reason: string
}

export interface ApiCheck {
  /** Body arguments with JSON fields parsed (the `token` field dropped). */
  args: JsonObject
  /** Bearer token from the Authorization header, when present. */
  token: string | undefined
  violations: Violation[]
  /** Things Slack accepts but warns about (unknown arguments, missing charset). */
  warnings: string[]
}

interface MethodRule {
  httpMethods: string[]
  mediaTypes: string[]
  jsonFields: Set<string>
  ignore: Set<string>
  known: Set<string>
  oneOf: string[][]
  validate: ValidateFunction
}

/** Names @slack/web-api JSON-encodes; parsed for recording even when the spec types them as strings. */
const JSON_LIKE = new Set([
  'blocks',
  'attachments',
  'view',
  'metadata',
  'files',
  'file_ids',
  'user_auth_blocks',
])
const ARRAY_FIELDS = new Set(['blocks', 'attachments', 'files', 'file_ids', 'user_auth_blocks'])
const JSON_TYPES = ['string', 'boolean', 'integer', 'number', 'array', 'object']

const spec = readSpecJson('web-api/openapi-v2.json') as OpenApiSpec
const overlay = readSpecJson('web-api/overlay.json') as Overlay
const ajv = new Ajv({ strict: false, coerceTypes: true, allErrors: true })
const rules = new Map<string, MethodRule | null>()

export function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase()
}

function overlayType(declared: string): string | undefined {
  const first = declared.trim().split(/\s+/)[0] ?? ''
  return JSON_TYPES.includes(first) ? first : undefined
}

function jsonFieldSchema(name: string): JsonObject {
  if (ARRAY_FIELDS.has(name)) return { type: 'array' }
  if (name === 'view' || name === 'metadata') return { type: 'object' }
  return {}
}

function buildRule(method: string): MethodRule | null {
  const path = spec.paths[`/${method}`]
  const operation: SpecOperation | undefined = path?.post ?? path?.get
  const patch: OverlayMethod | undefined = overlay.methods[method]
  if (operation === undefined && patch === undefined) return null
  const ignore = new Set(patch?.ignore ?? overlay.defaults.ignore)
  const properties: Record<string, JsonObject> = {}
  const specRequired: string[] = []
  for (const param of operation?.parameters ?? []) {
    if (param.in === 'header' || ignore.has(param.name)) continue
    properties[param.name] = param.type === undefined ? {} : { type: param.type }
    if (param.required === true) specRequired.push(param.name)
  }
  const oneOf = patch?.one_of ?? []
  if (patch !== undefined) {
    for (const name of [...patch.required, ...patch.optional, ...oneOf.flat()])
      properties[name] ??= { type: 'string' }
    for (const [name, declared] of Object.entries(patch.param_types ?? {})) {
      const type = overlayType(declared)
      properties[name] = type === undefined ? {} : { type }
    }
    for (const name of patch.json_fields) properties[name] = jsonFieldSchema(name)
  }
  const schema: JsonObject = { type: 'object', properties, required: patch?.required ?? specRequired }
  if (oneOf.length > 0)
    schema.allOf = oneOf.map((group) => ({ anyOf: group.map((name) => ({ required: [name] })) }))
  const consumes = operation?.consumes ?? []
  const mediaTypes = (patch?.content_types ?? overlay.defaults.content_types).map(mediaType)
  if (patch === undefined && consumes.includes('multipart/form-data')) mediaTypes.push('multipart/form-data')
  return {
    httpMethods: patch?.http_methods ?? overlay.defaults.http_methods,
    mediaTypes,
    jsonFields: new Set(patch?.json_fields ?? []),
    ignore,
    known: new Set(Object.keys(properties)),
    oneOf,
    validate: ajv.compile(schema),
  }
}

function ruleFor(method: string): MethodRule | null {
  let rule = rules.get(method)
  if (rule === undefined) {
    rule = buildRule(method)
    rules.set(method, rule)
  }
  return rule
}

/** True when the method exists in openapi-v2.json or overlay.json. */
export function isKnownMethod(method: string): boolean {
  return ruleFor(method) !== null
}

async function parseBody(media: string, contentType: string, body: Buffer): Promise<JsonObject | string> {
  const text = body.toString('utf8')
  if (media === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text))
  if (media === 'application/json') {
    if (text.trim() === '') return {}
    try {
      const parsed: unknown = JSON.parse(text)
      return isObject(parsed) ? parsed : 'JSON body must be an object'
    } catch {
      return 'body is not valid JSON'
    }
  }
  if (media === 'multipart/form-data') {
    const form = await new Response(new Uint8Array(body), {
      headers: { 'content-type': contentType },
    }).formData()
    const out: JsonObject = {}
    for (const [key, value] of form.entries()) {
      out[key] = typeof value === 'string' ? value : { filename: value.name, size: value.size }
    }
    return out
  }
  return {}
}

function describeAjvErrors(errors: ErrorObject[], oneOf: string[][]): string[] {
  const messages = new Set<string>()
  for (const error of errors) {
    const group = /^#\/allOf\/(\d+)\/anyOf/.exec(error.schemaPath)
    if (group !== null) {
      const names = oneOf[Number(group[1])] ?? []
      messages.add(`one of ${names.join(', ')} is required`)
    } else if (error.keyword === 'required') {
      messages.add(`${String(error.params.missingProperty)} is required`)
    } else {
      messages.add(`${error.instancePath.replace(/^\//, '') || '(body)'} ${error.message ?? 'is invalid'}`)
    }
  }
  return [...messages]
}

function decodeJsonFields(args: JsonObject, rule: MethodRule, isForm: boolean, violations: Violation[]) {
  const forSchema: JsonObject = {}
  for (const [key, value] of Object.entries(args)) {
    if (rule.ignore.has(key) || value === '') continue
    forSchema[key] = value
    const jsonField = rule.jsonFields.has(key)
    if (typeof value !== 'string' || !(jsonField || JSON_LIKE.has(key))) continue
    try {
      const parsed: unknown = JSON.parse(value)
      args[key] = parsed
      if (jsonField) forSchema[key] = parsed
    } catch {
      if (jsonField && isForm)
        violations.push({ error: 'invalid_arguments', reason: `${key} must be a JSON-encoded string` })
    }
  }
  return forSchema
}

const VIEW_TYPES: Record<string, 'modal' | 'home' | undefined> = {
  'views.open': 'modal',
  'views.push': 'modal',
  'views.publish': 'home',
}

function checkBlockKit(method: string, args: JsonObject, violations: Violation[]): void {
  if (method.startsWith('views.') && args.view !== undefined) {
    for (const reason of validateView(args.view, VIEW_TYPES[method])) {
      violations.push({
        error: reason.includes('view.size') ? 'view_too_large' : 'invalid_arguments',
        reason,
      })
    }
  }
  if (args.blocks !== undefined || args.attachments !== undefined || args.metadata !== undefined) {
    for (const reason of validateMessageContent(args)) violations.push({ error: 'invalid_blocks', reason })
  }
}

function checkTransport(req: ApiRequest, rule: MethodRule, result: ApiCheck): string | undefined {
  if (!rule.httpMethods.includes(req.verb)) {
    result.violations.push({
      error: 'invalid_arguments',
      reason: `HTTP ${req.verb} not accepted (use ${rule.httpMethods.join('/')})`,
    })
  }
  const media = mediaType(req.contentType ?? '')
  if (!rule.mediaTypes.includes(media)) {
    const got = req.contentType === undefined ? 'no content-type' : `content-type ${req.contentType}`
    result.violations.push({
      error: 'invalid_arguments',
      reason: `${got} not accepted (allowed: ${rule.mediaTypes.join(', ')})`,
    })
    return undefined
  }
  if (media === 'application/json' && !/charset=/i.test(req.contentType ?? '')) {
    result.warnings.push('missing_charset: JSON bodies should say application/json; charset=utf-8')
  }
  return media
}

function checkAuth(req: ApiRequest, result: ApiCheck): void {
  const match = /^Bearer\s+(\S+)$/.exec(req.authorization ?? '')
  if (match === null) {
    const what = req.authorization === undefined ? 'missing' : 'not "Bearer <token>"'
    result.violations.push({ error: 'not_authed', reason: `Authorization header ${what}` })
    return
  }
  result.token = match[1]
}

/** Validates one Web API request against openapi-v2.json + overlay.json + block-kit-limits.json. */
export async function checkWebApiRequest(req: ApiRequest): Promise<ApiCheck> {
  const result: ApiCheck = { args: {}, token: undefined, violations: [], warnings: [] }
  const rule = ruleFor(req.method)
  if (rule === null) {
    result.violations.push({
      error: 'unknown_method',
      reason: `unknown method ${req.method} (not in openapi-v2.json or overlay.json)`,
    })
    return result
  }
  checkAuth(req, result)
  const media = checkTransport(req, rule, result)
  if (media === undefined) return result
  const parsed = await parseBody(media, req.contentType ?? '', req.body)
  if (typeof parsed === 'string') {
    result.violations.push({ error: 'invalid_json', reason: parsed })
    return result
  }
  const args = Object.fromEntries(Object.entries(parsed).filter(([key]) => key !== 'token'))
  result.args = args
  const forSchema = decodeJsonFields(args, rule, media !== 'application/json', result.violations)
  if (!rule.validate(forSchema)) {
    for (const reason of describeAjvErrors(rule.validate.errors ?? [], rule.oneOf)) {
      result.violations.push({ error: 'invalid_arguments', reason })
    }
  }
  for (const key of Object.keys(args)) {
    if (!rule.known.has(key) && !rule.ignore.has(key)) result.warnings.push(`unknown argument ${key}`)
  }
  checkBlockKit(req.method, args, result.violations)
  return result
}
