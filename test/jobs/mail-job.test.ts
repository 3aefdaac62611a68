// The send-mail job on the app's kept queue, against a real SMTP server on loopback: mail left unsent is
// sent at start, a kick sends new mail, several runs for the same rows send each mail once, an outage
// keeps the mail until the server is back; without SMTP the job sends nothing and has no schedule.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type JobQueue, SEND_MAIL, startAppJobs } from '../../src/jobs/index.ts'
import { createSmtpTransport } from '../../src/mail/smtp-transport.ts'
import { enqueueMail } from '../../src/services/mail/enqueue-mail.ts'
import { startTestSmtp, type TestSmtp } from '../services/mail/smtp-server.ts'
import { useTestDatabase } from '../support/db.ts'

const db = useTestDatabase()
let smtp: TestSmtp
let queue: JobQueue | undefined
let finished: string[] = []
let lines: string[] = []

beforeAll(async () => {
  smtp = await startTestSmtp()
})
afterAll(async () => {
  await smtp.stop()
})
beforeEach(async () => {
  await smtp.start().catch(() => {})
  smtp.received.length = 0
  finished = []
  lines = []
})
afterEach(async () => {
  await queue?.stop({ timeoutMs: 2000 })
  queue = undefined
})

const transport = () => createSmtpTransport({ url: smtp.url, from: 'support@msp.example' })
const mail = (n: number) => ({
  to: `dana${n}@zylker.example`,
  subject: `Invitation ${n}`,
  text: `Hello ${n}`,
})

async function start(withSmtp: boolean) {
  queue = await startAppJobs(
    db(),
    (line) => lines.push(line),
    (name, outcome) => {
      if (name === SEND_MAIL) finished.push(outcome)
    },
    { transport: withSmtp ? transport() : null },
  )
  return queue
}

async function until(probe: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Sends one send-mail job and waits until the runs so far (plus it) have finished. */
async function kick(q: JobQueue) {
  const before = finished.length
  await q.send(SEND_MAIL, {})
  await until(() => finished.length > before)
}

const unsent = () => db().prisma.outboxMail.count({ where: { sentAt: null } })

describe('the send-mail job', () => {
  it('sends the mail left unsent at start, then new mail when kicked', async () => {
    await enqueueMail(db().prisma, mail(1))
    const q = await start(true)
    await smtp.waitFor(1)
    await enqueueMail(db().prisma, mail(2))
    await kick(q)
    await smtp.waitFor(2)
    expect(smtp.received.map((m) => m.subject)).toEqual(['Invitation 1', 'Invitation 2'])
    expect(await unsent()).toBe(0)
    expect(lines.some((l) => l.startsWith('mail: sent'))).toBe(true)
    const schedules = await db().prisma.$queryRawUnsafe<{ cron: string }[]>(
      `SELECT cron FROM pgboss.schedule WHERE name = '${SEND_MAIL}'`,
    )
    expect(schedules).toEqual([{ cron: '* * * * *' }])
  })

  it('several runs for the same rows send each mail once', async () => {
    const q = await start(true)
    await until(() => finished.length >= 1) // the run at start (nothing to send)
    for (const n of [1, 2, 3]) await enqueueMail(db().prisma, mail(n))
    await Promise.all([q.send(SEND_MAIL, {}), q.send(SEND_MAIL, {}), q.send(SEND_MAIL, {})])
    await until(() => finished.length >= 4)
    await smtp.waitFor(3)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(smtp.received.map((m) => m.subject).sort()).toEqual([
      'Invitation 1',
      'Invitation 2',
      'Invitation 3',
    ])
    const rows = await db().prisma.outboxMail.findMany()
    expect(rows.map((r) => r.attempts)).toEqual([1, 1, 1])
  })

  it('keeps mail through an SMTP outage and sends it once when the server is back', async () => {
    await smtp.stop()
    const q = await start(true)
    await until(() => finished.length >= 1)
    const { id } = await enqueueMail(db().prisma, mail(1))
    await kick(q)
    const failed = await db().prisma.outboxMail.findUniqueOrThrow({ where: { id } })
    expect(failed).toMatchObject({ sentAt: null, attempts: 1 })
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i)
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now())
    expect(lines.some((l) => l.includes('mail: not sent, will retry'))).toBe(true)

    await smtp.start()
    await kick(q) // within the backoff: not tried again
    expect(smtp.received).toHaveLength(0)
    // The backoff has passed (as the next minute's run would find it).
    await db().prisma.outboxMail.update({
      where: { id },
      data: { nextAttemptAt: new Date(Date.now() - 1000) },
    })
    await kick(q)
    await smtp.waitFor(1)
    await kick(q)
    expect(smtp.received).toHaveLength(1)
    expect(await db().prisma.outboxMail.findUniqueOrThrow({ where: { id } })).toMatchObject({
      attempts: 2,
      lastError: null,
    })
  })

  it('without SMTP sends nothing, keeps the mail, and is not scheduled', async () => {
    const q = await start(false)
    await enqueueMail(db().prisma, mail(1))
    await kick(q)
    expect(finished.length).toBeGreaterThan(0) // (a minute's run scheduled by an earlier test may be among them)
    expect(finished.every((outcome) => outcome === 'completed')).toBe(true)
    expect(await db().prisma.outboxMail.findMany()).toMatchObject([{ sentAt: null, attempts: 0 }])
    expect(smtp.received).toHaveLength(0)
    const schedules = await db().prisma.$queryRawUnsafe<unknown[]>(
      `SELECT cron FROM pgboss.schedule WHERE name = '${SEND_MAIL}'`,
    )
    expect(schedules).toEqual([])
  })
})
