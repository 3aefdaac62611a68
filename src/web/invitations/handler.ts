// The invitation link's page: GET /portal/invitations/<token> shows the invitation's state (and changes
// nothing); POST to the same URL confirms the invited portal user once, then 303 See Other to the done page.
//
// A POST must carry the page's form token (an HMAC of the invitation token under a server key, so only a
// page this server rendered has it), come from this origin (Sec-Fetch-Site, when the browser sends it, must
// be same-origin; an Origin header must be this origin, or "null" — what a browser sends under
// Referrer-Policy: no-referrer — with Sec-Fetch-Site same-origin), be form-urlencoded and small. Anything
// else gets 403/413/415 and changes nothing. Unexpected errors get a plain 500 page and are logged (never
// the token). Every answer forbids framing, caching and referrers (the token is in the URL).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  alreadyUsedPage,
  badRequestPage,
  CONTENT_SECURITY_POLICY,
  confirmPage,
  donePage,
  errorPage,
  expiredPage,
  notFoundPage,
  type Page,
  refusedPage,
  revokedPage,
} from './pages.ts'
import type { InvitationPort } from './port.ts'

export const INVITATIONS_PATH = '/portal/invitations/'

/** A well-formed invitation token: URL-safe characters only, of a sane length. Others are 404 at once. */
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/

/** The largest POST body read (the form has one field of ~43 characters). */
export const MAX_BODY_BYTES = 2048

export interface InvitationPageOptions {
  port: InvitationPort
  /** Key of the form tokens (HMAC-SHA256); default: random, for this process only. */
  formKey?: Uint8Array
  /** PUBLIC_URL: its origin is accepted as a POST's Origin, besides the request's own Host. */
  publicUrl?: string
  /** Where unexpected errors go (the token is never passed). */
  logError: (message: string, error: unknown) => void
}

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-robots-tag': 'noindex, nofollow',
} as const

function send(req: IncomingMessage, res: ServerResponse, page: Page, extra: Record<string, string> = {}) {
  const body = Buffer.from(page.html, 'utf8')
  res.writeHead(page.status, { ...HEADERS, 'content-length': String(body.length), ...extra })
  res.end(req.method === 'HEAD' ? undefined : body)
}

/** The token of `/portal/invitations/<token>` when well-formed, else null (raw path: no decoding). */
export function invitationTokenOf(url: string | undefined): string | null {
  const path = (url ?? '').split('?')[0] ?? ''
  if (!path.startsWith(INVITATIONS_PATH)) return null
  const token = path.slice(INVITATIONS_PATH.length)
  return TOKEN.test(token) ? token : null
}

export function isInvitationPath(url: string | undefined): boolean {
  return (url ?? '').split('?')[0]?.startsWith(INVITATIONS_PATH) ?? false
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}

/** Whether the browser says this POST comes from this origin (headers it may not send are not required). */
function fromThisOrigin(req: IncomingMessage, publicOrigin: string | undefined): boolean {
  const site = header(req, 'sec-fetch-site')
  if (site !== undefined && site !== 'same-origin') return false
  const origin = header(req, 'origin')
  if (origin === undefined) return true
  if (origin === 'null') return site === 'same-origin'
  const host = header(req, 'host')?.toLowerCase()
  const allowed = [publicOrigin, host && `http://${host}`, host && `https://${host}`]
  return allowed.includes(origin.toLowerCase())
}

type Body = { ok: true; text: string } | { ok: false; status: 400 | 413 }

/** Reads at most MAX_BODY_BYTES; a longer body is refused (and the rest discarded). */
function readBody(req: IncomingMessage): Promise<Body> {
  const declared = Number(header(req, 'content-length') ?? '0')
  if (declared > MAX_BODY_BYTES) {
    req.resume()
    return Promise.resolve({ ok: false, status: 413 })
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = (body: Body) => {
      if (done) return
      done = true
      resolve(body)
    }
    req.on('data', (chunk: Buffer) => {
      if (done) return
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        finish({ ok: false, status: 413 })
        req.resume()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') }))
    req.on('error', () => finish({ ok: false, status: 400 }))
  })
}

/** The error as logged: the invitation token, should its text hold it, replaced. */
function withoutToken(error: unknown, token: string | null): unknown {
  if (token === null || !(error instanceof Error)) return error
  const hide = (text: string) => text.split(token).join('[invitation token]')
  const scrubbed = new Error(hide(error.message))
  scrubbed.name = error.name
  scrubbed.stack = error.stack === undefined ? undefined : hide(error.stack)
  return scrubbed
}

export function createInvitationPage(options: InvitationPageOptions) {
  const key = options.formKey ?? randomBytes(32)
  const publicOrigin = originOf(options.publicUrl)
  const formToken = (token: string) =>
    createHmac('sha256', key).update(`msp-bot/portal-invitation/${token}`).digest('base64url')
  const formTokenMatches = (token: string, given: string) => {
    const expected = Buffer.from(formToken(token))
    const actual = Buffer.from(given)
    return actual.length === expected.length && timingSafeEqual(actual, expected)
  }

  async function get(req: IncomingMessage, res: ServerResponse, token: string) {
    const view = await options.port.state(token)
    switch (view.state) {
      case 'pending':
        return send(req, res, confirmPage({ token, csrf: formToken(token), ...view }))
      case 'accepted': {
        const done = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').has('done')
        return send(req, res, done ? donePage(view) : alreadyUsedPage(view.loginUrl))
      }
      case 'revoked':
        return send(req, res, revokedPage())
      case 'expired':
        return send(req, res, expiredPage())
      case 'unknown':
        return send(req, res, notFoundPage())
    }
  }

  async function post(req: IncomingMessage, res: ServerResponse, token: string) {
    const refuse = (page: Page) => {
      req.resume()
      send(req, res, page, { connection: 'close' })
    }
    const type = (header(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase()
    if (type !== 'application/x-www-form-urlencoded') return refuse(badRequestPage(415, token))
    if (!fromThisOrigin(req, publicOrigin)) return refuse(refusedPage(token))
    const body = await readBody(req)
    if (!body.ok) return refuse(badRequestPage(body.status, token))
    const fields = new URLSearchParams(body.text).getAll('csrf')
    if (fields.length !== 1 || !formTokenMatches(token, fields[0] ?? '')) return refuse(refusedPage(token))
    const result = await options.port.accept(token)
    switch (result.outcome) {
      case 'accepted':
        res.writeHead(303, {
          ...HEADERS,
          'content-type': 'text/plain; charset=utf-8',
          location: `${token}?done=1`,
        })
        res.end('Confirmed.\n')
        return
      case 'used':
        return send(req, res, alreadyUsedPage())
      case 'revoked':
        return send(req, res, revokedPage())
      case 'expired':
        return send(req, res, expiredPage())
      case 'unknown':
        return send(req, res, notFoundPage())
    }
  }

  /** Answers any request under /portal/invitations/ (GET/HEAD show, POST confirms, others 405). */
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = invitationTokenOf(req.url)
    try {
      if (token === null) {
        if (req.method === 'POST') req.resume()
        return send(req, res, notFoundPage())
      }
      if (req.method === 'GET' || req.method === 'HEAD') return await get(req, res, token)
      if (req.method === 'POST') return await post(req, res, token)
      req.resume()
      return send(req, res, badRequestPage(405, token), { allow: 'GET, HEAD, POST' })
    } catch (error) {
      options.logError('the invitation page failed', withoutToken(error, token))
      if (!res.headersSent) send(req, res, errorPage())
      else res.destroy()
    }
  }

  return { handle, formToken }
}

export type InvitationPage = ReturnType<typeof createInvitationPage>
