import type { Services } from '../services/index.ts'

/** What every listener may use. */
export interface SlackDeps {
  services: Services
  /** Channel for blocked-save notifications. */
  notifyChannel?: string
  /** SMTP_URL is set: outbox mail is sent (else it is only kept; `/msp outbox` says which). */
  mailSending?: boolean
  /** How long a form submission may run before its ack says "Working…" (tests shorten it). */
  viewAckDeadlineMs?: number
}
