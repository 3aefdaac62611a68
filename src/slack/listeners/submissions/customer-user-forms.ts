// The `/msp users` modals' submissions: Add User (Save), Edit User, Search, Archive and Apply Subscription.
// Field problems come back on their fields (nothing written); otherwise the modal closes and the list it
// was opened from re-renders in place (its response_url) with a line saying what was done.
import type { App } from '@slack/bolt'
import { applySubscriptionMessage, archiveMessage, LOCKED_MESSAGE } from '../../../messages/customer-users.ts'
import type { StaffActor } from '../../../services/actor.ts'
import type { FormField } from '../../../services/errors.ts'
import { fieldErrors } from '../../answers/answer-save.ts'
import { replaceListMessage } from '../../answers/replace-list-message.ts'
import {
  addUserBlockIds,
  decodeUserFormMetadata,
  EDIT_USER_BLOCK_IDS,
  type UserFormMetadata,
} from '../../blocks/customer-users-forms.ts'
import { fullName } from '../../blocks/customer-users-list.ts'
import { shortView } from '../../blocks/customer-users-subscriptions.ts'
import { defaultListRef, parseListRef, type UserListRef } from '../../blocks/customer-users-values.ts'
import { type Mrkdwn, mrkdwn } from '../../blocks/mrkdwn.ts'
import type { SlackDeps } from '../../deps.ts'
import { formHandler } from '../../handlers/form-handler.ts'
import { ACTION, BLOCK, CALLBACK } from '../../ids.ts'
import { textValue, type ViewState } from '../../parsing/view-state.ts'
import { userListFor } from '../actions/customer-users-list.ts'

type BlockIds = ReturnType<typeof addUserBlockIds>

const fieldBlocks = (ids: BlockIds): Partial<Record<FormField, string>> => ({
  email: ids.email,
  firstName: ids.firstName,
  lastName: ids.lastName,
})

const typedUser = (state: ViewState, ids: BlockIds) => ({
  email: textValue(state, ids.email, ACTION.customerUserEmail),
  firstName: textValue(state, ids.firstName, ACTION.customerUserFirst),
  lastName: textValue(state, ids.lastName, ACTION.customerUserLast),
})

function listOf(meta: UserFormMetadata): UserListRef {
  if (meta.id === undefined) throw new Error('a /msp users form carries no customer')
  const ref = parseListRef(meta.list)
  return ref && ref.customerId === meta.id ? ref : defaultListRef(meta.id)
}

/** The list the form was opened from, re-rendered in place (privately, when its message is not known). */
async function showList(
  deps: SlackDeps,
  client: Parameters<typeof replaceListMessage>[0],
  userId: string,
  actor: StaffActor,
  meta: UserFormMetadata,
  ref: UserListRef,
  notice: Mrkdwn,
) {
  const reply = await userListFor(deps, actor, ref, notice)
  await replaceListMessage(client, userId, { responseUrl: meta.responseUrl, channel: meta.channel }, reply)
}

export function registerCustomerUserSubmits(app: App, deps: SlackDeps) {
  app.view(
    CALLBACK.customerUserAdd,
    formHandler(deps, 'manageCustomerUsers', async ({ ack, client, body, view }, { actor, state }) => {
      const meta = decodeUserFormMetadata(view.private_metadata)
      const ref = listOf(meta)
      const ids = addUserBlockIds(meta.gen ?? 0)
      const outcome = await deps.services.customerUsers.add(actor, {
        customerId: ref.customerId,
        ...typedUser(state, ids),
      })
      if (outcome.status === 'invalid') {
        await ack({ response_action: 'errors', errors: fieldErrors(outcome.problems, fieldBlocks(ids)) })
        return
      }
      await ack({ response_action: 'clear' })
      const { user, customer } = outcome
      const notice = mrkdwn`:white_check_mark: Added ${user.email} (${fullName(user)}) to ${customer.name}.`
      await showList(deps, client, body.user.id, actor, meta, ref, notice)
    }),
  )

  app.view(
    CALLBACK.customerUserEdit,
    formHandler(deps, 'manageCustomerUsers', async ({ ack, client, body, view }, { actor, state }) => {
      const meta = decodeUserFormMetadata(view.private_metadata)
      const ref = listOf(meta)
      if (meta.user === undefined) throw new Error('Edit User: the form carries no user')
      const ids = EDIT_USER_BLOCK_IDS
      const outcome = await deps.services.customerUsers.edit(actor, meta.user, typedUser(state, ids))
      if (outcome.status === 'invalid') {
        await ack({ response_action: 'errors', errors: fieldErrors(outcome.problems, fieldBlocks(ids)) })
        return
      }
      if (outcome.status === 'locked') {
        await ack({
          response_action: 'errors',
          errors: { [ids.email]: `${outcome.user.email} is ${LOCKED_MESSAGE}.` },
        })
        return
      }
      await ack({ response_action: 'clear' })
      const { user } = outcome
      const notice = outcome.changed
        ? mrkdwn`:white_check_mark: Saved ${user.email} (${fullName(user)}).`
        : mrkdwn`Nothing to save: ${user.email} already had those values.`
      await showList(deps, client, body.user.id, actor, meta, ref, notice)
    }),
  )

  app.view(
    CALLBACK.customerUsersSearch,
    formHandler(deps, 'read', async ({ ack, client, body, view }, { actor, state }) => {
      const meta = decodeUserFormMetadata(view.private_metadata)
      const search = textValue(state, BLOCK.customerUsersSearch, ACTION.customerUsersSearchText).trim()
      await ack({ response_action: 'clear' })
      const ref = { ...listOf(meta), search, page: 0 }
      const reply = await userListFor(deps, actor, ref)
      await replaceListMessage(
        client,
        body.user.id,
        { responseUrl: meta.responseUrl, channel: meta.channel },
        reply,
      )
    }),
  )

  app.view(
    CALLBACK.customerUserArchive,
    formHandler(deps, 'manageCustomerUsers', async ({ ack, client, body, view }, { actor }) => {
      const meta = decodeUserFormMetadata(view.private_metadata)
      const ref = listOf(meta)
      if (meta.user === undefined) throw new Error('Archive: the form carries no user')
      const outcome = await deps.services.customerUsers.archive(actor, ref.customerId, { ids: [meta.user] })
      await ack({ response_action: 'clear' })
      const icon = outcome.changed > 0 ? ':white_check_mark: ' : ''
      const notice = mrkdwn`${icon}${archiveMessage(outcome, true)}`
      await showList(deps, client, body.user.id, actor, meta, ref, notice)
    }),
  )

  app.view(
    CALLBACK.customerUserApply,
    formHandler(deps, 'applySubscriptions', async ({ ack, client, body, view }, { actor }) => {
      const meta = decodeUserFormMetadata(view.private_metadata)
      const ref = listOf(meta)
      const target =
        meta.user !== undefined
          ? { userId: meta.user }
          : { allListed: ref.search ? { search: ref.search } : {} }
      const outcome = await deps.services.customerUsers.applySubscription(actor, ref.customerId, target)
      if (outcome.status === 'short') {
        await ack({
          response_action: 'update',
          view: shortView(outcome.customer, outcome.needed, outcome.missing, outcome.pool, meta),
        })
        return
      }
      await ack({ response_action: 'clear' })
      const icon = outcome.applied > 0 ? ':white_check_mark: ' : ''
      const notice = mrkdwn`${icon}${applySubscriptionMessage(outcome)}`
      await showList(deps, client, body.user.id, actor, meta, ref, notice)
    }),
  )
}
