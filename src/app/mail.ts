// Outgoing mail, wired: the SMTP transport when SMTP_URL is set (none: mail stays in the outbox), handed
// to the send-mail job, and the kick the services call after committing mail (the job then runs at once
// instead of at the next minute). nodemailer (about 10 MB of RSS) is loaded at the first mail sent, not at
// start-up: most installs keep mail in the outbox.
import { type JobQueue, SEND_MAIL } from '../jobs/index.ts'
import type { SmtpOptions } from '../mail/smtp-transport.ts'
import type { ServicesOptions } from '../services/index.ts'
import type { MailTransport } from '../services/mail/deliver-outbox.ts'
import type { AppEnv } from './env.ts'

export interface AppMail {
  /** For startAppJobs. */
  jobs: { transport: MailTransport | null }
  /** What the services and the Slack edge get, once the queue runs. */
  wiring(queue: JobQueue): {
    services: Pick<ServicesOptions, 'publicUrl' | 'onMailQueued'>
    mailSending: boolean
  }
}

/** The SMTP transport, its module (and nodemailer) imported when the first mail is sent. */
export function lazySmtpTransport(options: SmtpOptions): MailTransport {
  let transport: Promise<MailTransport> | undefined
  return {
    async send(message) {
      transport ??= import('../mail/smtp-transport.ts').then((m) => m.createSmtpTransport(options))
      return (await transport).send(message)
    },
  }
}

export function appMail(env: Pick<AppEnv, 'mail' | 'publicUrl'>, log: (line: string) => void): AppMail {
  const transport = env.mail ? lazySmtpTransport({ url: env.mail.smtpUrl, from: env.mail.from }) : null
  return {
    jobs: { transport },
    wiring: (queue) => ({
      services: {
        publicUrl: env.publicUrl,
        ...(transport
          ? {
              onMailQueued: () => {
                queue.send(SEND_MAIL, {}).catch((error: unknown) => {
                  log(
                    `mail: could not queue the send-mail job (the next minute's run sends it): ${String(error)}`,
                  )
                })
              },
            }
          : {}),
      },
      mailSending: transport !== null,
    }),
  }
}
