// Outgoing mail as the app wires it (src/app/mail.ts, start.ts): a portal invitation added through the
// services reaches a real SMTP server on loopback within seconds (the kick, not the minute's run), with
// PUBLIC_URL's accept link that works once; a reinvite's mail kills the old link; `npm start` with
// SMTP_URL sends the mail a previous run left unsent.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '../../src/app/env.ts'
import { appMail } from '../../src/app/mail.ts'
import { launch } from '../../src/app/start.ts'
import { openDatabase } from '../../src/db/client.ts'
import { type JobQueue, startAppJobs } from '../../src/jobs/index.ts'
import { createServices } from '../../src/services/index.ts'
import { enqueueMail } from '../../src/services/mail/enqueue-mail.ts'
import { startTestSmtp, type TestSmtp } from '../services/mail/smtp-server.ts'
import { seedPortalWorld } from '../services/portal/support.ts'
import { captureLog } from '../support/capture-log.ts'
import { useTestDatabase } from '../support/db.ts'
import { until } from '../support/until.ts'

const db = useTestDatabase()
let smtp: TestSmtp
let queue: JobQueue | undefined
const dir = mkdtempSync(join(tmpdir(), 'msp-mail-wiring-'))
beforeAll(async () => {
  smtp = await startTestSmtp()
})
afterEach(async () => {
  await queue?.stop({ timeoutMs: 2000 })
  queue = undefined
})
afterAll(async () => {
  await smtp.stop()
  rmSync(dir, { recursive: true, force: true })
})

const LINK = /https:\/\/msp-bot\.test\/portal\/invitations\/([A-Za-z0-9_-]{43})/

