// Outgoing mail through the outbox and a real SMTP server on loopback: written in the caller's
// transaction, delivered once with a stable Message-ID, kept through an outage and sent after it, a
// refused mail given up after a few attempts, a claim left by a crash taken over.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSmtpTransport } from '../../../src/mail/smtp-transport.ts'
import {
  CLAIM_MS,
  deliverDueMail,
  FIRST_RETRY_MS,
  MAX_RETRY_MS,
  REFUSALS_BEFORE_GIVING_UP,
  retryDelayMs,
} from '../../../src/services/mail/deliver-outbox.ts'
import { enqueueMail } from '../../../src/services/mail/enqueue-mail.ts'
import { useTestDatabase } from '../../support/db.ts'
import { startTestSmtp, type TestSmtp } from './smtp-server.ts'

const db = useTestDatabase()
let smtp: TestSmtp
beforeAll(async () => {
  smtp = await startTestSmtp()
})
afterAll(async () => {
  await smtp.stop()
})
beforeEach(async () => {
  await smtp.start().catch(() => {}) // a test may have stopped it (already listening: nothing to do)
  smtp.mode = 'accept'
  smtp.received.length = 0
})

const FROM = 'MSP Support <support@msp.example>'
const transport = () => createSmtpTransport({ url: smtp.url, from: FROM })
const mail = (n: number) => ({
  to: `dana${n}@zylker.example`,
  subject: `Invitation ${n}`,
  text: `Hello ${n}\nline 2`,
})
const rows = () => db().prisma.outboxMail.findMany({ orderBy: { id: 'asc' } })
const at = (ms: number) => () => new Date(Date.now() + ms)

