// A portal user action that needs four eyes (by default a Delete by anyone below admin), clicked in the
// `/msp portal` list after its "Yes": instead of running, it asks for a reason in a modal; sending that
// posts the request to the notify channel (see ../submissions/approval-request.ts). Without a notify
// channel it says so and makes no request nobody could see.
import type { BlockAction, BlockElementAction } from '@slack/bolt'
import type { WebClient } from '@slack/web-api'
import type { PortalUserAction } from '../../../domain/portal-users.ts'
import { NO_APPROVAL_CHANNEL } from '../../../messages/approvals.ts'
import { portalActionResultMessage } from '../../../messages/portal.ts'
import type { StaffActor } from '../../../services/actor.ts'
import { approvalReasonModal } from '../../blocks/approvals.ts'
import { escaped, type Mrkdwn } from '../../blocks/mrkdwn.ts'
import type { PortalRowRef } from '../../blocks/portal-values.ts'
import type { SlackDeps } from '../../deps.ts'

/**
 * True when the click was handled here (a reason modal opened, or an answer given): the caller then runs
 * nothing. False when the actor may run the action themselves.
 */
export async function askForApproval(
  deps: SlackDeps,
  click: { body: BlockAction<BlockElementAction>; client: WebClient },
  actor: StaffActor,
  ref: PortalRowRef,
  action: PortalUserAction,
  answer: (text: Mrkdwn) => Promise<void>,
): Promise<boolean> {
  if (!(await deps.services.approvals.needed(actor, action))) return false
  if (!deps.notifyChannel) {
    await answer(escaped(NO_APPROVAL_CHANNEL))
    return true
  }
  const list = await deps.services.portal.list(actor, ref.customerId)
  const user = list.users.find((u) => u.id === ref.portalUserId)
  if (!user) {
    await answer(escaped(portalActionResultMessage({ status: 'notApplicable', action, current: 'gone' })))
    return true
  }
  const { body } = click
  await click.client.views.open({
    trigger_id: body.trigger_id,
    view: approvalReasonModal(
      { name: user.name, email: user.email, customer: list.customer.name },
      {
        u: user.id,
        a: action,
        c: ref.customerId,
        s: ref.category,
        p: ref.page,
        channel: body.channel?.id,
        responseUrl: body.response_url,
      },
    ),
  })
  return true
}
