// The frame of every form submission: who, may they, parse, run, and answer — errors become a notice.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt'
import type { Capability } from '../../domain/roles.ts'
import { problemMessage } from '../../messages/problems.ts'
import type { StaffActor } from '../../services/actor.ts'
import { ServiceError } from '../../services/errors.ts'
import { replyPrivately } from '../answers/reply-privately.ts'
import { escaped } from '../blocks/mrkdwn.ts'
import { noticeView } from '../blocks/notice.ts'
import type { SlackDeps } from '../deps.ts'
import { logFailure, userMessageFor } from '../error-messages.ts'
import { decodeMetadata, type FormMetadata } from '../metadata.ts'
import { type ViewState, viewStateSchema } from '../parsing/view-state.ts'
import { checkStaff } from './check-staff.ts'
import { deadlineAck } from './deadline-ack.ts'

export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs

export interface FormRun {
  actor: StaffActor
  meta: FormMetadata
  state: ViewState
}

export function formHandler(
  deps: SlackDeps,
  capability: Capability,
  handle: (args: ViewArgs, run: FormRun) => Promise<void>,
) {
  return async (original: ViewArgs) => {
    const { body, view, client, logger } = original
    const deadline = deadlineAck(original.ack, client, view.id, deps.viewAckDeadlineMs)
    const ack = deadline.ack
    const args = { ...original, ack }
    try {
      const staff = await checkStaff(deps, client, body.user.id, capability)
      if (!staff.ok) {
        await ack({
          response_action: 'update',
          view: noticeView('Not allowed', escaped(problemMessage(staff.problem))),
        })
        return
      }
      const run = {
        actor: staff.actor,
        meta: decodeMetadata(view.private_metadata),
        state: viewStateSchema.parse(view.state.values),
      }
      await handle(args, run)
    } catch (error) {
      logFailure(logger, error)
      const message = userMessageFor(error)
      // A refusal replaces the form; after an unexpected failure the notice goes over the form (on a form
      // opened first, Slack's stack allows it), so Back brings the person's input back to try again.
      const keepForm = !(error instanceof ServiceError) && !view.previous_view_id
      const response_action = keepForm ? 'push' : 'update'
      if (!deadline.answered) await ack({ response_action, view: noticeView('Not saved', message) })
      else
        await replyPrivately(client, body.user.id, decodeMetadata(view.private_metadata), { text: message })
    } finally {
      deadline.done()
    }
  }
}
