import { createHmac } from 'node:crypto'
import {
  TEST_APP_ID,
  TEST_BOT_USER_ID,
  TEST_CHANNEL_ID,
  TEST_CHANNEL_NAME,
  TEST_TEAM_DOMAIN,
  TEST_TEAM_ID,
  TEST_VERIFICATION_TOKEN,
} from './slack-ids.ts'
import { newTriggerId } from './slack-payloads.ts'

export * from './slack-payloads.ts'

const FORM = 'application/x-www-form-urlencoded'
const JSON_TYPE = 'application/json'

/** Slack v0 request signature: `v0=` + hex HMAC-SHA256(secret, `v0:<timestamp>:<body>`). */
export function signBody(secret: string, body: string, timestamp: number | string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`
}

export interface PostSignedOptions {
  /** Default application/x-www-form-urlencoded. */
  contentType?: string
  /** Unix seconds; default now. */
  timestamp?: number
  /** X-Slack-Retry-Num (Events API redelivery). */
  retryNum?: number
  /** X-Slack-Retry-Reason, e.g. http_timeout. */
  retryReason?: string
  /** Sent instead of the computed signature (to test rejection). */
  signatureOverride?: string
  headers?: Record<string, string>
}

export interface SignedResponse {
  status: number
  text: string
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown
  headers: Headers
  /** How long the app took to answer (Slack gives up after 3 s: block-kit-limits.json ack.timeout). */
  elapsedMs: number
}

/** POSTs `body` to the app like Slack does: signed with the signing secret. */
export async function postSigned(
  url: string,
  secret: string,
  body: string,
  options: PostSignedOptions = {},
): Promise<SignedResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000)
  const headers: Record<string, string> = {
    'Content-Type': options.contentType ?? FORM,
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': options.signatureOverride ?? signBody(secret, body, timestamp),
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...options.headers,
  }
  if (options.retryNum !== undefined) headers['X-Slack-Retry-Num'] = String(options.retryNum)
  if (options.retryReason !== undefined) headers['X-Slack-Retry-Reason'] = options.retryReason
  const started = performance.now()
  const response = await fetch(url, { method: 'POST', headers, body })
  const text = await response.text()
  const elapsedMs = performance.now() - started
  let json: unknown
  try {
    json = text === '' ? undefined : JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: response.status, text, json, headers: response.headers, elapsedMs }
}

export interface SlashCommandOptions {
  text: string
  userId: string
  /** A fake.responseUrl(). */
  responseUrl: string
  command?: string
  triggerId?: string
  channelId?: string
  channelName?: string
  teamId?: string
  teamDomain?: string
  userName?: string
  apiAppId?: string
}

/** The form body Slack sends for a slash command, field order as Slack sends it. */
export function slashCommandBody(options: SlashCommandOptions): string {
  return new URLSearchParams({
    token: TEST_VERIFICATION_TOKEN,
    team_id: options.teamId ?? TEST_TEAM_ID,
    team_domain: options.teamDomain ?? TEST_TEAM_DOMAIN,
    channel_id: options.channelId ?? TEST_CHANNEL_ID,
    channel_name: options.channelName ?? TEST_CHANNEL_NAME,
    user_id: options.userId,
    user_name: options.userName ?? options.userId.toLowerCase(),
    command: options.command ?? '/msp',
    text: options.text,
    api_app_id: options.apiAppId ?? TEST_APP_ID,
    is_enterprise_install: 'false',
    response_url: options.responseUrl,
    trigger_id: options.triggerId ?? newTriggerId(),
  }).toString()
}

/** Sends a signed slash command. */
export function slashCommand(
  url: string,
  secret: string,
  options: SlashCommandOptions,
): Promise<SignedResponse> {
  return postSigned(url, secret, slashCommandBody(options), { contentType: FORM })
}

/** Sends a signed interaction (`payload=<json>` form body): block_actions, view_submission, block_suggestion, … */
export function interaction(
  url: string,
  secret: string,
  payload: Record<string, unknown>,
  options: Omit<PostSignedOptions, 'contentType'> = {},
): Promise<SignedResponse> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString()
  return postSigned(url, secret, body, { ...options, contentType: FORM })
}

export interface EventCallbackOptions {
  eventId: string
  retryNum?: number
  retryReason?: string
  eventTime?: number
  teamId?: string
  apiAppId?: string
  /** The bot user the event is authorized for. */
  authorizedUserId?: string
}

/** The JSON body of an Events API `event_callback`. */
export function eventCallbackBody(
  event: Record<string, unknown>,
  options: EventCallbackOptions,
): Record<string, unknown> {
  const teamId = options.teamId ?? TEST_TEAM_ID
  const eventTime = options.eventTime ?? Math.floor(Date.now() / 1000)
  return {
    token: TEST_VERIFICATION_TOKEN,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: options.apiAppId ?? TEST_APP_ID,
    event: { event_ts: `${eventTime}.000100`, ...event },
    type: 'event_callback',
    event_id: options.eventId,
    event_time: eventTime,
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: options.authorizedUserId ?? TEST_BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(options.eventId).toString('base64url')}`,
  }
}

/** Sends a signed Events API event (JSON body); pass retryNum/retryReason to simulate a redelivery. */
export function eventCallback(
  url: string,
  secret: string,
  event: Record<string, unknown>,
  options: EventCallbackOptions,
): Promise<SignedResponse> {
  const body = JSON.stringify(eventCallbackBody(event, options))
  return postSigned(url, secret, body, {
    contentType: JSON_TYPE,
    retryNum: options.retryNum,
    retryReason: options.retryReason,
  })
}

/** Sends the Events API url_verification handshake. */
export function urlVerification(url: string, secret: string, challenge: string): Promise<SignedResponse> {
  const body = JSON.stringify({ token: TEST_VERIFICATION_TOKEN, challenge, type: 'url_verification' })
  return postSigned(url, secret, body, { contentType: JSON_TYPE })
}
