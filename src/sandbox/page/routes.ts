// The sandbox page on the app's own server (Bolt custom routes): GET / (the page), its style sheet and
// script, GET /sandbox/state (fresh fragments), GET /sandbox/events (SSE: something changed), file
// downloads, and the POSTs the script makes for what the person does (command, click, type-ahead,
// submit, close, upload). Every POST must carry the `x-sandbox` header: a page of another site cannot
// send it without a CORS preflight, which is never granted, so only this page can act.
import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { OutboxEntry } from '../../services/mail/list-outbox.ts'
import type { WebRoute } from '../../web/routes.ts'
import type { SandboxSlack } from '../emulator/sandbox-slack.ts'
import type { ActionSource, OptionsResponse, Person } from '../emulator/types.ts'
import { isJson, type Json, str } from './json.ts'
import { documentHtml, fragments, OUTBOX_TAB, type PageModel } from './page.ts'
import { actionOf, blocksOf, type PageInput, type PageValues, stateValues } from './state.ts'

export interface SandboxPageOptions {
  /** Mail the app would send, newest first (outbox.ts: outboxReader); no Outbox tab without it. */
  outbox?: () => Promise<OutboxEntry[]>
}

const asset = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')

const JSON_LIMIT = 1_000_000
/** Slack's own file_input limit is 1 GB; the sandbox keeps files in memory. */
export const UPLOAD_LIMIT = 20_000_000

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new HttpError(413, `too large (at most ${limit} bytes)`))
        req.destroy()
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

async function readJson(req: IncomingMessage): Promise<Json> {
  const body = await readBody(req, JSON_LIMIT)
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    throw new HttpError(400, 'body is not JSON')
  }
  if (!isJson(parsed)) throw new HttpError(400, 'body is not a JSON object')
  return parsed
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra = {}): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extra,
  })
  res.end(body)
}

const sendJson = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body))

const queryOf = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://sandbox.invalid').searchParams

const need = (body: Json, key: string): string => {
  const value = str(body, key)
  if (value === undefined) throw new HttpError(400, `${key} is missing`)
  return value
}

function sourceOf(body: Json): ActionSource {
  const source = body.source
  if (isJson(source) && typeof source.viewId === 'string') return { viewId: source.viewId }
  if (isJson(source) && typeof source.channelId === 'string' && typeof source.ts === 'string')
    return { channelId: source.channelId, ts: source.ts }
  throw new HttpError(400, 'source must be { viewId } or { channelId, ts }')
}

const inputOf = (value: unknown): PageInput => (isJson(value) ? (value as PageInput) : {})
const valuesOf = (value: unknown): PageValues => (isJson(value) ? (value as PageValues) : {})

/** Plain options for the script: text and value (option groups flattened, group label kept). */
export function plainOptions(
  response: OptionsResponse,
): Array<{ text: string; value: string; group?: string }> {
  const own = (response.options ?? []).map((o) => ({ text: o.text.text, value: o.value }))
  const grouped = (response.option_groups ?? []).flatMap((g) =>
    g.options.map((o) => ({ text: o.text.text, value: o.value, group: g.label.text })),
  )
  return [...own, ...grouped]
}

/**
 * The page acts as anyone in the book without a login, so it answers only under a name that cannot be
 * rebound to this machine by another site (DNS rebinding): localhost (and *.localhost) or an IP address.
 */
export function hostAllowed(host: string | undefined): boolean {
  if (!host) return false
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '')
  const lower = name.toLowerCase()
  return (
    lower === 'localhost' ||
    lower.endsWith('.localhost') ||
    /^\d{1,3}(\.\d{1,3}){3}$/.test(lower) ||
    /^\[[0-9a-f:.]+\]$/.test(lower)
  )
}

