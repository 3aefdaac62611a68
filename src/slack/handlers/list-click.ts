// The frame of a click in a list message (`/msp portal`, `/msp users`): ack at once, check who and what,
// run, answer ephemerally; errors become messages. And what such a click carries, and how its list is redrawn.
import type {
  AllMiddlewareArgs,
  BlockAction,
  BlockElementAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt'
import type { Capability } from '../../domain/roles.ts'
import { problemMessage } from '../../messages/problems.ts'
import type { StaffActor } from '../../services/actor.ts'
import { replaceListMessage } from '../answers/replace-list-message.ts'
import { type Reply, replyPrivately } from '../answers/reply-privately.ts'
import { escaped, type Mrkdwn } from '../blocks/mrkdwn.ts'
import type { SlackDeps } from '../deps.ts'
import { logFailure, userMessageFor } from '../error-messages.ts'
import { clickOrigin } from './button-handler.ts'
import { checkStaff } from './check-staff.ts'

export type ClickArgs = SlackActionMiddlewareArgs<BlockAction<BlockElementAction>> & AllMiddlewareArgs
export type Answer = (text: Mrkdwn) => Promise<void>

/** The value a button, a select option or an overflow option carries. */
export function carried(action: BlockElementAction): string | undefined {
  if (action.type === 'button') return action.value
  if (action.type === 'static_select' || action.type === 'overflow') return action.selected_option?.value
  return undefined
}

/** Replaces the list message the click came from. */
export const showList = (args: ClickArgs, reply: Reply) =>
  replaceListMessage(
    args.client,
    args.body.user.id,
    { responseUrl: args.body.response_url, channel: args.body.channel?.id },
    reply,
  )

/**
 * Ack at once; who is it, may they (the capability may depend on what the click carries); run; refusals
 * and failures answered ephemerally.
 */
export function listClick(
  deps: SlackDeps,
  capability: Capability | ((value: string | undefined) => Capability),
  handle: (args: ClickArgs, actor: StaffActor, answer: Answer) => Promise<void>,
) {
  return async (args: ClickArgs) => {
    const { ack, body, client, logger } = args
    await ack()
    const answer = (text: Mrkdwn) => replyPrivately(client, body.user.id, clickOrigin(body), { text })
    try {
      const needed = typeof capability === 'function' ? capability(carried(args.action)) : capability
      const staff = await checkStaff(deps, client, body.user.id, needed)
      if (!staff.ok) {
        await answer(escaped(problemMessage(staff.problem)))
        return
      }
      await handle(args, staff.actor, answer)
    } catch (error) {
      logFailure(logger, error)
      await answer(userMessageFor(error))
    }
  }
}
