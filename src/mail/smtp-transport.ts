// The SMTP side of outgoing mail: nodemailer over SMTP_URL. Only src/app wires it in (the mail job gets it
// as a MailTransport, see src/services/mail/deliver-outbox.ts).
import { createTransport } from 'nodemailer'
import { MailDeliveryError, type MailMessage, type MailTransport } from '../services/mail/deliver-outbox.ts'

export interface SmtpOptions {
  /** `smtp://user:pass@host:port` or `smtps://…` (nodemailer's connection URL). */
  url: string
  /** The From address, e.g. `MSP Support <support@msp.example>`. */
  from: string
  /** Connection, greeting and socket timeouts (default 10 s, 10 s, 60 s): together under the claim. */
  timeoutsMs?: { connection: number; greeting: number; socket: number }
}

/** The domain of the From address: the right part of every Message-ID (`<messageKey@domain>`). */
export function fromDomain(from: string): string {
  const address = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from
  return address.split('@').at(-1)?.trim().toLowerCase() || 'localhost'
}

export const messageIdOf = (messageKey: string, from: string) => `<${messageKey}@${fromDomain(from)}>`

function asDeliveryError(error: unknown): MailDeliveryError {
  const e = error as { message?: unknown; responseCode?: unknown; code?: unknown } | null
  const message = typeof e?.message === 'string' ? e.message : String(error)
  const code = typeof e?.responseCode === 'number' ? e.responseCode : 0
  // 5xx: the server refused this mail; anything else (no connection, 4xx, a timeout) is worth a retry.
  return new MailDeliveryError(message, code >= 500 && code < 600)
}

export function createSmtpTransport(options: SmtpOptions): MailTransport & { close(): void } {
  const t = options.timeoutsMs ?? { connection: 10_000, greeting: 10_000, socket: 60_000 }
  const transporter = createTransport({
    url: options.url,
    connectionTimeout: t.connection,
    greetingTimeout: t.greeting,
    socketTimeout: t.socket,
  })
  return {
    async send(message: MailMessage) {
      try {
        await transporter.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          messageId: messageIdOf(message.messageKey, options.from),
        })
      } catch (error) {
        throw asDeliveryError(error)
      }
    },
    close: () => transporter.close(),
  }
}
