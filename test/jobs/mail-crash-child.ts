// A child process for mail-crash.test.ts: opens the data folder at DATABASE_URL as the app's next owner
// (claims from before this start are a dead process's) and delivers the outbox to SMTP_URL.
//   hang-before-send: claims the mail, prints "claimed", then hangs before SMTP (the test kills it)
//   hang-after-accept: the SMTP server accepts the mail, prints "accepted", then hangs before `sentAt`
//   deliver: delivers what is due, prints the report, exits 0
import { setTimeout as sleep } from 'node:timers/promises'
import { openDatabase } from '../../src/db/client.ts'
import { createSmtpTransport } from '../../src/mail/smtp-transport.ts'
import { deliverDueMail, type MailTransport } from '../../src/services/mail/deliver-outbox.ts'

const url = process.env.DATABASE_URL
const smtpUrl = process.env.SMTP_URL
const mode = process.argv[2]
if (!url || !smtpUrl || !mode) throw new Error('mail-crash-child needs DATABASE_URL, SMTP_URL and a mode')

const started = new Date()
const db = await openDatabase({ url })
const smtp = createSmtpTransport({ url: smtpUrl, from: 'support@msp.example' })
const hang = async (line: string): Promise<never> => {
  console.log(line)
  for (;;) await sleep(1000)
}
const transport: MailTransport = {
  async send(message) {
    if (mode === 'hang-before-send') return hang('claimed')
    await smtp.send(message)
    if (mode === 'hang-after-accept') return hang('accepted')
  },
}
const report = await deliverDueMail(db.prisma, transport, { claimsBefore: started })
console.log(`report ${JSON.stringify(report)}`)
await db.close()
