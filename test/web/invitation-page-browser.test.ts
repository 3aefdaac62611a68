// The invitation page in a real headless Chromium (one browser for the file), against an in-memory port:
// open the link, confirm, see done; the link again → already used; expired and unknown links; the page
// works without JavaScript, its inline style passes its own CSP, it cannot be framed, and a form posted
// from another site is refused without any change.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createInvitationPage, type InvitationPage } from '../../src/web/invitations/handler.ts'
import { serveWebPage } from '../../src/web/routes.ts'
import { browserOrSkip, launchChromium } from './browser.ts'
import { type MemoryInvitation, memoryInvitations } from './memory-invitations.ts'

const chromiumPath = browserOrSkip()

const TOKEN = 'browserToken-0123456789abcdefABCDEF012'
const EXPIRED = 'browserExpired-0123456789abcdefABCDEF0'
const UNKNOWN = 'browserUnknown-0123456789abcdefABCDEF0'
const LOGIN = 'https://status.zylker.example/app/login/customer_login_portal'

const dana = (status: MemoryInvitation['status']): MemoryInvitation => ({
  userName: 'Dana Scully',
  customerName: 'Zylker',
  loginUrl: LOGIN,
  status,
})

async function listen(server: Server, host: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  return (server.address() as AddressInfo).port
}

const close = (server: Server | undefined) =>
  new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))

describe.skipIf(!chromiumPath)('the invitation page in Chromium', () => {
  let browser: Browser
  let app: Server
  let evil: Server
  let base: string
  let evilBase: string
  let page: InvitationPage
  let memory: ReturnType<typeof memoryInvitations>
  let noScript: BrowserContext

  beforeAll(async () => {
    memory = memoryInvitations()
    page = createInvitationPage({ port: memory.port, logError: () => {} })
    app = createServer((req, res) => {
      if (!serveWebPage(page, req, res)) res.writeHead(404).end()
    })
    base = `http://127.0.0.1:${await listen(app, '127.0.0.1')}`
    // Another site (localhost is not 127.0.0.1's site): a page whose button posts to the invitation,
    // even with the right form token.
    evil = createServer((_req, res) => {
      const target = `${base}/portal/invitations/${TOKEN}`
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(
        `<!doctype html><html lang="en"><title>Win a prize</title><form method="post" action="${target}">` +
          `<input type="hidden" name="csrf" value="${page.formToken(TOKEN)}"><button>Claim</button></form></html>`,
      )
    })
    evilBase = `http://localhost:${await listen(evil, '127.0.0.1')}`
    browser = await launchChromium(chromiumPath ?? '')
    noScript = await browser.newContext({ javaScriptEnabled: false })
  })

  afterAll(async () => {
    await browser?.close()
    await close(app)
    await close(evil)
  })

  beforeEach(() => {
    memory.invitations.clear()
    memory.invitations.set(TOKEN, dana('pending'))
    memory.invitations.set(EXPIRED, dana('expired'))
    Object.assign(memory.calls, { state: 0, accept: 0, accepted: 0 })
  })

  const link = (token: string) => `${base}/portal/invitations/${token}`

  it('without JavaScript: confirm state → Confirm → done with the login link; the link again → already used', async () => {
    const tab = await noScript.newPage()
    const first = await tab.goto(link(TOKEN))
    expect(first?.status()).toBe(200)
    expect(await tab.title()).toBe('Confirm your Zylker portal account')
    expect(await tab.locator('html').getAttribute('lang')).toBe('en')
    await expect
      .poll(() => tab.getByRole('heading', { level: 1, name: 'Confirm your portal account' }).count())
      .toBe(1)
    expect(await tab.getByRole('main').textContent()).toMatch(/Hello Dana Scully,[\s\S]*Zylker/)
    const confirm = tab.getByRole('button', { name: 'Confirm' })
    expect(await confirm.count()).toBe(1)
    expect(memory.invitations.get(TOKEN)?.status).toBe('pending') // GET changed nothing

    await Promise.all([tab.waitForURL(/\?done=1$/), confirm.click()])
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Your portal account is confirmed',
    )
    const login = tab.getByRole('link', { name: LOGIN })
    expect(await login.getAttribute('href')).toBe(LOGIN)
    expect(memory.invitations.get(TOKEN)?.status).toBe('accepted')

    const again = await tab.goto(link(TOKEN))
    expect(again?.status()).toBe(410)
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe(
      'This invitation has already been used',
    )
    expect(await tab.getByRole('button', { name: 'Confirm' }).count()).toBe(0)
    expect(memory.calls.accepted).toBe(1)
    await tab.close()
  })

  it('by keyboard alone: Tab reaches Confirm first, Enter confirms', async () => {
    const tab = await noScript.newPage()
    await tab.goto(link(TOKEN))
    expect(await tab.getByRole('main').count()).toBe(1)
    expect(await tab.getByRole('heading', { level: 1 }).count()).toBe(1)
    await tab.keyboard.press('Tab')
    // (strings: the tests are type-checked without the DOM library)
    expect(
      await tab.evaluate('document.activeElement.tagName + " " + document.activeElement.textContent'),
    ).toBe('BUTTON Confirm')
    await Promise.all([tab.waitForURL(/\?done=1$/), tab.keyboard.press('Enter')])
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Your portal account is confirmed',
    )
    expect(memory.invitations.get(TOKEN)?.status).toBe('accepted')
    await tab.close()
  })

  it('expired and unknown links say so (410, 404) and offer no Confirm', async () => {
    const tab = await noScript.newPage()
    const expired = await tab.goto(link(EXPIRED))
    expect(expired?.status()).toBe(410)
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe('This invitation has expired')
    expect(await tab.getByRole('button').count()).toBe(0)
    const unknown = await tab.goto(link(UNKNOWN))
    expect(unknown?.status()).toBe(404)
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe('Invitation not found')
    const truncated = await tab.goto(link(TOKEN.slice(0, 12)))
    expect(truncated?.status()).toBe(404)
    await tab.close()
  })

  it('its inline style passes its CSP (no violation), and another page cannot frame it', async () => {
    const context = await browser.newContext()
    const tab = await context.newPage()
    const problems: string[] = []
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    await tab.goto(link(TOKEN))
    expect(await tab.getByRole('button', { name: 'Confirm' }).count()).toBe(1)
    // (a string: the tests are type-checked without the DOM library)
    const background = await tab.evaluate(
      "getComputedStyle(document.querySelector('button')).backgroundColor",
    )
    expect(background).toBe('rgb(11, 92, 173)')
    expect(problems).toEqual([])

    const framing = await context.newPage()
    await framing.goto(`${evilBase}/`)
    await framing.setContent(`<iframe title="invitation" src="${link(TOKEN)}"></iframe>`)
    await framing.waitForTimeout(300)
    const frame = framing.frames().find((f) => f !== framing.mainFrame())
    expect(frame).toBeDefined()
    expect(await frame?.getByRole('button', { name: 'Confirm' }).count()).toBe(0)
    await context.close()
  })

  it('a form posted from another site is refused (403) and confirms nothing', async () => {
    const tab = await noScript.newPage()
    await tab.goto(`${evilBase}/`)
    const [response] = await Promise.all([
      tab.waitForResponse((r) => r.url().startsWith(link(TOKEN))),
      tab.getByRole('button', { name: 'Claim' }).click(),
    ])
    expect(response.status()).toBe(403)
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe('Confirmation refused')
    expect(memory.invitations.get(TOKEN)?.status).toBe('pending')
    expect(memory.calls.accept).toBe(0)
    await tab.close()
  })
})
