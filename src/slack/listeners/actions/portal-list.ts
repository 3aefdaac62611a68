import type { StaffActor } from '../../../services/actor.ts'
import type { Mrkdwn } from '../../blocks/mrkdwn.ts'
import { portalListReply } from '../../blocks/portal-users.ts'
import type { PortalListRef } from '../../blocks/portal-values.ts'
import type { SlackDeps } from '../../deps.ts'

/** The list `ref` names, read afresh for the actor (viewers get no buttons), optionally with a notice on top. */
export async function portalListFor(deps: SlackDeps, actor: StaffActor, ref: PortalListRef, notice?: Mrkdwn) {
  const list = await deps.services.portal.list(
    actor,
    ref.customerId,
    ref.category === 'all' ? undefined : ref.category,
  )
  return portalListReply(list, ref, { canManage: list.mayManage, ...(notice ? { notice } : {}) })
}
