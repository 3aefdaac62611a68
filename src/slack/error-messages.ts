// Domain and Slack errors → the message a staff member reads. Nothing here changes data.
import type { Logger } from '@slack/bolt'
import { ErrorCode as WebApiErrorCode } from '@slack/web-api'
import { problemMessage } from '../messages/problems.ts'
import { ServiceError } from '../services/errors.ts'
import { escaped, type Mrkdwn, mrkdwn } from './blocks/mrkdwn.ts'

interface SlackApiError {
  code?: string
  data?: { error?: string }
  retryAfter?: number
}

/**
 * Refusals (ServiceError) come before any write, so they say nothing changed. Slack API and unexpected
 * errors may come after a committed write (the reply to a save, say), so they do not claim it.
 */
export function userMessageFor(error: unknown): Mrkdwn {
  if (error instanceof ServiceError) return escaped(problemMessage(error.problem))
  const slack = slackApiMessage(error)
  if (slack !== null) return escaped(slack)
  return mrkdwn`Something went wrong on our side (it was logged). \`/msp audit\` shows whether your change went through.`
}

/** A Slack API error in words (plain text), or null for any other error. */
function slackApiMessage(error: unknown): string | null {
  const e = error as SlackApiError
  if (e?.code === WebApiErrorCode.RateLimitedError) {
    return `Slack is rate limiting this app; try again in ${e.retryAfter ?? 30} seconds.`
  }
  if (e?.code === WebApiErrorCode.PlatformError) {
    switch (e.data?.error) {
      case 'expired_trigger_id':
      case 'invalid_trigger_id':
      case 'exchanged_trigger_id':
        return 'Slack took too long to open the form (its link expired); nothing was changed. Please run the command again.'
      case 'user_not_found':
      case 'users_not_found':
        return 'Slack could not find that user; nothing was changed.'
      default:
        return `Slack refused the request (${e.data?.error ?? 'unknown error'}).`
    }
  }
  return null
}

/** Refusals and Slack's own answers are expected: logged briefly. Anything else is a bug: logged with its stack. */
export function logFailure(logger: Logger, error: unknown): void {
  const code = (error as SlackApiError)?.code
  if (error instanceof ServiceError) logger.info(`refused (${error.code}): ${problemMessage(error.problem)}`)
  else if (code === WebApiErrorCode.RateLimitedError || code === WebApiErrorCode.PlatformError)
    logger.warn(`Slack API: ${slackApiMessage(error)}`)
  else logger.error(error)
}