describe('mail as the app wires it', () => {
  it('sends an invitation within seconds of the add, with the accept link that works once', async () => {
    smtp.received.length = 0
    const env = parseEnv({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'MSP Support <support@msp.example>',
      PUBLIC_URL: 'https://msp-bot.test/',
    })
    const mail = appMail(env, () => {})
    queue = await startAppJobs(db(), () => {}, undefined, mail.jobs)
    const wiring = mail.wiring(queue)
    expect(wiring.mailSending).toBe(true)
    const services = createServices(db().prisma, { sharedDatabase: false, ...wiring.services })
    const s = await seedPortalWorld(db().prisma)

    const added = await services.portal.add(s.priya, {
      customerId: s.zylker,
      name: 'Hana',
      email: 'hana@zylker.example',
    })
    expect(added.status).toBe('added')
    const [invitation] = await smtp.waitFor(1, 20_000)
    expect(invitation?.to && 'value' in invitation.to ? invitation.to.value[0]?.address : '').toBe(
      'hana@zylker.example',
    )
    expect(invitation?.from?.value[0]?.address).toBe('support@msp.example')
    const text = invitation?.text ?? ''
    expect(text).toContain('https://status.zylker.example/app/login/customer_login_portal')
    const token = LINK.exec(text)?.[1] ?? ''
    expect(token).not.toBe('')
    // marked sent a moment after the server got it
    await until(async () => (await db().prisma.outboxMail.count({ where: { sentAt: null } })) === 0, 10_000)
    const row = await db().prisma.outboxMail.findFirstOrThrow()
    expect(invitation?.messageId).toBe(`<${row.messageKey}@msp.example>`)

    expect((await services.portal.acceptInvitation(token)).state).toBe('confirmed')
    expect((await services.portal.acceptInvitation(token)).state).not.toBe('confirmed')
  })

  it('a reinvite mails a new link and the old one is dead', async () => {
    smtp.received.length = 0
    const env = parseEnv({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'support@msp.example',
      PUBLIC_URL: 'https://msp-bot.test',
    })
    const mail = appMail(env, () => {})
    queue = await startAppJobs(db(), () => {}, undefined, mail.jobs)
    const services = createServices(db().prisma, { sharedDatabase: false, ...mail.wiring(queue).services })
    const s = await seedPortalWorld(db().prisma)
    const added = await services.portal.add(s.priya, {
      customerId: s.zylker,
      name: 'Ivo',
      email: 'ivo@zylker.example',
    })
    if (added.status !== 'added') throw new Error(added.status)
    const [first] = await smtp.waitFor(1, 20_000)
    const oldToken = LINK.exec(first?.text ?? '')?.[1] ?? ''
    await services.portal.reinvite(s.priya, added.user.id)
    const received = await smtp.waitFor(2, 20_000)
    const newToken = LINK.exec(received[1]?.text ?? '')?.[1] ?? ''
    expect(newToken).not.toBe('')
    expect(newToken).not.toBe(oldToken)
    expect((await services.portal.acceptInvitation(oldToken)).state).not.toBe('confirmed')
    expect((await services.portal.acceptInvitation(newToken)).state).toBe('confirmed')
    expect(smtp.received).toHaveLength(2)
  })

  it('without SMTP_URL: nothing is sent, the mail stays in the outbox', async () => {
    smtp.received.length = 0
    const mail = appMail(parseEnv({}), () => {})
    expect(mail.jobs.transport).toBeNull()
    queue = await startAppJobs(db(), () => {}, undefined, mail.jobs)
    const wiring = mail.wiring(queue)
    expect(wiring.mailSending).toBe(false)
    expect(wiring.services.publicUrl).toBe('http://localhost:3000')
    const services = createServices(db().prisma, { sharedDatabase: false, ...wiring.services })
    const s = await seedPortalWorld(db().prisma)
    await services.portal.add(s.priya, { customerId: s.zylker, name: 'Jo', email: 'jo@zylker.example' })
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(smtp.received).toHaveLength(0)
    const [row] = await db().prisma.outboxMail.findMany()
    expect(row).toMatchObject({ to: 'jo@zylker.example', sentAt: null, attempts: 0 })
    expect(row?.body).toContain('http://localhost:3000/portal/invitations/')
  })

  it('npm start with SMTP_URL sends the mail a previous run left in the outbox', async () => {
    smtp.received.length = 0
    const location = join(dir, 'db')
    const before = await openDatabase({ url: location })
    // A book exists (an empty one would get the demo book, whose import replaces the outbox too).
    await before.prisma.customer.create({ data: { name: 'Zylker', nameKey: 'zylker' } })
    await enqueueMail(before.prisma, {
      to: 'left@zylker.example',
      subject: 'Left behind',
      text: 'from the last run',
    })
    await before.close()
    const log = captureLog()
    const env = parseEnv({
      PORT: '0',
      DATABASE_URL: location,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'support@msp.example',
    })
    const running = await launch({ mode: 'start', env, logger: log.logger })
    try {
      const [received] = await smtp.waitFor(1, 30_000).catch((error: Error) => {
        throw new Error(`${error.message}; log:\n${log.text()}`)
      })
      expect(received?.subject).toBe('Left behind')
      const unsent = () => running.db.prisma.outboxMail.count({ where: { sentAt: null } })
      await until(async () => (await unsent()) === 0, 10_000)
    } finally {
      await running.stop()
    }
  }, 90_000)
})

describe('the kick', () => {
  it('queues one send-mail job per call, and a queue that refuses is logged, never thrown', async () => {
    const sent: string[] = []
    const lines: string[] = []
    let refuse = false
    const fakeQueue = {
      send: async (name: string) => {
        if (refuse) throw new Error('database is closing')
        sent.push(name)
        return 'id'
      },
      stats: async () => ({ depth: 0, active: 0, failed: 0 }),
      stop: async () => {},
    }
    const env = parseEnv({ SMTP_URL: 'smtp://127.0.0.1:1', MAIL_FROM: 'support@msp.example' })
    const kick = appMail(env, (line) => lines.push(line)).wiring(fakeQueue).services.onMailQueued
    expect(kick).toBeDefined()
    kick?.()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(sent).toEqual(['send-mail'])
    refuse = true
    kick?.()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(lines).toEqual([
      "mail: could not queue the send-mail job (the next minute's run sends it): Error: database is closing",
    ])
    expect(appMail(parseEnv({}), () => {}).wiring(fakeQueue).services.onMailQueued).toBeUndefined()
  })
})
