// Edit Customer Preferences (titled "Customer Preferences": Slack caps titles at 24 characters).
import type { ModalView } from '@slack/types'
import type { PortalDomainInfo } from '../../services/customers/portal-domain.ts'
import { customerFormVersion } from '../../services/form-version.ts'
import { ACTION, BLOCK, CALLBACK } from '../ids.ts'
import { encodeMetadata, type FormMetadata } from '../metadata.ts'
import {
  context,
  divider,
  multiExternalSelectInput,
  type NamedRef,
  noticeBlocks,
  option,
  plain,
  section,
} from './block-kit.ts'
import { bold, mrkdwn } from './mrkdwn.ts'
import { portalDomainBlocks } from './portal-domain.ts'

export interface CustomerPreferencesData {
  customer: NamedRef
  groups: NamedRef[]
  directUsers: NamedRef[]
  accountContact: NamedRef | null
  /** The portal domain and the CNAME it needs (shown with Check DNS; not part of the form's values). */
  portal?: PortalDomainInfo
}

export const customerPreferencesVersion = (data: CustomerPreferencesData) =>
  customerFormVersion({
    groupIds: data.groups.map((g) => g.id),
    directUserIds: data.directUsers.map((u) => u.id),
    accountContactId: data.accountContact?.id ?? null,
  })

/** `notice`: shown above the fields (e.g. that the customer changed while the form was open). */
export function customerPreferencesView(
  data: CustomerPreferencesData,
  meta: FormMetadata,
  notice?: string,
): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.customerPreferences,
    title: plain('Customer Preferences'),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: encodeMetadata({
      ...meta,
      id: data.customer.id,
      subject: data.customer.name,
      version: customerPreferencesVersion(data),
    }),
    blocks: [
      section(bold(data.customer.name)),
      ...noticeBlocks(notice),
      multiExternalSelectInput({
        blockId: BLOCK.groups,
        actionId: ACTION.pickGroups,
        label: 'Associate to Customer Groups',
        placeholder: 'Choose groups',
        selected: data.groups,
      }),
      multiExternalSelectInput({
        blockId: BLOCK.directUsers,
        actionId: ACTION.pickUsers,
        label: 'Associate to MSP Users',
        hint: 'Users linked directly, besides those the groups bring.',
        placeholder: 'Choose MSP users',
        selected: data.directUsers,
      }),
      {
        type: 'input',
        block_id: BLOCK.accountContact,
        optional: true,
        label: plain('Account Contact'),
        element: {
          type: 'external_select',
          action_id: ACTION.pickAccountContact,
          min_query_length: 0,
          placeholder: plain('Choose an MSP user'),
          ...(data.accountContact ? { initial_option: option(data.accountContact) } : {}),
        },
      },
      context(mrkdwn`Removing a group or user shows what will happen before anything changes.`),
      ...(data.portal ? [divider(), ...portalDomainBlocks(data.customer.id, data.portal)] : []),
    ],
  }
}
