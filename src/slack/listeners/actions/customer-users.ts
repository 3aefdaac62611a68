// What a staff member clicks in the `/msp users` list: the sort select, Search, Clear search, Show/Hide
// archived, Previous/Next (each re-renders the list in place), Add user (the Add User modal), Archive all
// listed (after Slack's confirm), Apply to all listed (a modal saying what will happen), and each row's
// overflow: Edit and Archive (a modal; directory users are answered "managed by the directory — change it
// there"), Restore (at once), Apply Subscription (a modal). Also Add User's "Save and add another".
import type { App } from '@slack/bolt'
import { archiveMessage, LOCKED_MESSAGE } from '../../../messages/customer-users.ts'
import { addUserView, archiveUserView, editUserView, searchView } from '../../blocks/customer-users-forms.ts'
import { applyView } from '../../blocks/customer-users-subscriptions.ts'
import {
  encodeListRef,
  parseListRef,
  parseRowRef,
  type UserListRef,
} from '../../blocks/customer-users-values.ts'
import { bold, codeUsage, mrkdwn } from '../../blocks/mrkdwn.ts'
import type { SlackDeps } from '../../deps.ts'
import { type ClickArgs, carried, listClick, showList } from '../../handlers/list-click.ts'
import { ACTION } from '../../ids.ts'
import { saveAndAddAnother } from './customer-users-add-another.ts'
import { readUserList, userListFor } from './customer-users-list.ts'

/** A click on something this app did not build (or built for another version of the list). */
export const STALE_USERS_BUTTON = mrkdwn`That button is out of date; nothing was changed. Run ${codeUsage('/msp users <customer>')} again.`

/** Where a modal opened from the list answers: the list message's response_url and channel, and the list. */
const origin = (args: ClickArgs, ref: UserListRef) => ({
  responseUrl: args.body.response_url,
  channel: args.body.channel?.id,
  list: encodeListRef(ref),
})

export function registerCustomerUserActions(app: App, deps: SlackDeps) {
  // Sort, Clear search, Show/Hide archived, Previous/Next: the same list, otherwise shown.
  const showOther = listClick(deps, 'read', async (args, actor, answer) => {
    const ref = parseListRef(carried(args.action))
    if (!ref) return answer(STALE_USERS_BUTTON)
    await showList(args, await userListFor(deps, actor, ref))
  })
  for (const id of [
    ACTION.customerUsersSort,
    ACTION.customerUsersClear,
    ACTION.customerUsersArchived,
    ACTION.customerUsersPrev,
    ACTION.customerUsersNext,
  ])
    app.action(id, showOther)

  app.action(
    ACTION.customerUsersSearch,
    listClick(deps, 'read', async (args, actor, answer) => {
      const ref = parseListRef(carried(args.action))
      if (!ref) return answer(STALE_USERS_BUTTON)
      const { list } = await readUserList(deps, actor, { ...ref, page: 0 })
      await args.client.views.open({
        trigger_id: args.body.trigger_id,
        view: searchView(list.customer, ref.search, origin(args, ref)),
      })
    }),
  )

  app.action(
    ACTION.customerUserAdd,
    listClick(deps, 'manageCustomerUsers', async (args, actor, answer) => {
      const ref = parseListRef(carried(args.action))
      if (!ref) return answer(STALE_USERS_BUTTON)
      const { list } = await readUserList(deps, actor, { ...ref, page: 0 })
      await args.client.views.open({
        trigger_id: args.body.trigger_id,
        view: addUserView({ customer: list.customer, gen: 0 }, origin(args, ref)),
      })
    }),
  )

  app.action(ACTION.customerUserSaveAnother, saveAndAddAnother(deps))

  app.action(
    ACTION.customerUsersArchiveAll,
    listClick(deps, 'manageCustomerUsers', async (args, actor, answer) => {
      const ref = parseListRef(carried(args.action))
      if (!ref) return answer(STALE_USERS_BUTTON)
      const outcome = await deps.services.customerUsers.archive(actor, ref.customerId, {
        allListed: ref.search ? { search: ref.search } : {},
      })
      const notice = mrkdwn`:white_check_mark: ${archiveMessage(outcome, true)}`
      await showList(args, await userListFor(deps, actor, { ...ref, page: 0 }, notice))
    }),
  )

  app.action(
    ACTION.customerUsersApplyAll,
    listClick(deps, 'applySubscriptions', async (args, actor, answer) => {
      const ref = parseListRef(carried(args.action))
      if (!ref) return answer(STALE_USERS_BUTTON)
      const { list } = await readUserList(deps, actor, { ...ref, archived: false, page: 0 })
      await args.client.views.open({
        trigger_id: args.body.trigger_id,
        view: applyView(
          {
            customer: list.customer,
            pool: list.pool,
            count: list.total,
            ...(ref.search ? { search: ref.search } : {}),
            expiresAt: list.appliedNowExpiresAt,
            now: new Date(),
          },
          origin(args, { ...ref, archived: false }),
        ),
      })
    }),
  )

  // A row's overflow: Edit, Archive, Restore (technicians and up), Apply Subscription (managers and up).
  app.action(
    ACTION.customerUserRow,
    listClick(
      deps,
      (value) => (parseRowRef(value)?.action === 'apply' ? 'applySubscriptions' : 'manageCustomerUsers'),
      async (args, actor, answer) => {
        const row = parseRowRef(carried(args.action))
        if (!row) return answer(STALE_USERS_BUTTON)
        const { userId, action, ...ref } = row
        if (action === 'restore') {
          const outcome = await deps.services.customerUsers.restore(actor, ref.customerId, { ids: [userId] })
          const notice = mrkdwn`:white_check_mark: ${archiveMessage(outcome, false)}`
          await showList(args, await userListFor(deps, actor, ref, notice))
          return
        }
        // The row as it is now, from the page it was on.
        const { list } = await readUserList(deps, actor, ref)
        const user = list.users.find((u) => u.id === userId)
        if (!user) {
          await answer(
            mrkdwn`That user is no longer on this page of the list (changed or deleted meanwhile); nothing was changed.`,
          )
          await showList(args, await userListFor(deps, actor, ref))
          return
        }
        if ((action === 'edit' || action === 'archive') && user.locked) {
          await answer(mrkdwn`${bold(user.email)} is ${LOCKED_MESSAGE}.`)
          return
        }
        const meta = origin(args, ref)
        const view =
          action === 'edit'
            ? editUserView(list.customer, user, meta)
            : action === 'archive'
              ? archiveUserView(list.customer, user, meta)
              : applyView(
                  {
                    customer: list.customer,
                    pool: list.pool,
                    count: 1,
                    email: user.email,
                    expiresAt: list.appliedNowExpiresAt,
                    now: new Date(),
                  },
                  { ...meta, user: user.id },
                )
        await args.client.views.open({ trigger_id: args.body.trigger_id, view })
      },
    ),
  )
}
