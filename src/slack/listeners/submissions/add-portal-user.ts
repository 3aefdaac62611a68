// Add portal user: field errors on the real fields (nothing written), else the user is added, its
// invitation queued, and the list the form was opened from shows the new user in place.
import type { App } from '@slack/bolt'
import { portalRoleLabel } from '../../../domain/portal-users.ts'
import type { FormField } from '../../../services/errors.ts'
import { fieldErrors } from '../../answers/answer-save.ts'
import { replaceListMessage } from '../../answers/replace-list-message.ts'
import { mrkdwn } from '../../blocks/mrkdwn.ts'
import { decodeAddMetadata, PORTAL_ADMIN_VALUE } from '../../blocks/portal-add-user.ts'
import type { SlackDeps } from '../../deps.ts'
import { formHandler } from '../../handlers/form-handler.ts'
import { ACTION, BLOCK, CALLBACK } from '../../ids.ts'
import { isChecked, textValue } from '../../parsing/view-state.ts'
import { portalListFor } from '../actions/portal-list.ts'

/** Where each field's problems are shown; a problem of another field goes under Name (the first). */
export const PORTAL_FIELD_BLOCKS: Partial<Record<FormField, string>> = {
  name: BLOCK.portalName,
  email: BLOCK.portalEmail,
  role: BLOCK.portalRole,
  admin: BLOCK.portalAdmin,
}

export function registerAddPortalUserSubmit(app: App, deps: SlackDeps) {
  app.view(
    CALLBACK.addPortalUser,
    formHandler(deps, 'managePortalUsers', async ({ ack, client, body, view }, { actor, state }) => {
      const meta = decodeAddMetadata(view.private_metadata)
      if (meta.id === undefined) throw new Error('Add portal user: the form carries no customer')
      const adminOffered = view.blocks.some((b) => b.block_id === BLOCK.portalAdmin)
      const outcome = await deps.services.portal.add(actor, {
        customerId: meta.id,
        name: textValue(state, BLOCK.portalName, ACTION.portalName),
        email: textValue(state, BLOCK.portalEmail, ACTION.portalEmail),
        role: state[BLOCK.portalRole]?.[ACTION.portalRole]?.selected_option?.value ?? '',
        isAdmin: isChecked(state, BLOCK.portalAdmin, ACTION.portalAdmin, PORTAL_ADMIN_VALUE),
      })
      if (outcome.status === 'invalid') {
        // The checkbox is not on a form opened while the customer had an admin: its problem goes under Email.
        const blocks = adminOffered
          ? PORTAL_FIELD_BLOCKS
          : { ...PORTAL_FIELD_BLOCKS, admin: BLOCK.portalEmail }
        await ack({ response_action: 'errors', errors: fieldErrors(outcome.problems, blocks) })
        return
      }
      await ack({ response_action: 'clear' })
      const { user, customer } = outcome
      const notice = mrkdwn`:white_check_mark: ${user.name} (${user.email}) added to ${customer.name} as ${portalRoleLabel(user.role)}${user.isAdmin ? ', portal admin' : ''}; the invitation email is on its way (the link is valid until ${outcome.invitationExpiresAt.toISOString().slice(0, 10)}).`
      const list = meta.list ?? { s: 'all' as const, p: 0 }
      // The list shows the new user among the unconfirmed: a list of another category switches to all.
      const category = list.s === 'unconfirmed' ? list.s : 'all'
      const reply = await portalListFor(deps, actor, { customerId: customer.id, category, page: 0 }, notice)
      // in place of the list clicked in; without its response_url, privately
      await replaceListMessage(
        client,
        body.user.id,
        { responseUrl: meta.responseUrl, channel: meta.channel },
        reply,
      )
    }),
  )
}
