// Bulk Add Users buttons: the users list's Bulk add (opens the modal, like `/msp import <customer>`) and the
// modal's Download sample CSV (uploads the sample to the clicker's DM: files.uploadV2).
import type { App } from '@slack/bolt'
import { z } from 'zod'
import { SAMPLE_CSV } from '../../../services/customer-users/import/parse-csv.ts'
import { bulkAddUsersView, SAMPLE_CSV_NAME } from '../../blocks/bulk-add-users.ts'
import { codeUsage, mrkdwn } from '../../blocks/mrkdwn.ts'
import type { SlackDeps } from '../../deps.ts'
import { buttonHandler, showModal } from '../../handlers/button-handler.ts'
import { ACTION } from '../../ids.ts'
import { postToDm } from '../../imports/dm.ts'

const idValue = z.coerce.number().int().positive()

export function registerBulkAddActions(app: App, deps: SlackDeps) {
  // Below admin, only a customer associated with the clicker opens (a refusal is ephemeral, no modal).
  app.action(
    ACTION.bulkAddOpen,
    buttonHandler(deps, 'manageCustomerUsers', async (args, actor) => {
      const { customer } = await deps.services.customers.preferences(idValue.parse(args.action.value))
      await deps.services.assertMayTouchCustomers(actor, [customer.id], () => customer.name)
      await showModal(args, bulkAddUsersView(customer, args.body.channel?.id))
      return undefined
    }),
  )
  app.action(
    ACTION.bulkSampleCsv,
    buttonHandler(deps, 'manageCustomerUsers', async ({ client, body }) => {
      // The note opens the DM (its answer names the channel the file goes to).
      const { channel } = await postToDm(client, body.user.id, {
        text: mrkdwn`A sample CSV for Bulk Add Users: the header \`Email,First Name,Last Name\`, then one user per line, saved as UTF-8. Fill it in and upload it with ${codeUsage('/msp import <customer>')}.`
          .text,
      })
      await client.filesUploadV2({
        channel_id: channel,
        filename: SAMPLE_CSV_NAME,
        title: 'Bulk Add Users: sample CSV',
        content: SAMPLE_CSV,
      })
      return mrkdwn`The sample CSV is in your DM with me.`
    }),
  )
}
