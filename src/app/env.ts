// The process environment, parsed once at start-up; a bad value stops start-up with one line naming it.
import { z } from 'zod'
import { DatabaseUrlError, parseDatabaseUrl } from '../db/database-url.ts'
import type { SlackCredentials } from '../slack/app.ts'

export type { SlackCredentials }

const optional = (schema: z.ZodType<string>) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional())

const envSchema = z
  .object({
    SLACK_SIGNING_SECRET: optional(z.string().min(8, 'must be the app’s signing secret')),
    SLACK_BOT_TOKEN: optional(z.string().regex(/^xoxb-/, 'must be a bot token starting with xoxb-')),
    SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, 'must be an app-level token starting with xapp-')),
    SLACK_API_URL: optional(z.url('must be a URL such as https://slack.com/api/')),
    PORT: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), // empty counts as unset, as for the rest
      z.coerce.number('must be a port number').int().min(0).max(65535).default(3000),
    ),
    DATABASE_URL: optional(z.string()),
    MSP_NOTIFY_CHANNEL: optional(
      z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a channel id such as C0123ABCD'),
    ),
    SMTP_URL: optional(
      z.url({ protocol: /^smtps?$/, error: 'must be an SMTP URL such as smtp://user:pass@mail.example:587' }),
    ),
    MAIL_FROM: optional(
      z
        .string()
        .regex(
          /^[^@\s<>]+@[^@\s<>]+$|<[^@\s<>]+@[^@\s<>]+>$/,
          'must be an address such as support@msp.example',
        ),
    ),
    PUBLIC_URL: optional(
      z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://bot.msp.example' }),
    ),
    AGENT_STATUS_SECRET: optional(z.string().min(16, 'must be at least 16 characters (a shared secret)')),
  })
  .superRefine((env, ctx) => {
    const pair = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN'] as const
    const set = pair.filter((k) => env[k] !== undefined)
    // Socket Mode (SLACK_APP_TOKEN, all `slack run` gives besides the bot token) has no signatures to check.
    const socketMode = env.SLACK_APP_TOKEN !== undefined && set[0] === 'SLACK_BOT_TOKEN'
    if (set.length === 1 && !socketMode) {
      const missing = pair.find((k) => env[k] === undefined)
      ctx.addIssue({ code: 'custom', path: [missing ?? ''], message: `is required when ${set[0]} is set` })
    }
    if (env.SMTP_URL && !env.MAIL_FROM) {
      ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'is required when SMTP_URL is set' })
    }
    if (env.SLACK_APP_TOKEN && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'is required for Socket Mode (SLACK_APP_TOKEN is set)',
      })
    }
  })

export interface AppEnv {
  slack: SlackCredentials | null
  slackApiUrl?: string
  port: number
  databaseUrl?: string
  notifyChannel?: string
  /** Outgoing mail over SMTP; null: no SMTP_URL, mail is kept in the outbox (`/msp outbox`). */
  mail: { smtpUrl: string; from: string } | null
  /** Base URL of the app's own pages (invitation links), without a trailing slash. */
  publicUrl: string
  /** The shared secret of POST /api/agent-status; unset: the endpoint is off (404). */
  agentStatusSecret?: string
}

export class EnvError extends Error {
  readonly code = 'ENV_INVALID'
}

export function parseEnv(source: Record<string, string | undefined> = process.env): AppEnv {
  const parsed = envSchema.safeParse(source)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const name = String(issue?.path[0] ?? 'environment')
    throw new EnvError(`${name} ${issue?.message ?? 'is invalid'}`)
  }
  const e = parsed.data
  try {
    parseDatabaseUrl(e.DATABASE_URL) // refused before anything is created
  } catch (error) {
    if (error instanceof DatabaseUrlError) throw new EnvError(error.message)
    throw error
  }
  return {
    slack:
      e.SLACK_BOT_TOKEN && (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN)
        ? {
            signingSecret: e.SLACK_SIGNING_SECRET ?? '', // '' only in Socket Mode, where nothing is signed
            botToken: e.SLACK_BOT_TOKEN,
            appToken: e.SLACK_APP_TOKEN,
          }
        : null,
    slackApiUrl: e.SLACK_API_URL,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    notifyChannel: e.MSP_NOTIFY_CHANNEL,
    mail: e.SMTP_URL && e.MAIL_FROM ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM } : null,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    agentStatusSecret: e.AGENT_STATUS_SECRET,
  }
}
