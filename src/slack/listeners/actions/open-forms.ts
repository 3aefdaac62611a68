// Buttons that open a form: Edit on list rows, Add Customer Group, and the Account Contact fix.
import type { App } from '@slack/bolt'
import { z } from 'zod'
import { addCustomerGroupView, customerGroupView } from '../../blocks/customer-group.ts'
import { customerPreferencesView } from '../../blocks/customer-preferences.ts'
import type { SlackDeps } from '../../deps.ts'
import { buttonHandler, clickOrigin, showModal } from '../../handlers/button-handler.ts'
import { ACTION } from '../../ids.ts'

const idValue = z.coerce.number().int().positive()

export function registerOpenFormButtons(app: App, deps: SlackDeps) {
  // Edit on a customer row, and the Account Contact fix of a blocked save: both open Customer Preferences.
  // Below admin, only a customer associated with the clicker opens (a refusal is ephemeral, no modal).
  const openCustomer = buttonHandler(deps, 'editAssociations', async (args, actor) => {
    const data = await deps.services.customers.preferences(idValue.parse(args.action.value))
    await deps.services.assertMayTouchCustomers(actor, [data.customer.id], () => data.customer.name)
    const view = customerPreferencesView(data, clickOrigin(args.body))
    const { body, client } = args
    // From a blocked preview (already pushed over a form) the form replaces the preview: Slack keeps at most
    // 3 views, and this form may need to push its own preview.
    if (body.view?.type === 'modal') await client.views.update({ view_id: body.view.id, view })
    else await showModal(args, view)
    return undefined
  })
  app.action(ACTION.openCustomer, openCustomer)
  app.action(ACTION.fixAccountContact, openCustomer)
  app.action(
    ACTION.openGroup,
    buttonHandler(deps, 'editGroups', async (args) => {
      const data = await deps.services.groups.detail(idValue.parse(args.action.value))
      await showModal(args, customerGroupView(data, clickOrigin(args.body)))
      return undefined
    }),
  )
  app.action(
    ACTION.addGroup,
    buttonHandler(deps, 'editGroups', async (args) => {
      const settings = await deps.services.loadSettings()
      await showModal(args, addCustomerGroupView(settings.maxCustomersPerGroup, clickOrigin(args.body)))
      return undefined
    }),
  )
}