export function sandboxPageRoutes(slack: SandboxSlack, options: SandboxPageOptions = {}): WebRoute[] {
  const css = asset('style.css')
  const script = asset('client.js')

  /** Who acts: the `as` asked for when it is someone the page knows, else the first admin, else anyone. */
  async function whoActs(asked: string | null | undefined): Promise<{ me: string; people: Person[] }> {
    const people = await slack.people()
    const me =
      people.find((p) => p.slackUserId === asked) ?? people.find((p) => p.role === 'admin') ?? people[0]
    if (!me) throw new HttpError(503, 'the sandbox knows nobody yet')
    return { me: me.slackUserId, people }
  }

  async function model(asked: string | null, tab: string | null): Promise<PageModel> {
    const { me, people } = await whoActs(asked)
    const state = slack.view(me)
    const outbox = options.outbox ? await options.outbox() : undefined
    const known = state.channels.some((c) => c.id === tab) || (tab === OUTBOX_TAB && outbox !== undefined)
    const first = state.channels.find((c) => c.kind === 'channel') ?? state.channels[0]
    return { state, people, outbox, tab: known && tab ? tab : (first?.id ?? '') }
  }

  /** The blocks an action or options load is about, as the person sees them. */
  function blocksAt(me: string, source: ActionSource): unknown[] {
    const state = slack.view(me)
    if ('viewId' in source) return blocksOf(state.views.find((v) => v.viewId === source.viewId)?.view)
    const channel = state.channels.find((c) => c.id === source.channelId)
    const message = channel?.messages.find((m) => m.ts === source.ts)
    return message?.blocks ?? []
  }

  const posts: Record<string, (body: Json, me: string) => Promise<unknown>> = {
    command: async (body, me) => {
      await slack.command(me, need(body, 'channelId'), need(body, 'text'))
      return {}
    },
    action: async (body, me) => {
      const source = sourceOf(body)
      const blocks = blocksAt(me, source)
      const action = actionOf(blocks, need(body, 'blockId'), need(body, 'actionId'), inputOf(body.input))
      if (!action) throw new HttpError(404, 'no such element (the message or view changed)')
      const state = 'viewId' in source ? stateValues(blocks, valuesOf(body.values)) : undefined
      await slack.blockAction(me, source, action, state)
      return {}
    },
    options: async (body, me) => {
      const response = await slack.options(
        me,
        sourceOf(body),
        need(body, 'actionId'),
        need(body, 'blockId'),
        str(body, 'value') ?? '',
      )
      return { options: plainOptions(response) }
    },
    submit: async (body, me) => {
      const viewId = need(body, 'viewId')
      const blocks = blocksAt(me, { viewId })
      return await slack.submitView(me, viewId, stateValues(blocks, valuesOf(body.values)))
    },
    close: async (body, me) => {
      await slack.closeView(me, need(body, 'viewId'))
      return {}
    },
    home: async (_body, me) => {
      await slack.openHome(me)
      return {}
    },
  }

  async function handle(res: ServerResponse, run: () => Promise<void>): Promise<void> {
    try {
      await run()
    } catch (error) {
      if (res.headersSent) return void res.end()
      if (error instanceof HttpError) return sendJson(res, error.status, { error: error.message })
      sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) })
    }
  }

  const guard = (req: IncomingMessage) => {
    if (req.headers['x-sandbox'] !== '1') throw new HttpError(403, 'only the sandbox page may do this')
  }

  const events = (req: IncomingMessage, res: ServerResponse) => {
    const me = queryOf(req).get('as') ?? ''
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    })
    res.write('retry: 1000\n\n')
    const stop = slack.onChange((event) => {
      if (event.forUser && event.forUser !== me) return
      res.write(`data: ${JSON.stringify({ kind: event.kind })}\n\n`)
    })
    const beat = setInterval(() => res.write(': still here\n\n'), 15_000)
    beat.unref()
    const end = () => {
      clearInterval(beat)
      stop()
    }
    req.on('close', end)
    res.on('error', end)
  }

  const routes: WebRoute[] = [
    {
      path: '/',
      method: ['GET', 'HEAD'],
      handler: (req, res) =>
        void handle(res, async () => {
          const q = queryOf(req)
          const page = documentHtml(await model(q.get('as'), q.get('tab')))
          send(res, 200, 'text/html; charset=utf-8', req.method === 'HEAD' ? '' : page.text, {
            'x-frame-options': 'DENY',
          })
        }),
    },
    {
      path: '/sandbox/style.css',
      method: ['GET'],
      handler: (_req, res) => send(res, 200, 'text/css; charset=utf-8', css),
    },
    {
      path: '/sandbox/client.js',
      method: ['GET'],
      handler: (_req, res) => send(res, 200, 'text/javascript; charset=utf-8', script),
    },
    {
      path: '/sandbox/state',
      method: ['GET'],
      handler: (req, res) =>
        void handle(res, async () => {
          const q = queryOf(req)
          const m = await model(q.get('as'), q.get('tab'))
          sendJson(res, 200, { as: m.state.me, tab: m.tab, ...fragments(m) })
        }),
    },
    { path: '/sandbox/events', method: ['GET'], handler: events },
    {
      path: '/sandbox/files/:id',
      method: ['GET'],
      handler: (req, res) =>
        void handle(res, async () => {
          const id = decodeURIComponent((req.url ?? '').split('?')[0]?.split('/').at(-1) ?? '')
          const file = slack.file(id)
          if (!file) throw new HttpError(404, 'no such file')
          send(res, 200, 'application/octet-stream', file.content, {
            'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
          })
        }),
    },
    {
      path: '/sandbox/upload',
      method: ['POST'],
      handler: (req, res) =>
        void handle(res, async () => {
          guard(req)
          const q = queryOf(req)
          const { me } = await whoActs(q.get('as'))
          const bytes = await readBody(req, UPLOAD_LIMIT)
          const name = q.get('name') || 'upload'
          const type = q.get('type') || 'application/octet-stream'
          sendJson(res, 200, await slack.upload(me, name, bytes, type))
        }),
    },
    {
      path: '/sandbox/do/:verb',
      method: ['POST'],
      handler: (req, res) =>
        void handle(res, async () => {
          guard(req)
          const verb = (req.url ?? '').split('?')[0]?.split('/').at(-1) ?? ''
          const run = Object.hasOwn(posts, verb) ? posts[verb] : undefined
          if (!run) throw new HttpError(404, `unknown: ${verb}`)
          const body = await readJson(req)
          const { me } = await whoActs(str(body, 'as'))
          sendJson(res, 200, await run(body, me))
        }),
    },
  ]
  return routes.map((route) => ({
    ...route,
    handler: (req, res) => {
      if (hostAllowed(req.headers.host)) return route.handler(req, res)
      send(
        res,
        403,
        'text/plain; charset=utf-8',
        'The sandbox answers only at localhost or an IP address (it acts as anyone in the book without a login).\n',
      )
    },
  }))
}
