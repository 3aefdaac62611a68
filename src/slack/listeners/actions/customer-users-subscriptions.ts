// `/msp subscriptions <customer>`'s Set purchased button (admins): the Set purchased modal, remembering the
// pool message so the submission re-renders it in place.
import type { App } from '@slack/bolt'
import { setPurchasedView } from '../../blocks/customer-users-subscriptions.ts'
import { defaultListRef } from '../../blocks/customer-users-values.ts'
import type { SlackDeps } from '../../deps.ts'
import { buttonHandler } from '../../handlers/button-handler.ts'
import { ACTION } from '../../ids.ts'
import { STALE_USERS_BUTTON } from './customer-users.ts'
import { readUserList } from './customer-users-list.ts'

export function registerSubscriptionActions(app: App, deps: SlackDeps) {
  app.action(
    ACTION.subscriptionsSetPurchased,
    buttonHandler(deps, 'manageSubscriptionPool', async (args, actor) => {
      const customerId = Number(args.action.value)
      if (!Number.isInteger(customerId) || customerId < 1) return STALE_USERS_BUTTON
      const { list } = await readUserList(deps, actor, defaultListRef(customerId))
      await args.client.views.open({
        trigger_id: args.body.trigger_id,
        view: setPurchasedView(
          { customer: list.customer, pool: list.pool },
          { responseUrl: args.body.response_url, channel: args.body.channel?.id },
        ),
      })
      return undefined
    }),
  )
}