describe('enqueueMail', () => {
  it('writes the mail in the caller’s transaction: nothing when it rolls back', async () => {
    await expect(
      db().prisma.$transaction(async (tx) => {
        await enqueueMail(tx, mail(1))
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await rows()).toEqual([])
    const { id } = await db().prisma.$transaction((tx) => enqueueMail(tx, mail(2)))
    const [row] = await rows()
    expect(row).toMatchObject({
      id,
      to: 'dana2@zylker.example',
      subject: 'Invitation 2',
      body: 'Hello 2\nline 2',
    })
    expect(row?.sentAt).toBeNull()
    expect(row?.messageKey).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('deliverDueMail over SMTP', () => {
  it('delivers each due mail once, with the From, the text and a Message-ID made from the row', async () => {
    await enqueueMail(db().prisma, mail(1))
    await enqueueMail(db().prisma, mail(2))
    const report = await deliverDueMail(db().prisma, transport())
    expect(report).toMatchObject({ sent: 2, failed: 0 })
    const received = await smtp.waitFor(2)
    const stored = await rows()
    expect(received.map((m) => m.subject)).toEqual(['Invitation 1', 'Invitation 2'])
    expect(received[0]?.from?.value[0]?.address).toBe('support@msp.example')
    expect(received[0]?.text?.trim()).toBe('Hello 1\nline 2')
    expect(received[1]?.messageId).toBe(`<${stored[1]?.messageKey}@msp.example>`)
    expect(stored.every((r) => r.sentAt !== null && r.attempts === 1 && r.claimedUntil === null)).toBe(true)

    expect(await deliverDueMail(db().prisma, transport())).toMatchObject({ sent: 0, failed: 0 })
    expect(smtp.received).toHaveLength(2)
  })

  it('keeps mail through an SMTP outage and delivers it, exactly once, after the backoff', async () => {
    for (const n of [1, 2, 3]) await enqueueMail(db().prisma, mail(n))
    await smtp.stop()

    const down = await deliverDueMail(db().prisma, transport())
    expect(down).toMatchObject({ sent: 0, failed: 1 })
    expect(down.errors[0]).toMatch(/ECONNREFUSED|connect/i)
    let stored = await rows()
    // The first failure stops the run: the others were not tried (no attempt counted).
    expect(stored.map((r) => r.attempts)).toEqual([1, 0, 0])
    expect(stored[0]?.lastError).toMatch(/ECONNREFUSED|connect/i)
    const wait = (stored[0]?.nextAttemptAt.getTime() ?? 0) - Date.now()
    expect(wait).toBeGreaterThan(FIRST_RETRY_MS - 15_000) // (a loaded machine may be slow to get here)
    expect(wait).toBeLessThanOrEqual(FIRST_RETRY_MS)

    // Still down a minute later: the first mail is tried again, its delay doubles.
    const again = await deliverDueMail(db().prisma, transport(), { now: at(61_000) })
    expect(again).toMatchObject({ sent: 0, failed: 1 })
    stored = await rows()
    expect(stored.map((r) => r.attempts)).toEqual([2, 0, 0])

    await smtp.start()
    // Up again, but the first mail's backoff has not passed: the others go now, it waits.
    const up = await deliverDueMail(db().prisma, transport(), { now: at(62_000) })
    expect(up).toMatchObject({ sent: 2, failed: 0 })
    const later = await deliverDueMail(db().prisma, transport(), {
      now: at(62_000 + 2 * FIRST_RETRY_MS + 1000),
    })
    expect(later).toMatchObject({ sent: 1, failed: 0 })
    await smtp.waitFor(3)
    expect(smtp.received.map((m) => m.subject).sort()).toEqual([
      'Invitation 1',
      'Invitation 2',
      'Invitation 3',
    ])
    stored = await rows()
    expect(stored.every((r) => r.sentAt !== null && r.lastError === null)).toBe(true)
    expect(await deliverDueMail(db().prisma, transport(), { now: at(3_600_000) })).toMatchObject({ sent: 0 })
    expect(smtp.received).toHaveLength(3)
  })

  it('two runs at once send every mail once', async () => {
    for (const n of [1, 2, 3, 4, 5]) await enqueueMail(db().prisma, mail(n))
    const [a, b] = await Promise.all([
      deliverDueMail(db().prisma, transport()),
      deliverDueMail(db().prisma, transport()),
    ])
    expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBe(5)
    await smtp.waitFor(5)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(smtp.received.map((m) => m.subject).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `Invitation ${n}`))
  })

  it('gives up a mail the server refuses (5xx) after a few attempts; a 4xx is retried', async () => {
    await enqueueMail(db().prisma, mail(1))
    smtp.mode = 'defer'
    const deferred = await deliverDueMail(db().prisma, transport())
    expect(deferred).toMatchObject({ failed: 1, gaveUp: 0 })
    expect((await rows())[0]?.lastError).toMatch(/451/)

    smtp.mode = 'refuse'
    let clock = 0
    for (let attempt = 2; attempt <= REFUSALS_BEFORE_GIVING_UP; attempt++) {
      clock += MAX_RETRY_MS + 1000
      const refused = await deliverDueMail(db().prisma, transport(), { now: at(clock) })
      expect(refused).toMatchObject({ failed: 1, gaveUp: attempt === REFUSALS_BEFORE_GIVING_UP ? 1 : 0 })
    }
    const [row] = await rows()
    expect(row?.gaveUpAt).not.toBeNull()
    expect(row?.lastError).toMatch(/550/)
    smtp.mode = 'accept'
    expect(await deliverDueMail(db().prisma, transport(), { now: at(clock + 86_400_000) })).toMatchObject({
      sent: 0,
      failed: 0,
    })
    expect(smtp.received).toHaveLength(0)
  })

  it('a claim left by a run that crashed is taken over when it passes, or at once by the next owner', async () => {
    const { id } = await enqueueMail(db().prisma, mail(1))
    // A run claimed the row and died before sending (or before writing sentAt).
    await db().prisma.outboxMail.update({
      where: { id },
      data: { claimedUntil: new Date(Date.now() + CLAIM_MS), attempts: 1 },
    })
    expect(await deliverDueMail(db().prisma, transport())).toMatchObject({ sent: 0, failed: 0 })
    // The embedded database's next owner: claims from before it took the folder are a dead process's.
    const owner = await deliverDueMail(db().prisma, transport(), { claimsBefore: new Date(Date.now() + 1) })
    expect(owner).toMatchObject({ sent: 1 })
    const [row] = await rows()
    expect(row).toMatchObject({ attempts: 2, claimedUntil: null })
    const [received] = await smtp.waitFor(1)
    expect(received?.messageId).toBe(`<${row?.messageKey}@msp.example>`)

    const { id: second } = await enqueueMail(db().prisma, mail(2))
    await db().prisma.outboxMail.update({
      where: { id: second },
      data: { claimedUntil: new Date(Date.now() + CLAIM_MS) },
    })
    expect(await deliverDueMail(db().prisma, transport(), { now: at(CLAIM_MS + 1000) })).toMatchObject({
      sent: 1,
    })
  })

  it('backs off 30 s, doubling, capped at 30 minutes', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000])
    expect(retryDelayMs(40)).toBe(MAX_RETRY_MS)
  })
})
