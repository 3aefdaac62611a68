// How a form's save is answered: field errors, a preview to confirm, a blocked report, or the result.
import { setTimeout as sleep } from 'node:timers/promises'
import type { ViewResponseAction } from '@slack/bolt'
import type { ModalView } from '@slack/types'
import { ErrorCode as WebApiErrorCode, type WebClient } from '@slack/web-api'
import { problemMessage } from '../../messages/problems.ts'
import type { StaffActor } from '../../services/actor.ts'
import type { PendingSave } from '../../services/associations/pending-plans.ts'
import type { SaveOutcome } from '../../services/associations/save-association-edit.ts'
import type { FieldProblem, FormField } from '../../services/errors.ts'
import { escaped, joinMrkdwn, mrkdwn } from '../blocks/mrkdwn.ts'
import { noticeView } from '../blocks/notice.ts'
import {
  failureNotificationBlocks,
  failureNotificationText,
  planPreviewView,
} from '../blocks/plan-preview.ts'
import type { SlackDeps } from '../deps.ts'
import type { FormMetadata } from '../metadata.ts'
import { messageFields, NO_UNFURL, replyPrivately } from './reply-privately.ts'

export type ViewAck = (response?: ViewResponseAction) => Promise<void>

/** Longest wait before re-posting a rate-limited failure notification. */
const NOTIFY_RETRY_MAX_SECONDS = 60

export interface SaveAnswer {
  outcome: SaveOutcome | { status: 'already'; previous: string }
  /** What Confirm will re-run; absent when answering a Confirm (its pending plan is already stored). */
  save?: PendingSave
  /** "Zylker", "group Zoho", "user Alex": what the preview and notification name. */
  subject: string
  meta: FormMetadata
  actor: StaffActor
  /** The block each form field lives in, for `response_action: errors`. */
  blocks: Partial<Record<FormField, string>>
  /** The form again with current values and a warning, for a record that changed while it was open. */
  reopen?: () => Promise<ModalView>
  /** `push` from a form, `update` from a preview (a re-preview replaces it). */
  previewAction: 'push' | 'update'
}

/** `response_action: errors` shows plain text under the field: the messages go as they are, not escaped. */
export function fieldErrors(problems: FieldProblem[], blocks: Partial<Record<FormField, string>>) {
  const errors: Record<string, string> = {}
  const fallback = Object.values(blocks)[0] ?? 'form'
  for (const p of problems) {
    const block = blocks[p.field] ?? fallback
    const message = problemMessage(p.problem)
    errors[block] = errors[block] ? `${errors[block]} ${message}` : message
  }
  return errors
}

export async function notifyBlocked(
  deps: SlackDeps,
  client: WebClient,
  actor: StaffActor,
  subject: string,
  outcome: SaveOutcome,
) {
  if (!deps.notifyChannel || outcome.status !== 'blocked') return
  const message = {
    channel: deps.notifyChannel,
    ...messageFields({
      text: failureNotificationText(subject, outcome.view),
      blocks: failureNotificationBlocks(actor.slackUserId, subject, outcome.view),
    }),
    ...NO_UNFURL,
  }
  try {
    await client.chat.postMessage(message)
  } catch (error) {
    // The client fails fast on a 429; the user already has the preview, so post it once Slack allows.
    const limited = error as { code?: string; retryAfter?: number }
    if (limited?.code !== WebApiErrorCode.RateLimitedError) throw error
    await sleep(Math.min(limited.retryAfter ?? 1, NOTIFY_RETRY_MAX_SECONDS) * 1000)
    await client.chat.postMessage(message)
  }
}

async function pendingIdFor(deps: SlackDeps, answer: SaveAnswer, outcome: SaveOutcome & { hash: string }) {
  if ('pendingId' in outcome && typeof outcome.pendingId === 'string') return outcome.pendingId
  if (!answer.save) throw new Error('a preview needs the save it previews')
  return deps.services.plans.store(answer.actor, answer.save, outcome.hash)
}

export async function answerSave(
  deps: SlackDeps,
  client: WebClient,
  ack: ViewAck,
  answer: SaveAnswer,
): Promise<void> {
  const { outcome, meta, actor, subject } = answer
  const userId = actor.slackUserId ?? ''
  switch (outcome.status) {
    case 'invalid':
      if (Object.keys(answer.blocks).length === 0) {
        const problems = outcome.problems.map((p) => escaped(problemMessage(p.problem)))
        const text = mrkdwn`Nothing was changed: ${joinMrkdwn(problems, ' ')}`
        await ack({ response_action: 'update', view: noticeView('Not saved', text) })
      } else {
        await ack({ response_action: 'errors', errors: fieldErrors(outcome.problems, answer.blocks) })
      }
      return
    case 'already':
      await ack({ response_action: 'clear' })
      await replyPrivately(client, userId, meta, {
        text: mrkdwn`That change was already ${outcome.previous}; nothing more was done.`,
      })
      return
    case 'changed':
      await ack({
        response_action: 'update',
        view: answer.reopen
          ? await answer.reopen()
          : noticeView(
              'Not saved',
              mrkdwn`${subject} changed meanwhile; nothing was changed. Open it again.`,
            ),
      })
      return
    case 'applied':
      await ack({ response_action: 'clear' })
      await replyPrivately(client, userId, meta, {
        text: mrkdwn`:white_check_mark: Saved ${subject}: ${outcome.summary}.`,
      })
      return
    case 'preview':
    case 'stale': {
      const pendingId = await pendingIdFor(deps, answer, outcome)
      await ack({
        response_action: answer.previewAction,
        view: planPreviewView(outcome.status, subject, outcome.view, { ...meta, id: undefined, pendingId }),
      })
      return
    }
    case 'blocked':
      await ack({
        response_action: answer.previewAction,
        view: planPreviewView('blocked', subject, outcome.view, { ...meta, id: undefined }),
      })
      await notifyBlocked(deps, client, actor, subject, outcome)
      return
  }
}
