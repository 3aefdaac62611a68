// "Check DNS" on Customer Preferences (and "Check again" on its result): looks up the portal domain's CNAME
// and shows the verdict with the exact record to add.
//
// Where the result goes: a small modal pushed over the form (views.push), not the form itself and not a
// message. Slack keeps a pushed-over view "with their prior state still intact" and returns to it when the
// pushed one is closed (Back), so nothing typed in the form is lost. Rewriting the form (views.update) keeps
// typed input only if every input block is sent again with the same ids, races with the person still typing
// (hash_conflict), and would mix a transient result into the form. An ephemeral message would land in the
// channel behind the open modal, unseen until the form is closed. The result modal is pushed at once with
// "Looking up…" (the click's trigger_id is good for 3 s only, a lookup may take longer), then updated in
// place by its view id; "Check again" updates that same view. When no modal can be shown (push_limit_reached:
// Slack keeps 3 views; an expired trigger_id), the result comes as an ephemeral message instead.
import type { App } from '@slack/bolt'
import type { ModalView } from '@slack/types'
import { z } from 'zod'
import type { PortalDomainCheck } from '../../../services/customers/portal-domain.ts'
import { ServiceError } from '../../../services/errors.ts'
import { replyPrivately } from '../../answers/reply-privately.ts'
import {
  PORTAL_DNS,
  portalDnsCheckingView,
  portalDnsFailedText,
  portalDnsProblemView,
  portalDnsResultReply,
  portalDnsResultView,
} from '../../blocks/portal-domain.ts'
import type { SlackDeps } from '../../deps.ts'
import { logFailure, userMessageFor } from '../../error-messages.ts'
import { type ButtonArgs, buttonHandler, clickOrigin } from '../../handlers/button-handler.ts'

const customerIdValue = z.coerce.number().int().positive()

/** Shows "Looking up…": in place on a result view, pushed over a modal, else opened; returns its view id. */
async function showChecking(args: ButtonArgs, view: ModalView): Promise<string | undefined> {
  const { body, client } = args
  if (body.view?.callback_id === PORTAL_DNS.resultCallback) {
    await client.views.update({ view_id: body.view.id, view })
    return body.view.id
  }
  const shown =
    body.view?.type === 'modal'
      ? await client.views.push({ trigger_id: body.trigger_id, view })
      : await client.views.open({ trigger_id: body.trigger_id, view })
  return shown.view?.id
}

export function registerCheckDns(app: App, deps: SlackDeps) {
  app.action(
    PORTAL_DNS.checkAction,
    // Anyone who may read the customer may check; the service enforces the customer scope.
    buttonHandler(deps, 'read', async (args, actor) => {
      const customerId = customerIdValue.parse(args.action.value)
      let viewId: string | undefined
      try {
        viewId = await showChecking(args, portalDnsCheckingView(customerId))
      } catch (error) {
        // No modal (Slack's stack of 3 views is full, the trigger_id expired…): the result comes as a message.
        logFailure(args.logger, error)
      }
      let check: PortalDomainCheck
      try {
        check = await deps.services.customers.checkPortalDomain(actor, customerId)
      } catch (error) {
        logFailure(args.logger, error)
        const message = error instanceof ServiceError ? userMessageFor(error) : portalDnsFailedText
        if (!viewId) return message
        await args.client.views.update({ view_id: viewId, view: portalDnsProblemView(message) })
        return undefined
      }
      if (viewId) {
        await args.client.views.update({ view_id: viewId, view: portalDnsResultView(customerId, check) })
      } else {
        await replyPrivately(
          args.client,
          args.body.user.id,
          clickOrigin(args.body),
          portalDnsResultReply(customerId, check),
        )
      }
      return undefined
    }),
  )
}
