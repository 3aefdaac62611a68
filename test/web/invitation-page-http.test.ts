// The invitation page over plain HTTP (fetch), against an in-memory port: states and status codes, the
// security headers, GET changing nothing, one confirmation only, and every CSRF refusal changing nothing.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createInvitationPage,
  type InvitationPage,
  MAX_BODY_BYTES,
} from '../../src/web/invitations/handler.ts'
import { serveWebPage } from '../../src/web/routes.ts'
import { type MemoryInvitation, memoryInvitations } from './memory-invitations.ts'

const PENDING = 'pendingToken-0123456789abcdefABCDEF'
const OTHER = 'otherPendingToken-0123456789abcdef'
const REVOKED = 'revokedToken-0123456789abcdefABCDEF'
const EXPIRED = 'expiredToken-0123456789abcdefABCDEF'
const UNKNOWN = 'unknownToken-0123456789abcdefABCDEF'
const BROKEN = 'brokenToken-0123456789abcdefABCDEF0'

const dana = (status: MemoryInvitation['status']): MemoryInvitation => ({
  userName: 'Dana <b>Scully</b>',
  customerName: 'Zylker & Co',
  loginUrl: 'https://status.zylker.example/app/login/customer_login_portal',
  status,
})

let server: Server
let base: string
let memory: ReturnType<typeof memoryInvitations>
let page: InvitationPage
const logged: { message: string; error: unknown }[] = []

beforeEach(() => {
  const fresh = memoryInvitations({
    [PENDING]: dana('pending'),
    [OTHER]: { ...dana('pending'), userName: 'Li' },
    [REVOKED]: dana('revoked'),
    [EXPIRED]: dana('expired'),
  })
  memory.invitations.clear()
  for (const [token, inv] of fresh.invitations) memory.invitations.set(token, inv)
  Object.assign(memory.calls, { state: 0, accept: 0, accepted: 0 })
  logged.length = 0
})

beforeAll(async () => {
  memory = memoryInvitations()
  const port = {
    state: (token: string) => {
      if (token === BROKEN) throw new Error(`database exploded at ${token}`)
      return memory.port.state(token)
    },
    accept: (token: string) => memory.port.accept(token),
  }
  page = createInvitationPage({ port, logError: (message, error) => logged.push({ message, error }) })
  server = createServer((req, res) => {
    if (!serveWebPage(page, req, res)) res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const link = (token: string) => `${base}/portal/invitations/${token}`

async function csrfOf(token: string): Promise<string> {
  const html = await (await fetch(link(token))).text()
  const value = /<input type="hidden" name="csrf" value="([^"]+)">/.exec(html)?.[1]
  expect(value).toBeTruthy()
  return value ?? ''
}

function confirm(token: string, body: string, headers: Record<string, string> = {}) {
  return fetch(link(token), {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: base,
      'sec-fetch-site': 'same-origin',
      ...headers,
    },
    body,
  })
}

const statusOf = (token: string) => memory.invitations.get(token)?.status

describe('GET /portal/invitations/<token>', () => {
  it('shows the confirm state with the names escaped, under strict headers, and changes nothing', async () => {
    const res = await fetch(link(PENDING))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("form-action 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const html = await res.text()
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/)
    expect(html).toContain('<title>Confirm your Zylker &#38; Co portal account</title>')
    expect(html).toContain('Hello Dana &#60;b&#62;Scully&#60;/b&#62;,')
    expect(html).not.toContain('<b>Scully')
    expect(html).toContain(`<form method="post" action="${PENDING}">`)
    expect(html).toContain('<button type="submit">Confirm</button>')
    expect(html).not.toMatch(/<script|src=|<link/)
    await fetch(link(PENDING))
    expect(statusOf(PENDING)).toBe('pending')
    expect(memory.calls.accept).toBe(0)
  })

  it('answers 410 for a replaced or deleted invitation and an expired one, 404 for an unknown one', async () => {
    const revoked = await fetch(link(REVOKED))
    expect(revoked.status).toBe(410)
    expect(await revoked.text()).toContain('This invitation is no longer valid')
    const expired = await fetch(link(EXPIRED))
    expect(expired.status).toBe(410)
    expect(await expired.text()).toContain('This invitation has expired')
    const unknown = await fetch(link(UNKNOWN))
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('referrer-policy')).toBe('no-referrer')
    expect(await unknown.text()).toContain('Invitation not found')
  })

  it('answers 404 for forged, truncated and malformed links without asking the port', async () => {
    for (const path of [
      PENDING.slice(0, 10),
      `${PENDING}%ZZ`,
      `${PENDING}/more`,
      `${PENDING}.`,
      '%E0%A4%A',
      '',
      `${'x'.repeat(200)}`,
    ]) {
      const res = await fetch(`${base}/portal/invitations/${path}`)
      expect(res.status, path).toBe(404)
      expect(await res.text()).toContain('Invitation not found')
    }
    expect(memory.calls.state).toBe(0)
  })

  it('answers a plain 500 page when the port fails, logs it, and shows no stack trace', async () => {
    const res = await fetch(link(BROKEN))
    expect(res.status).toBe(500)
    const html = await res.text()
    expect(html).toContain('Something went wrong')
    expect(html).not.toMatch(/exploded|Error|at .*\.ts/)
    expect(logged).toHaveLength(1)
    expect(logged[0]?.message).not.toContain(BROKEN)
    const error = logged[0]?.error as Error
    expect(error.message).toBe('database exploded at [invitation token]')
    expect(error.stack).not.toContain(BROKEN)
  })
})

