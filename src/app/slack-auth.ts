// The start-up check of SLACK_BOT_TOKEN: one `auth.test` call (at SLACK_API_URL when set). A token Slack
// rejects stops start-up with one line naming the variable and what to do; a Slack API that cannot be
// reached is "unreachable" (start-up goes on and keeps trying, see slack-connection.ts).
import { ErrorCode, type Logger, LogLevel, WebClient } from '@slack/web-api'
import { EnvError } from './env.ts'

/** SLACK_BOT_TOKEN was refused by Slack: a fact about the configuration, printed as one line. */
export class SlackCredentialsError extends EnvError {}

export type SlackAuth =
  | { status: 'connected'; botUserId?: string; botId?: string; team?: string }
  | { status: 'unreachable'; reason: string }

const COPY_TOKEN = "copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page"

/** What to tell the user for each refusal of the token (anything else: the generic line). */
const REJECTIONS: Record<string, string> = {
  invalid_auth: `SLACK_BOT_TOKEN was rejected by Slack (invalid_auth): ${COPY_TOKEN}`,
  not_authed: `SLACK_BOT_TOKEN was not accepted by Slack (not_authed): ${COPY_TOKEN}`,
  account_inactive:
    'SLACK_BOT_TOKEN belongs to a deleted user or a deactivated workspace (account_inactive): install the app ' +
    'in an active workspace and copy its Bot User OAuth Token',
  token_revoked:
    'SLACK_BOT_TOKEN was revoked (token_revoked): reinstall the app (OAuth & Permissions → Reinstall to ' +
    'Workspace) and copy the new Bot User OAuth Token',
  token_expired:
    'SLACK_BOT_TOKEN has expired (token_expired): reinstall the app or turn off token rotation, then copy the ' +
    'new Bot User OAuth Token',
}

export function rejectionMessage(code: string): string {
  return (
    REJECTIONS[code] ??
    `SLACK_BOT_TOKEN was refused by Slack's auth.test (${code}): check the token on your app's OAuth & Permissions page`
  )
}

const quiet: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
}

interface SlackApiError {
  code?: string
  data?: { error?: string }
  statusCode?: number
  original?: { code?: string; message?: string; cause?: { code?: string; message?: string } }
  cause?: { cause?: { code?: string; message?: string } }
  message?: string
}

/** Why a call did not get an answer from Slack, in a few words (ECONNREFUSED, HTTP 502, …). */
function unreachableReason(e: SlackApiError): string {
  if (e.code === ErrorCode.HTTPError) return `HTTP ${e.statusCode ?? 'error'}`
  if (e.code === ErrorCode.RateLimitedError) return 'rate limited'
  // fetch failed → its cause says why (ECONNREFUSED, ENOTFOUND, a timeout, …)
  const cause = e.original?.cause ?? e.cause?.cause
  return cause?.code ?? cause?.message ?? e.original?.code ?? e.original?.message ?? e.message ?? 'no answer'
}

/**
 * Calls auth.test once (no retries). Resolves to connected or unreachable; throws SlackCredentialsError
 * when Slack answers that the token is not valid.
 */
export async function checkSlackToken(
  token: string,
  options: { slackApiUrl?: string; timeoutMs?: number } = {},
): Promise<SlackAuth> {
  const client = new WebClient(token, {
    slackApiUrl: options.slackApiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    logger: quiet,
  })
  try {
    const result = await client.auth.test()
    return { status: 'connected', botUserId: result.user_id, botId: result.bot_id, team: result.team }
  } catch (error) {
    const e = error as SlackApiError
    if (e.code === ErrorCode.PlatformError)
      throw new SlackCredentialsError(rejectionMessage(e.data?.error ?? 'unknown'))
    return { status: 'unreachable', reason: unreachableReason(e) }
  }
}
