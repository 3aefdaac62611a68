// The invitation page served by the launched app on the real portal services and database: portal users
// added (and reinvited, deleted) through the services, their links read from the outbox mail, then the
// page over HTTP — without Slack (the plain server) and with Slack (Bolt's custom routes) — and once in
// Chromium. A link confirms its user once; a replaced, deleted or expired link answers 410 and changes
// nothing; forged and truncated links 404; a POST without the page's form token 403.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '../../src/app/env.ts'
import { launch, type RunningApp } from '../../src/app/start.ts'
import type { Db, PrismaClient } from '../../src/db/client.ts'
import type { StaffActor } from '../../src/services/actor.ts'
import { createServices } from '../../src/services/index.ts'
import { captureLog } from '../support/capture-log.ts'
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts'
import { browserOrSkip, launchChromium } from './browser.ts'

const chromiumPath = browserOrSkip()
const ZYLKER_LOGIN = 'https://status.zylker.example/app/login/customer_login_portal'
const LINK = /\/portal\/invitations\/([A-Za-z0-9_-]+)/

/** The demo book's admin, and the portal services on the running app's database. */
async function portalOf(prisma: PrismaClient) {
  const priya = await prisma.mspUser.findFirstOrThrow({ where: { name: 'Priya' } })
  const zylker = await prisma.customer.findFirstOrThrow({ where: { name: 'Zylker' } })
  const actor: StaffActor = {
    slackUserId: priya.slackUserId,
    name: priya.name,
    mspUserId: priya.id,
    role: 'admin',
  }
  const portal = createServices(prisma, { sharedDatabase: false }).portal
  return {
    portal,
    /** Adds an unconfirmed portal user of Zylker; returns its id and the token of the mail's link. */
    async invite(name: string): Promise<{ id: number; token: string }> {
      const email = `${name.toLowerCase()}.${randomBytes(3).toString('hex')}@zylker.example`
      const added = await portal.add(actor, { customerId: zylker.id, name, email })
      if (added.status !== 'added') throw new Error(`not added: ${JSON.stringify(added)}`)
      return { id: added.user.id, token: await latestToken(prisma) }
    },
    reinvite: (id: number) => portal.reinvite(actor, id),
    remove: (id: number) => portal.delete(actor, id),
  }
}

async function latestToken(prisma: Db): Promise<string> {
  const mail = await prisma.outboxMail.findFirstOrThrow({ orderBy: { id: 'desc' } })
  const token = LINK.exec(mail.body)?.[1]
  expect(token, mail.body).toBeDefined()
  return token ?? ''
}

const statusOf = async (prisma: Db, id: number) =>
  (await prisma.portalUser.findUnique({ where: { id } }))?.status ?? 'deleted'

/** GET the page; the form token when it shows the Confirm form. */
async function open(base: string, token: string) {
  const res = await fetch(`${base}/portal/invitations/${token}`)
  const html = await res.text()
  return { status: res.status, html, csrf: /name="csrf" value="([^"]+)"/.exec(html)?.[1] }
}

