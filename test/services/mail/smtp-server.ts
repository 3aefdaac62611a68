// A real SMTP server on loopback (smtp-server) for the mail tests: it parses every message it accepts
// (mailparser), can refuse mail with a 5xx or 4xx answer, and can be stopped and started again on the
// same port (an outage).
import type { AddressInfo } from 'node:net'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface TestSmtp {
  url: string
  port: number
  received: ParsedMail[]
  /** 'accept' (default), or refuse every message with a permanent (550) or temporary (451) answer. */
  mode: 'accept' | 'refuse' | 'defer'
  /** Closes the port: connections are refused until start(). */
  stop(): Promise<void>
  start(): Promise<void>
  /** Waits until `count` messages were received. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ParsedMail[] = []
  let server: SMTPServer | undefined
  let port = 0
  const state: TestSmtp = {
    url: '',
    port: 0,
    received,
    mode: 'accept',
    async start() {
      const s = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        closeTimeout: 1000,
        onData(stream, _session, callback) {
          simpleParser(stream).then(
            (mail) => {
              if (state.mode === 'refuse') {
                const error = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 })
                return callback(error)
              }
              if (state.mode === 'defer') {
                const error = Object.assign(new Error('try again later'), { responseCode: 451 })
                return callback(error)
              }
              received.push(mail)
              callback()
            },
            (error: Error) => callback(error),
          )
        },
      })
      s.on('error', () => {})
      await new Promise<void>((resolve, reject) => {
        s.server.once('error', reject)
        s.listen(port, '127.0.0.1', () => resolve())
      })
      port = (s.server.address() as AddressInfo).port
      server = s
      state.port = port
      state.url = `smtp://127.0.0.1:${port}`
    },
    async stop() {
      const s = server
      server = undefined
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()))
    },
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      while (received.length < count) {
        if (Date.now() > deadline)
          throw new Error(`${received.length} of ${count} mails within ${timeoutMs} ms`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      return received
    },
  }
  await state.start()
  return state
}