describe('POST /portal/invitations/<token>', () => {
  it('confirms once: 303 to the done page, then 410 and nothing changes', async () => {
    const csrf = await csrfOf(PENDING)
    const res = await confirm(PENDING, `csrf=${encodeURIComponent(csrf)}`)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`${PENDING}?done=1`)
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(statusOf(PENDING)).toBe('accepted')

    const done = await fetch(new URL(res.headers.get('location') ?? '', link(PENDING)))
    expect(done.status).toBe(200)
    const doneHtml = await done.text()
    expect(doneHtml).toContain('Your portal account is confirmed')
    expect(doneHtml).toContain(
      '<a href="https://status.zylker.example/app/login/customer_login_portal" rel="noreferrer">',
    )

    const again = await confirm(PENDING, `csrf=${encodeURIComponent(csrf)}`)
    expect(again.status).toBe(410)
    expect(await again.text()).toContain('This invitation has already been used')
    const reopened = await fetch(link(PENDING))
    expect(reopened.status).toBe(410)
    expect(memory.calls.accepted).toBe(1)
  })

  it('two confirmations at once: one is accepted, the other answered 410', async () => {
    const csrf = encodeURIComponent(await csrfOf(PENDING))
    const statuses = (await Promise.all([confirm(PENDING, `csrf=${csrf}`), confirm(PENDING, `csrf=${csrf}`)]))
      .map((r) => r.status)
      .sort()
    expect(statuses).toEqual([303, 410])
    expect(memory.calls.accepted).toBe(1)
  })

  it('accepts the Origin "null" a browser sends under no-referrer when Sec-Fetch-Site is same-origin', async () => {
    const csrf = await csrfOf(PENDING)
    const res = await confirm(PENDING, `csrf=${encodeURIComponent(csrf)}`, { origin: 'null' })
    expect(res.status).toBe(303)
    expect(statusOf(PENDING)).toBe('accepted')
  })

  it('accepts PUBLIC_URL’s origin (a proxy in front), and no look-alike of it', async () => {
    const behindProxy = createInvitationPage({
      port: memory.port,
      publicUrl: 'https://msp-bot.example/base/',
      logError: () => {},
    })
    const proxied = createServer((req, res) => void behindProxy.handle(req, res))
    await new Promise<void>((resolve) => proxied.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(proxied.address() as AddressInfo).port}/portal/invitations/${PENDING}`
    const post = (origin: string) =>
      fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: `csrf=${encodeURIComponent(behindProxy.formToken(PENDING))}`,
      })
    try {
      expect((await post('https://msp-bot.example.evil')).status).toBe(403)
      expect((await post('http://msp-bot.example')).status).toBe(403)
      expect(statusOf(PENDING)).toBe('pending')
      expect((await post('https://msp-bot.example')).status).toBe(303)
      expect(statusOf(PENDING)).toBe('accepted')
    } finally {
      await new Promise<void>((resolve) => proxied.close(() => resolve()))
    }
  })

  it('refuses with 403 and changes nothing: no form token, a forged one, another invitation’s', async () => {
    const otherCsrf = await csrfOf(OTHER)
    const csrf = await csrfOf(PENDING)
    for (const body of [
      '',
      'csrf=',
      'csrf=forged',
      `csrf=${encodeURIComponent(otherCsrf)}`,
      `csrf=${encodeURIComponent(csrf.slice(0, -1))}`,
      `csrf=${encodeURIComponent(csrf)}&csrf=${encodeURIComponent(csrf)}`,
    ]) {
      const res = await confirm(PENDING, body)
      expect(res.status, body).toBe(403)
      expect(await res.text()).toContain('Confirmation refused')
    }
    expect(statusOf(PENDING)).toBe('pending')
    expect(memory.calls.accept).toBe(0)
  })

  it('refuses cross-site requests with 403 even with the right form token', async () => {
    const csrf = `csrf=${encodeURIComponent(await csrfOf(PENDING))}`
    const crossSite: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
    ]
    for (const headers of crossSite) {
      const res = await fetch(link(PENDING), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: csrf,
      })
      expect(res.status, JSON.stringify(headers)).toBe(403)
    }
    expect(statusOf(PENDING)).toBe('pending')
    expect(memory.calls.accept).toBe(0)
  })

  it('takes form-urlencoded bodies only (415), of limited size (413); other methods 405', async () => {
    const csrf = await csrfOf(PENDING)
    const json = await confirm(PENDING, JSON.stringify({ csrf }), { 'content-type': 'application/json' })
    expect(json.status).toBe(415)
    const multipart = await confirm(PENDING, `csrf=${csrf}`, { 'content-type': 'multipart/form-data' })
    expect(multipart.status).toBe(415)
    const big = await confirm(PENDING, `csrf=${encodeURIComponent(csrf)}&pad=${'x'.repeat(MAX_BODY_BYTES)}`)
    expect(big.status).toBe(413)
    const put = await fetch(link(PENDING), { method: 'PUT', body: 'x' })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST')
    expect(statusOf(PENDING)).toBe('pending')
    expect(memory.calls.accept).toBe(0)
  })

  it('answers 410 for a replaced, deleted or expired invitation and 404 for unknown or malformed', async () => {
    for (const [token, status] of [
      [REVOKED, 410],
      [EXPIRED, 410],
      [UNKNOWN, 404],
    ] as const) {
      // Not pending: the page shows no form, so the right form token is computed as the server does.
      const res = await confirm(token, `csrf=${encodeURIComponent(page.formToken(token))}`)
      expect(res.status, token).toBe(status)
    }
    expect(statusOf(REVOKED)).toBe('revoked')
    expect(statusOf(EXPIRED)).toBe('expired')
    const malformed = await confirm('short', 'csrf=x')
    expect(malformed.status).toBe(404)
  })
})