function confirm(base: string, token: string, csrf: string, headers: Record<string, string> = {}) {
  return fetch(`${base}/portal/invitations/${token}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: base,
      'sec-fetch-site': 'same-origin',
      ...headers,
    },
    body: new URLSearchParams({ csrf }).toString(),
  })
}

describe('the invitation page in the app without Slack', () => {
  let running: RunningApp
  let base: string
  let users: Awaited<ReturnType<typeof portalOf>>
  const prisma = () => running.db.prisma

  beforeAll(async () => {
    const env = parseEnv({ PORT: '0', DATABASE_URL: 'memory://' })
    running = await launch({ mode: 'start', env, logger: captureLog().logger })
    base = `http://127.0.0.1:${running.port}`
    users = await portalOf(prisma())
  }, 90_000)
  afterAll(async () => {
    await running?.stop()
  })

  it('confirms the invited user once: 303 → done with the login URL, then 410; audited once', async () => {
    const dana = await users.invite('Dana')
    const page = await open(base, dana.token)
    expect(page.status).toBe(200)
    expect(page.html).toContain('Hello Dana,')
    expect(page.html).toContain('<strong>Zylker</strong>')
    await open(base, dana.token)
    expect(await statusOf(prisma(), dana.id)).toBe('unconfirmed') // GET changes nothing

    const res = await confirm(base, dana.token, page.csrf ?? '')
    expect(res.status).toBe(303)
    expect(await statusOf(prisma(), dana.id)).toBe('enabled')
    const done = await fetch(new URL(res.headers.get('location') ?? '', `${base}/portal/invitations/`))
    expect(done.status).toBe(200)
    expect(await done.text()).toContain(`<a href="${ZYLKER_LOGIN}" rel="noreferrer">`)

    const accepted = await prisma().portalInvitation.findFirstOrThrow({ where: { portalUserId: dana.id } })
    expect((await confirm(base, dana.token, page.csrf ?? '')).status).toBe(410)
    const reopened = await open(base, dana.token)
    expect(reopened.status).toBe(410)
    expect(reopened.html).toContain('already been used')
    const after = await prisma().portalInvitation.findFirstOrThrow({ where: { portalUserId: dana.id } })
    expect(after.acceptedAt).toEqual(accepted.acceptedAt)
    const audits = await prisma().auditLog.findMany({ where: { action: 'portal-user.accept' } })
    expect(audits.filter((a) => a.targetName.startsWith('dana.'))).toHaveLength(1)
  })

  it('a POST without the page’s form token, or from another site, is 403 and confirms nothing', async () => {
    const eve = await users.invite('Eve')
    const { csrf } = await open(base, eve.token)
    expect((await confirm(base, eve.token, 'forged')).status).toBe(403)
    expect((await confirm(base, eve.token, csrf ?? '', { 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await confirm(base, eve.token, csrf ?? '', { origin: 'https://evil.example' })).status).toBe(403)
    expect(await statusOf(prisma(), eve.id)).toBe('unconfirmed')
  })

  it('after a reinvite the old link answers 410 (even with its form) and the new one confirms', async () => {
    const finn = await users.invite('Finn')
    const old = await open(base, finn.token)
    await users.reinvite(finn.id)
    const fresh = await latestToken(prisma())
    expect(fresh).not.toBe(finn.token)
    const gone = await open(base, finn.token)
    expect(gone.status).toBe(410)
    expect(gone.html).toContain('no longer valid')
    expect((await confirm(base, finn.token, old.csrf ?? '')).status).toBe(410)
    expect(await statusOf(prisma(), finn.id)).toBe('unconfirmed')
    const page = await open(base, fresh)
    expect((await confirm(base, fresh, page.csrf ?? '')).status).toBe(303)
    expect(await statusOf(prisma(), finn.id)).toBe('enabled')
  })

  it('deleting an unconfirmed user kills its link (410); an expired link answers 410 and confirms nothing', async () => {
    const gus = await users.invite('Gus')
    const gusPage = await open(base, gus.token)
    await users.remove(gus.id)
    expect((await open(base, gus.token)).status).toBe(410)
    expect((await confirm(base, gus.token, gusPage.csrf ?? '')).status).toBe(410)
    expect(await statusOf(prisma(), gus.id)).toBe('deleted')

    const hal = await users.invite('Hal')
    const halPage = await open(base, hal.token)
    await prisma().portalInvitation.updateMany({
      where: { portalUserId: hal.id },
      data: { expiresAt: new Date(Date.now() - 60_000) },
    })
    const expired = await open(base, hal.token)
    expect(expired.status).toBe(410)
    expect(expired.html).toContain('has expired')
    expect((await confirm(base, hal.token, halPage.csrf ?? '')).status).toBe(410)
    expect(await statusOf(prisma(), hal.id)).toBe('unconfirmed')
  })

  it('forged and truncated links answer 404, never a stack trace', async () => {
    const ivy = await users.invite('Ivy')
    for (const token of [randomBytes(32).toString('base64url'), ivy.token.slice(0, 42), `${ivy.token}x`]) {
      const page = await open(base, token)
      expect(page.status, token).toBe(404)
      expect(page.html).toContain('Invitation not found')
    }
    const malformed = await fetch(`${base}/portal/invitations/%ZZ${ivy.token}`)
    expect(malformed.status).toBe(404)
    expect(await statusOf(prisma(), ivy.id)).toBe('unconfirmed')
  })

  it.skipIf(!chromiumPath)(
    'in Chromium: the mailed link → Confirm → done; the link again → already used',
    async () => {
      const jo = await users.invite('Jo')
      const browser = await launchChromium(chromiumPath ?? '')
      try {
        const tab = await browser.newPage()
        const link = `${base}/portal/invitations/${jo.token}`
        expect((await tab.goto(link))?.status()).toBe(200)
        expect(await tab.getByRole('main').textContent()).toContain('Hello Jo,')
        await Promise.all([tab.waitForURL(/\?done=1$/), tab.getByRole('button', { name: 'Confirm' }).click()])
        expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe(
          'Your portal account is confirmed',
        )
        expect(await tab.getByRole('link', { name: ZYLKER_LOGIN }).getAttribute('href')).toBe(ZYLKER_LOGIN)
        expect(await statusOf(prisma(), jo.id)).toBe('enabled')
        expect((await tab.goto(link))?.status()).toBe(410)
        expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe(
          'This invitation has already been used',
        )
      } finally {
        await browser.close()
      }
    },
  )
})

describe('the invitation page on the Slack app’s port (Bolt custom routes)', () => {
  const SECRET = 'web-page-test-signing-secret'
  const TOKEN = 'xoxb-web-page-test'
  let fake: FakeSlack
  let running: RunningApp
  let base: string

  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: TOKEN })
    const env = parseEnv({
      PORT: '0',
      DATABASE_URL: 'memory://',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: fake.apiUrl,
    })
    running = await launch({ mode: 'start', env, logger: captureLog().logger })
    base = `http://127.0.0.1:${running.port}`
  }, 90_000)
  afterAll(async () => {
    await running?.stop()
    await fake?.close()
  })

  it('shows, confirms once, and refuses as on the plain server', async () => {
    const users = await portalOf(running.db.prisma)
    const kim = await users.invite('Kim')
    const page = await open(base, kim.token)
    expect(page.status).toBe(200)
    expect((await confirm(base, kim.token, 'forged')).status).toBe(403)
    expect((await confirm(base, kim.token, page.csrf ?? '')).status).toBe(303)
    expect(await statusOf(running.db.prisma, kim.id)).toBe('enabled')
    expect((await confirm(base, kim.token, page.csrf ?? '')).status).toBe(410)
    expect((await open(base, randomBytes(32).toString('base64url'))).status).toBe(404)
    const head = await fetch(`${base}/portal/invitations/${kim.token}`, { method: 'HEAD' })
    expect(head.status).toBe(410)
    expect(head.headers.get('referrer-policy')).toBe('no-referrer')
    // A malformed %-escape never reaches Bolt's route matching (which throws on it): a plain 404.
    const malformed = await fetch(`${base}/portal/invitations/%ZZ${kim.token}`)
    expect(malformed.status).toBe(404)
    expect(await malformed.text()).toBe('Not found\n')
  })
})
