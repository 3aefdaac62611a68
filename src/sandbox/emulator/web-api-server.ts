import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
// Slack's Web API, response URLs and file URLs on a loopback port, validating every request against
// Slack's specs (slack-specs/): the tests' fake Slack and the sandbox's emulator (sandbox-slack.ts).
import { isObject, type JsonObject } from './spec/block-kit-common.ts'
import { LIMITS } from './spec/limits.ts'
import { validateMessageBody, validateResponseUrlTransport } from './spec/response-validator.ts'
import { checkWebApiRequest } from './spec/web-api-validator.ts'
import { type SlackFile, type SlackUser, SlackWorld } from './world.ts'

export type { SlackFile, SlackUser } from './world.ts'

export interface SlackApiServerOptions {
  /** Token the app must send (Authorization: Bearer) and that file downloads require. */
  botToken: string
  /** Further tokens the Web API accepts (e.g. a user token). */
  extraTokens?: string[]
  teamId: string
  teamDomain: string
  botUserId: string
  botId: string
  appId: string
}

/** What was asked and answered, for observers (the sandbox keeps its state from these). */
export type Exchange =
  | { kind: 'call'; method: string; args: JsonObject; ok: boolean; answer: JsonObject }
  | { kind: 'response'; id: string; body: JsonObject; ok: boolean }

export interface RecordedCall {
  method: string
  /** Body arguments, JSON fields (blocks, view, …) parsed; the `token` field dropped. */
  args: Record<string, unknown>
  at: number
}

export interface RecordedResponse {
  /** The id in `/response/<id>`. */
  id: string
  /** Parsed JSON body (an empty object when the body was not a JSON object). */
  body: Record<string, unknown>
  at: number
}

export interface RecordedDownload {
  fileId: string
  status: number
  at: number
}

export type Recorded = ({ kind: 'call' } & RecordedCall) | ({ kind: 'response' } & RecordedResponse)

/** A queued failure: `{ error }` answers HTTP 200 ok:false; `{ status: 429, retryAfter }` rate-limits. */
export interface FailureSpec {
  error?: string
  status?: number
  retryAfter?: number
  /** Extra fields merged into the answer body. */
  body?: Record<string, unknown>
}

/** Key to pass to failNext to fail the next POST to any response_url. */
export const RESPONSE_URL = 'response_url'

interface Waiter {
  predicate: (entry: Recorded) => boolean
  resolve: (entry: Recorded) => void
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: JsonObject,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}

function preview(value: unknown, max = 300): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > max ? `${text.slice(0, max)}…` : text
}

/** Slack's Web API + response_url + file downloads, validating every request against the specs. */
export class SlackApiServer {
  readonly calls: RecordedCall[] = []
  readonly responses: RecordedResponse[] = []
  /** `method: reason` for every request Slack would reject; expect it to stay empty. */
  readonly violations: string[] = []
  /** Things Slack accepts but that are probably mistakes (unknown arguments, blocks without text, …). */
  readonly warnings: string[] = []
  readonly downloads: RecordedDownload[] = []
  readonly users: Map<string, SlackUser>
  readonly files: Map<string, SlackFile>
  readonly botToken: string
  readonly baseUrl: string
  readonly apiUrl: string

  private readonly recorded: Recorded[] = []
  private readonly waiters = new Set<Waiter>()
  private readonly failures = new Map<string, FailureSpec[]>()
  private readonly responseUrls = new Map<string, { createdAt: number; uses: number }>()
  private readonly tokens: Set<string>
  private readonly observers = new Set<(exchange: Exchange) => void>()
  private readonly violationObservers = new Set<(violation: string) => void>()
  readonly world: SlackWorld
  private responseCounter = 0

