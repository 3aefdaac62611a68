// Slack drops a view submission not acknowledged within 3 s. A save normally answers in its ack (field
// errors, a pushed preview, clear); one that is still running at the deadline acks with a "Working…"
// view instead, and its answer then replaces that view through views.update.
import type { ViewResponseAction } from '@slack/bolt'
import type { WebClient } from '@slack/web-api'
import { joinMrkdwn, mrkdwn } from '../blocks/mrkdwn.ts'
import { noticeView } from '../blocks/notice.ts'

/** Well inside Slack's 3 s, leaving room for the network. */
export const VIEW_ACK_DEADLINE_MS = 2000

export type ViewAckFn = (response?: ViewResponseAction) => Promise<void>

export interface DeadlineAck {
  ack: ViewAckFn
  /** The handler has given its answer (in the ack, or late through views.update). */
  readonly answered: boolean
  /** Stops the deadline timer (the handler finished). */
  done(): void
}

function lateView(response: ViewResponseAction | undefined) {
  if (!response || response.response_action === 'clear')
    return noticeView('Done', mrkdwn`Saved. The result was sent to you as a message.`)
  if (response.response_action === 'errors')
    // Field errors are plain text (shown under a field as such); here they go into mrkdwn, escaped.
    return noticeView(
      'Not saved',
      mrkdwn`Nothing was changed: ${joinMrkdwn(Object.values(response.errors), ' ')}`,
    )
  return response.view
}

export function deadlineAck(
  original: ViewAckFn,
  client: WebClient,
  viewId: string,
  deadlineMs = VIEW_ACK_DEADLINE_MS,
): DeadlineAck {
  let acked = false
  let answered = false
  let externalId: string | null = null
  const timer = setTimeout(() => {
    if (acked) return
    acked = true
    externalId = `working-${viewId}-${Date.now()}`
    const working = {
      ...noticeView('Working…', mrkdwn`Still working on your save; this view will show the result.`),
      external_id: externalId,
    }
    void original({ response_action: 'update', view: working })
  }, deadlineMs)
  return {
    get answered() {
      return answered
    },
    done: () => clearTimeout(timer),
    async ack(response) {
      answered = true
      if (!acked) {
        acked = true
        clearTimeout(timer)
        await original(response)
        return
      }
      if (externalId) await client.views.update({ external_id: externalId, view: lateView(response) })
    },
  }
}
