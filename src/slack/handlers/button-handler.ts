// The frame of every button: ack at once, check who and what, run, answer ephemerally; errors become messages.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt'
import type { Capability } from '../../domain/roles.ts'
import { problemMessage } from '../../messages/problems.ts'
import type { StaffActor } from '../../services/actor.ts'
import { replyPrivately } from '../answers/reply-privately.ts'
import { escaped, type Mrkdwn } from '../blocks/mrkdwn.ts'
import type { SlackDeps } from '../deps.ts'
import { logFailure, userMessageFor } from '../error-messages.ts'
import { decodeMetadata, type FormMetadata } from '../metadata.ts'
import { checkStaff } from './check-staff.ts'

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs

/** Where answers to a click go: the message's channel, or the modal's origin. */
export function clickOrigin(body: BlockAction): FormMetadata {
  if (body.view) return decodeMetadata(body.view.private_metadata)
  return { channel: body.channel?.id, responseUrl: body.response_url }
}

export function buttonHandler(
  deps: SlackDeps,
  capability: Capability,
  /** Returns the answer to show the clicker, if any (plain text is escaped with `escaped`). */
  handle: (args: ButtonArgs, actor: StaffActor) => Promise<Mrkdwn | undefined>,
) {
  return async (args: ButtonArgs) => {
    const { ack, body, client, logger } = args
    await ack()
    const reply = (text: Mrkdwn) => replyPrivately(client, body.user.id, clickOrigin(body), { text })
    try {
      const staff = await checkStaff(deps, client, body.user.id, capability)
      if (!staff.ok) {
        await reply(escaped(problemMessage(staff.problem)))
        return
      }
      const message = await handle(args, staff.actor)
      if (message) await reply(message)
    } catch (error) {
      logFailure(logger, error)
      await reply(userMessageFor(error))
    }
  }
}

/** Opens a modal from a click: pushed over a modal, else (a message, the Home tab) opened fresh. */
export async function showModal(
  args: ButtonArgs,
  view: Parameters<ButtonArgs['client']['views']['open']>[0]['view'],
) {
  const { body, client } = args
  if (body.view?.type === 'modal') await client.views.push({ trigger_id: body.trigger_id, view })
  else await client.views.open({ trigger_id: body.trigger_id, view })
}
