// Bulk Add Users submitted: what the form can judge at once comes back under its fields (nothing done);
// otherwise the modal says the import started, and after the ack the file is fetched and the import
// started as a background task (src/slack/imports/run-submission.ts).
import type { App } from '@slack/bolt'
import { decodeBulkMetadata, judgeBulkSubmission } from '../../blocks/bulk-add-users.ts'
import { bold, mrkdwn } from '../../blocks/mrkdwn.ts'
import { noticeView } from '../../blocks/notice.ts'
import type { SlackDeps } from '../../deps.ts'
import { formHandler } from '../../handlers/form-handler.ts'
import { CALLBACK } from '../../ids.ts'
import { runBulkImport } from '../../imports/run-submission.ts'

export function registerBulkAddUsersSubmit(app: App, deps: SlackDeps) {
  app.view(
    CALLBACK.bulkAddUsers,
    formHandler(deps, 'manageCustomerUsers', async ({ ack, client, body, view, logger }, { actor }) => {
      const meta = decodeBulkMetadata(view.private_metadata)
      if (!meta) throw new Error('Bulk Add Users: the form carries no customer')
      const submission = judgeBulkSubmission(view.state.values)
      if (submission.kind === 'errors') {
        await ack({ response_action: 'errors', errors: submission.errors })
        return
      }
      // Refused before the ack (a customer deleted meanwhile, or not associated): the notice replaces the form.
      const { customer } = await deps.services.customers.preferences(meta.customerId)
      await deps.services.assertMayTouchCustomers(actor, [customer.id], () => customer.name)
      await ack({
        response_action: 'update',
        view: noticeView(
          'Bulk Add Users',
          mrkdwn`Import into ${bold(customer.name)} started — I'll DM you its progress and the result. \`/msp tasks\` lists your imports.`,
        ),
      })
      await runBulkImport({
        client,
        userId: body.user.id,
        actor,
        customer,
        submission,
        start: deps.services.imports.start,
        log: (line) => logger.warn(line),
      })
    }),
  )
}
