// The Add portal user modal: Name, Email, Role (default Operator, the "MSP Customer" role) and, while
// the customer has no portal admin, a Portal admin checkbox. It remembers the list it was opened from,
// so that list is updated in place after the add.
import type { ModalView, PlainTextOption } from '@slack/types'
import { z } from 'zod'
import { DEFAULT_PORTAL_ROLE, PORTAL_ROLES } from '../../domain/portal-users.ts'
import { ACTION, BLOCK, CALLBACK } from '../ids.ts'
import { formMetadataSchema } from '../metadata.ts'
import { plain, section } from './block-kit.ts'
import { clip, OPTION_TEXT_MAX, PRIVATE_METADATA_MAX } from './limits.ts'
import { mrkdwn } from './mrkdwn.ts'
import { PORTAL_CATEGORIES, type PortalCategory } from './portal-values.ts'

/** Slack's limit on a plain_text_input's text; the modal asks for less. */
export const PORTAL_NAME_MAX = 100
/** An email address is at most 254 characters (RFC 5321's path limit). */
export const PORTAL_EMAIL_MAX = 254

export const PORTAL_ADMIN_VALUE = 'admin'

export interface AddPortalUserData {
  customer: { id: number; name: string }
  /** The customer has a portal admin already: the checkbox is not offered. */
  hasAdmin: boolean
}

const addMetadataSchema = formMetadataSchema.extend({
  /** The category and page of the list the modal was opened from. */
  list: z
    .object({
      s: z.enum(PORTAL_CATEGORIES as [PortalCategory, ...PortalCategory[]]),
      p: z.number().int().min(0),
    })
    .optional(),
})
export type AddPortalUserMetadata = z.infer<typeof addMetadataSchema>

export function encodeAddMetadata(meta: AddPortalUserMetadata): string {
  const text = JSON.stringify(meta)
  return text.length <= PRIVATE_METADATA_MAX ? text : JSON.stringify({ ...meta, responseUrl: undefined })
}

export function decodeAddMetadata(text: string | undefined): AddPortalUserMetadata {
  try {
    return addMetadataSchema.parse(JSON.parse(text || '{}'))
  } catch {
    return {}
  }
}

const roleOption = (role: (typeof PORTAL_ROLES)[number]): PlainTextOption => ({
  text: plain(clip(role.label, OPTION_TEXT_MAX)),
  value: role.id,
})

export function addPortalUserView(data: AddPortalUserData, meta: AddPortalUserMetadata): ModalView {
  const options = PORTAL_ROLES.map(roleOption)
  const initial = options.find((o) => o.value === DEFAULT_PORTAL_ROLE)
  return {
    type: 'modal',
    callback_id: CALLBACK.addPortalUser,
    title: plain('Add portal user'),
    submit: plain('Add and invite'),
    close: plain('Cancel'),
    private_metadata: encodeAddMetadata({ ...meta, id: data.customer.id }),
    blocks: [
      section(
        mrkdwn`Add a portal user to *${data.customer.name}*. They get an invitation email with the portal's login address and a link to accept it.`,
      ),
      {
        type: 'input',
        block_id: BLOCK.portalName,
        label: plain('Name'),
        element: {
          type: 'plain_text_input',
          action_id: ACTION.portalName,
          max_length: PORTAL_NAME_MAX,
        },
      },
      {
        type: 'input',
        block_id: BLOCK.portalEmail,
        label: plain('Email'),
        element: {
          type: 'email_text_input',
          action_id: ACTION.portalEmail,
          placeholder: plain('name@customer.example'),
        },
      },
      {
        type: 'input',
        block_id: BLOCK.portalRole,
        label: plain('Role'),
        element: {
          type: 'static_select',
          action_id: ACTION.portalRole,
          options,
          ...(initial ? { initial_option: initial } : {}),
        },
      },
      ...(data.hasAdmin
        ? []
        : [
            {
              type: 'input' as const,
              block_id: BLOCK.portalAdmin,
              optional: true,
              label: plain('Portal admin'),
              hint: plain('One portal user per customer is the portal admin.'),
              element: {
                type: 'checkboxes' as const,
                action_id: ACTION.portalAdmin,
                options: [{ text: plain('Make this user the portal admin'), value: PORTAL_ADMIN_VALUE }],
              },
            },
          ]),
    ],
  }
}
