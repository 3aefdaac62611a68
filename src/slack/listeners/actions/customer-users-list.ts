// The `/msp users` list message, read afresh (one page) and put back in place: shared by the command, the
// list's clicks and the forms opened from it.
import type { StaffActor } from '../../../services/actor.ts'
import type { Reply } from '../../answers/reply-privately.ts'
import { type CustomerUserListData, customerUserListReply } from '../../blocks/customer-users-list.ts'
import type { UserListRef } from '../../blocks/customer-users-values.ts'
import type { Mrkdwn } from '../../blocks/mrkdwn.ts'
import type { SlackDeps } from '../../deps.ts'

/** The page `ref` names as the service reads it (the last page when past the end), with what the reader may do. */
export async function readUserList(deps: SlackDeps, actor: StaffActor, ref: UserListRef) {
  const list = await deps.services.customerUsers.list(actor, {
    customerId: ref.customerId,
    ...(ref.search ? { search: ref.search } : {}),
    sort: ref.sort,
    direction: ref.direction,
    archived: ref.archived,
    page: ref.page,
  })
  const data: CustomerUserListData = {
    customer: list.customer,
    users: list.users,
    page: list.page,
    total: list.total,
    pool: list.pool,
  }
  return { list, data }
}

/** The list message for `ref`, read afresh for the actor (viewers get no action controls), with a notice on top. */
export async function userListFor(
  deps: SlackDeps,
  actor: StaffActor,
  ref: UserListRef,
  notice?: Mrkdwn,
  now: Date = new Date(),
): Promise<Reply> {
  const { list, data } = await readUserList(deps, actor, ref)
  return customerUserListReply(data, ref, {
    canManage: list.mayManage,
    canApply: list.mayApplySubscriptions,
    now,
    ...(notice ? { notice } : {}),
  })
}
