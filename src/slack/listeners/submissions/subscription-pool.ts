// Set purchased (admins, from `/msp subscriptions <customer>`): a number no lower than the subscriptions in
// use; a problem comes back on the field (nothing written), else the pool message re-renders in place.
import type { App } from '@slack/bolt'
import { fieldErrors } from '../../answers/answer-save.ts'
import { replaceListMessage } from '../../answers/replace-list-message.ts'
import { replyPrivately } from '../../answers/reply-privately.ts'
import { decodeUserFormMetadata } from '../../blocks/customer-users-forms.ts'
import { poolReply } from '../../blocks/customer-users-subscriptions.ts'
import { mrkdwn } from '../../blocks/mrkdwn.ts'
import type { SlackDeps } from '../../deps.ts'
import { formHandler } from '../../handlers/form-handler.ts'
import { ACTION, BLOCK, CALLBACK } from '../../ids.ts'
import { textValue } from '../../parsing/view-state.ts'

export function registerSubscriptionPoolSubmit(app: App, deps: SlackDeps) {
  app.view(
    CALLBACK.subscriptionPool,
    formHandler(deps, 'manageSubscriptionPool', async ({ ack, client, body, view }, { actor, state }) => {
      const meta = decodeUserFormMetadata(view.private_metadata)
      if (meta.id === undefined) throw new Error('Set purchased: the form carries no customer')
      const typed = textValue(state, BLOCK.subscriptionsPurchased, ACTION.subscriptionsPurchased).trim()
      const purchased = /^\d{1,9}$/.test(typed) ? Number(typed) : Number.NaN
      const outcome = await deps.services.customerUsers.setSubscriptionPool(actor, meta.id, purchased)
      if (outcome.status === 'invalid') {
        await ack({
          response_action: 'errors',
          errors: fieldErrors(outcome.problems, { purchased: BLOCK.subscriptionsPurchased }),
        })
        return
      }
      await ack({ response_action: 'clear' })
      const { customer, pool } = outcome
      const notice = outcome.changed
        ? mrkdwn`:white_check_mark: ${customer.name} now has ${pool.purchased} purchased (was ${outcome.before}).`
        : mrkdwn`Nothing changed: ${customer.name} already had ${pool.purchased} purchased.`
      const reply = poolReply({ customer, pool }, true, notice)
      if (meta.responseUrl)
        await replaceListMessage(
          client,
          body.user.id,
          { responseUrl: meta.responseUrl, channel: meta.channel },
          reply,
        )
      else await replyPrivately(client, body.user.id, meta, reply)
    }),
  )
}