  constructor(
    private readonly server: Server,
    port: number,
    options: SlackApiServerOptions,
  ) {
    this.botToken = options.botToken
    this.tokens = new Set([this.botToken, ...(options.extraTokens ?? [])])
    this.baseUrl = `http://127.0.0.1:${port}/`
    this.apiUrl = `${this.baseUrl}api/`
    this.world = new SlackWorld({
      teamId: options.teamId,
      teamDomain: options.teamDomain,
      appId: options.appId,
      botUserId: options.botUserId,
      botId: options.botId,
      baseUrl: this.baseUrl,
    })
    this.users = this.world.users
    this.files = this.world.files
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method)
  }

  /** The latest call to `method`; throws when there was none. */
  lastCall(method: string): RecordedCall {
    const found = this.callsTo(method).at(-1)
    if (found === undefined) throw new Error(`no call to ${method}; recorded:\n${this.describeRecorded()}`)
    return found
  }

  addUser(user: SlackUser): void {
    this.users.set(user.id, user)
  }

  /** Calls `listener` after each Web API call and response_url post was answered; returns its remover. */
  observe(listener: (exchange: Exchange) => void): () => void {
    this.observers.add(listener)
    return () => this.observers.delete(listener)
  }

  /** Calls `listener` with each violation (a request Slack would reject) as it is recorded. */
  onViolation(listener: (violation: string) => void): () => void {
    this.violationObservers.add(listener)
    return () => this.violationObservers.delete(listener)
  }

  /** Records a request Slack would reject (see {@link violations}). */
  addViolation(...violations: string[]): void {
    this.violations.push(...violations)
    for (const violation of violations) for (const listener of this.violationObservers) listener(violation)
  }

  private notify(exchange: Exchange): void {
    for (const listener of this.observers) {
      try {
        listener(exchange)
      } catch (error) {
        this.addViolation(`observer: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }

  addFile(file: SlackFile): void {
    this.files.set(file.id, file)
  }

  /** Queues a failure for the next call to `method` (or {@link RESPONSE_URL}); consumed in order. */
  failNext(method: string, failure: FailureSpec): void {
    const queue = this.failures.get(method) ?? []
    queue.push(failure)
    this.failures.set(method, queue)
  }

  /** A response_url served by this fake; POSTs to it land in {@link responses}. */
  responseUrl(id?: string): string {
    this.responseCounter += 1
    const key = id ?? `R${String(this.responseCounter).padStart(4, '0')}`
    if (!this.responseUrls.has(key)) this.responseUrls.set(key, { createdAt: Date.now(), uses: 0 })
    return `${this.baseUrl}response/${encodeURIComponent(key)}`
  }

  /** Resolves with the first recorded call/response (past or future) matching `predicate`. */
  waitFor(predicate: (entry: Recorded) => boolean, timeoutMs = 3000): Promise<Recorded> {
    const found = this.recorded.find(predicate)
    if (found !== undefined) return Promise.resolve(found)
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (entry) => {
          clearTimeout(timer)
          this.waiters.delete(waiter)
          resolve(entry)
        },
      }
      const timer = setTimeout(() => {
        this.waiters.delete(waiter)
        reject(
          new Error(`waitFor: nothing matched within ${timeoutMs} ms. Recorded:\n${this.describeRecorded()}`),
        )
      }, timeoutMs)
      this.waiters.add(waiter)
    })
  }

  async waitForCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 3000,
  ): Promise<RecordedCall> {
    const entry = await this.waitFor(
      (e) => e.kind === 'call' && e.method === method && predicate(e),
      timeoutMs,
    )
    return entry as RecordedCall
  }

  async waitForResponse(
    predicate: (response: RecordedResponse) => boolean = () => true,
    timeoutMs = 3000,
  ): Promise<RecordedResponse> {
    const entry = await this.waitFor((e) => e.kind === 'response' && predicate(e), timeoutMs)
    return entry as RecordedResponse
  }

  /** Clears calls, responses, violations, warnings, downloads, queued failures, views and used triggers (keeps users/files). */
  reset(): void {
    for (const list of [
      this.calls,
      this.responses,
      this.violations,
      this.warnings,
      this.downloads,
      this.recorded,
    ]) {
      list.length = 0
    }
    this.failures.clear()
    this.responseUrls.clear()
    this.world.reset()
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error === undefined ? resolve() : reject(error)))
      this.server.closeAllConnections()
    })
  }

  describeRecorded(): string {
    const lines = this.recorded.map((e) =>
      e.kind === 'call' ? `  call ${e.method} ${preview(e.args)}` : `  response ${e.id} ${preview(e.body)}`,
    )
    if (lines.length === 0) lines.push('  (nothing)')
    if (this.violations.length > 0) lines.push('violations:', ...this.violations.map((v) => `  ${v}`))
    return lines.join('\n')
  }

  /** node:http request handler. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const body = await readBody(req)
      const path = new URL(req.url ?? '/', this.baseUrl).pathname
      const [, area, rest = ''] = /^\/([^/]+)\/?(.*)$/.exec(path) ?? []
      if (area === 'api') await this.handleApi(decodeURIComponent(rest), req, body, res)
      else if (area === 'response') this.handleResponseUrl(decodeURIComponent(rest), req, body, res)
      else if (area === 'files') this.handleDownload(decodeURIComponent(rest.split('/')[0] ?? ''), req, res)
      else if (area === 'upload') await this.handleUpload(decodeURIComponent(rest), req, body, res)
      else sendJson(res, 404, { ok: false, error: 'not_found' })
    } catch (error) {
      this.addViolation(
        `slack emulator: internal error ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      )
      sendJson(res, 500, { ok: false, error: 'fatal_error' })
    }
  }

  private record(entry: Recorded): void {
    this.recorded.push(entry)
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(entry)) waiter.resolve(entry)
    }
  }

  private takeFailure(key: string): FailureSpec | undefined {
    return this.failures.get(key)?.shift()
  }

  private sendFailure(res: ServerResponse, failure: FailureSpec): void {
    const status = failure.status ?? 200
    const error = failure.error ?? (status === 429 ? 'ratelimited' : 'fatal_error')
    const headers: Record<string, string> =
      status === 429 ? { 'retry-after': String(failure.retryAfter ?? 1) } : {}
    sendJson(res, status, { ok: false, error, ...failure.body }, headers)
  }

  private async handleApi(
    method: string,
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
  ): Promise<void> {
    const check = await checkWebApiRequest({
      method,
      verb: req.method ?? 'GET',
      contentType: req.headers['content-type'],
      authorization: req.headers.authorization,
      body,
    })
    if (check.token !== undefined && !this.tokens.has(check.token)) {
      check.violations.push({
        error: 'invalid_auth',
        reason: 'Authorization token is not a token of this workspace',
      })
    }
    const call: RecordedCall = { method, args: check.args, at: Date.now() }
    this.calls.push(call)
    this.warnings.push(...check.warnings.map((w) => `${method}: ${w}`))
    this.addViolation(...check.violations.map((v) => `${method}: ${v.reason}`))
    const answer = check.violations.length === 0 ? this.world.answer(method, check.args) : undefined
    if (answer?.violation !== undefined) this.addViolation(answer.violation)
    this.record({ kind: 'call', ...call })
    const failure = this.takeFailure(method)
    if (failure !== undefined) {
      this.sendFailure(res, failure)
    } else if (answer === undefined) {
      const first = check.violations[0]
      const messages = check.violations.map((v) => `[ERROR] ${v.reason}`)
      const body = { ok: false, error: first?.error ?? 'invalid_arguments', response_metadata: { messages } }
      sendJson(res, 200, body)
      this.notify({ kind: 'call', method, args: check.args, ok: false, answer: body })
    } else {
      sendJson(res, answer.status ?? 200, answer.body)
      this.notify({
        kind: 'call',
        method,
        args: check.args,
        ok: answer.body.ok === true,
        answer: answer.body,
      })
    }
  }

  private responseUrlProblems(id: string): string | undefined {
    const usage = this.responseUrls.get(id) ?? { createdAt: Date.now(), uses: 0 }
    usage.uses += 1
    this.responseUrls.set(id, usage)
    if (usage.uses > LIMITS.responseUrlMaxUses)
      return `used more than ${LIMITS.responseUrlMaxUses} times (response_url.window)`
    if (Date.now() - usage.createdAt > LIMITS.responseUrlMaxAgeMinutes * 60_000) {
      return `used more than ${LIMITS.responseUrlMaxAgeMinutes} minutes after it was issued (response_url.window)`
    }
    return undefined
  }

  private handleResponseUrl(id: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
    const errors = validateResponseUrlTransport(req.method ?? 'GET', req.headers['content-type'])
    let parsed: unknown
    try {
      parsed = JSON.parse(raw.toString('utf8'))
    } catch {
      errors.push('body is not valid JSON')
    }
    const check = validateMessageBody(parsed, { requireContent: true })
    if (parsed !== undefined) errors.push(...check.errors)
    const usageProblem = this.responseUrlProblems(id)
    if (usageProblem !== undefined) errors.push(usageProblem)
    const entry: RecordedResponse = { id, body: isObject(parsed) ? parsed : {}, at: Date.now() }
    this.responses.push(entry)
    this.warnings.push(...check.warnings.map((w) => `response_url ${id}: ${w}`))
    this.addViolation(...errors.map((e) => `response_url ${id}: ${e}`))
    this.record({ kind: 'response', ...entry })
    const failure = this.takeFailure(RESPONSE_URL)
    if (failure !== undefined) this.sendFailure(res, failure)
    else if (usageProblem !== undefined) sendJson(res, 404, { ok: false, error: 'expired_url' })
    else if (errors.length > 0)
      sendJson(res, 400, { ok: false, error: 'invalid_payload', response_metadata: { messages: errors } })
    else sendJson(res, 200, { ok: true })
    if (failure === undefined)
      this.notify({ kind: 'response', id, body: entry.body, ok: errors.length === 0 })
  }

  private handleDownload(fileId: string, req: IncomingMessage, res: ServerResponse): void {
    const file = this.files.get(fileId)
    const authorized = req.headers.authorization === `Bearer ${this.botToken}`
    const status = file === undefined ? 404 : authorized ? 200 : 403
    this.downloads.push({ fileId, status, at: Date.now() })
    if (file === undefined || !authorized) {
      res.writeHead(status, { 'content-type': 'text/plain' })
      res.end(status === 404 ? 'file not found' : 'forbidden')
      return
    }
    res.writeHead(200, { 'content-type': file.mimetype, 'content-length': Buffer.byteLength(file.content) })
    res.end(file.content)
  }

  /** The bytes of an upload URL POST: the raw body, or the file part of a multipart form (as Slack takes both). */
  private async handleUpload(
    fileId: string,
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
  ): Promise<void> {
    const file = this.files.get(fileId)
    if (file === undefined) {
      this.addViolation(`upload: unknown upload URL for ${fileId}`)
      res.writeHead(404).end()
      return
    }
    const contentType = req.headers['content-type'] ?? ''
    let content = body
    if (contentType.toLowerCase().startsWith('multipart/form-data')) {
      const form = await new Request('http://upload/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      }).formData()
      const part = [...form.values()].find((value) => typeof value !== 'string')
      if (part === undefined) {
        this.addViolation(`upload: multipart body for ${fileId} holds no file`)
        res.writeHead(400).end()
        return
      }
      content = Buffer.from(await part.arrayBuffer())
    }
    file.content = content
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${content.length}`)
  }
}

/** Starts the Web API on 127.0.0.1 with a random port. */
export async function startSlackApiServer(options: SlackApiServerOptions): Promise<SlackApiServer> {
  let fake: SlackApiServer | undefined
  const server = createServer((req, res) => {
    if (fake === undefined) res.writeHead(503).end()
    else void fake.handle(req, res)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  fake = new SlackApiServer(server, port, options)
  return fake
}
