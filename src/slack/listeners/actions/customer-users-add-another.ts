// Add User's "Save and add another": a button inside the modal, so it reads what was typed from the view's
// state, saves it like Save does, and rewrites the modal (views.update) — on success with new, empty
// inputs and a line naming the user just added; on a problem with what was typed and the problem as a
// line (a button cannot answer with field errors the way a submission can).
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt'
import { problemMessage } from '../../../messages/problems.ts'
import { replyPrivately } from '../../answers/reply-privately.ts'
import { addUserBlockIds, addUserView, decodeUserFormMetadata } from '../../blocks/customer-users-forms.ts'
import { defaultListRef, parseListRef } from '../../blocks/customer-users-values.ts'
import { escaped } from '../../blocks/mrkdwn.ts'
import type { SlackDeps } from '../../deps.ts'
import { logFailure, userMessageFor } from '../../error-messages.ts'
import { clickOrigin } from '../../handlers/button-handler.ts'
import { checkStaff } from '../../handlers/check-staff.ts'
import { ACTION } from '../../ids.ts'
import { readUserList } from './customer-users-list.ts'

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs

type StateValues = Record<string, Record<string, { value?: string | null }>>

export function saveAndAddAnother(deps: SlackDeps) {
  return async (args: ButtonArgs) => {
    const { ack, body, client, logger } = args
    await ack()
    const answer = (text: ReturnType<typeof escaped>) =>
      replyPrivately(client, body.user.id, clickOrigin(body), { text })
    try {
      const view = body.view
      if (!view) return
      const staff = await checkStaff(deps, client, body.user.id, 'manageCustomerUsers')
      if (!staff.ok) {
        await answer(escaped(problemMessage(staff.problem)))
        return
      }
      const meta = decodeUserFormMetadata(view.private_metadata)
      if (meta.id === undefined) throw new Error('Add User: the form carries no customer')
      const gen = meta.gen ?? 0
      const ids = addUserBlockIds(gen)
      const values = view.state.values as StateValues
      const typed = {
        email: values[ids.email]?.[ACTION.customerUserEmail]?.value ?? '',
        firstName: values[ids.firstName]?.[ACTION.customerUserFirst]?.value ?? '',
        lastName: values[ids.lastName]?.[ACTION.customerUserLast]?.value ?? '',
      }
      const outcome = await deps.services.customerUsers.add(staff.actor, { customerId: meta.id, ...typed })
      const ref = parseListRef(meta.list) ?? defaultListRef(meta.id)
      const { list } = await readUserList(deps, staff.actor, { ...ref, page: 0 })
      const next =
        outcome.status === 'added'
          ? addUserView({ customer: list.customer, gen: gen + 1, added: outcome.user.email }, meta)
          : addUserView(
              {
                customer: list.customer,
                gen: gen + 1,
                problem: outcome.problems.map((p) => problemMessage(p.problem)).join(' '),
                typed,
              },
              meta,
            )
      await client.views.update({ view_id: view.id, ...(view.hash ? { hash: view.hash } : {}), view: next })
    } catch (error) {
      logFailure(logger, error)
      await answer(userMessageFor(error))
    }
  }
}
