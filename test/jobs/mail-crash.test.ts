// Mail and kill -9, on a data folder (the embedded database): a process killed after claiming a mail and
// before SMTP leaves it to the next start, which sends it once; a process killed after the SMTP server
// accepted a mail and before writing `sentAt` makes the next start send it again, with the same
// Message-ID — the one duplicate the README says remains possible.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/client.ts'
import { enqueueMail } from '../../src/services/mail/enqueue-mail.ts'
import { type Started, start } from '../cli/child.ts'
import { startTestSmtp, type TestSmtp } from '../services/mail/smtp-server.ts'

const CHILD = fileURLToPath(new URL('./mail-crash-child.ts', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'msp-bot-mail-crash-'))
const location = join(dir, 'db')
const children: Started[] = []
let smtp: TestSmtp
beforeAll(async () => {
  smtp = await startTestSmtp()
})
afterAll(async () => {
  for (const c of children)
    if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL')
  await smtp.stop()
  rmSync(dir, { recursive: true, force: true })
})

function child(mode: string): Started {
  const run = start(process.execPath, ['--import', 'tsx', CHILD, mode], {
    env: { DATABASE_URL: location, SMTP_URL: smtp.url },
  })
  children.push(run)
  return run
}

async function killHard(run: Started) {
  run.child.kill('SIGKILL')
  expect((await run.done).signal).toBe('SIGKILL')
}

async function deliver(): Promise<{ sent: number }> {
  const run = child('deliver')
  const ended = await run.done
  expect(ended.code, ended.stdout + ended.stderr).toBe(0)
  return JSON.parse(/report (.*)/.exec(ended.stdout)?.[1] ?? '{}')
}

async function enqueue(subject: string) {
  const db = await openDatabase({ url: location })
  try {
    return await enqueueMail(db.prisma, { to: 'dana@zylker.example', subject, text: subject })
  } finally {
    await db.close()
  }
}

it('a kill before SMTP loses nothing; a kill after SMTP accepted resends with the same Message-ID', async () => {
  await enqueue('Before')
  const first = child('hang-before-send')
  await first.waitFor('claimed', 120_000)
  await killHard(first)
  expect(smtp.received).toHaveLength(0)
  expect(await deliver()).toMatchObject({ sent: 1 })
  expect(smtp.received.map((m) => m.subject)).toEqual(['Before'])
  expect(await deliver()).toMatchObject({ sent: 0 })

  await enqueue('After')
  const second = child('hang-after-accept')
  await second.waitFor('accepted', 120_000)
  await killHard(second)
  expect(smtp.received.map((m) => m.subject)).toEqual(['Before', 'After'])
  expect(await deliver()).toMatchObject({ sent: 1 })
  const [, once, again] = smtp.received
  expect(again?.subject).toBe('After')
  expect(again?.messageId).toBe(once?.messageId)
  expect(await deliver()).toMatchObject({ sent: 0 })
  expect(smtp.received).toHaveLength(3)
}, 300_000)
