// Edit Customer Preferences (titled "Customer Preferences": Slack caps titles at 24 characters).
import type { ModalView } from '@slack/types'
import { ACTION, BLOCK, CALLBACK } from '../ids.ts'
import { encodeMetadata, type FormMetadata } from '../metadata.ts'
import { context, type NamedRef, option, plain, section } from './blocks.ts'

export interface CustomerPreferencesData {
  customer: NamedRef
  groups: NamedRef[]
  directUsers: NamedRef[]
  accountContact: NamedRef | null
}

export function customerPreferencesView(data: CustomerPreferencesData, meta: FormMetadata): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.customerPreferences,
    title: plain('Customer Preferences'),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: encodeMetadata({ ...meta, id: data.customer.id }),
    blocks: [
      section(`*${data.customer.name}*`),
      {
        type: 'input',
        block_id: BLOCK.groups,
        optional: true,
        label: plain('Associate to Customer Groups'),
        element: {
          type: 'multi_external_select',
          action_id: ACTION.pickGroups,
          min_query_length: 0,
          placeholder: plain('Choose groups'),
          ...(data.groups.length > 0 ? { initial_options: data.groups.map(option) } : {}),
        },
      },
      {
        type: 'input',
        block_id: BLOCK.directUsers,
        optional: true,
        label: plain('Associate to MSP Users'),
        hint: plain('Users linked directly, besides those the groups bring.'),
        element: {
          type: 'multi_external_select',
          action_id: ACTION.pickUsers,
          min_query_length: 0,
          placeholder: plain('Choose MSP users'),
          ...(data.directUsers.length > 0 ? { initial_options: data.directUsers.map(option) } : {}),
        },
      },
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
      context('Removing a group or user shows what will happen before anything changes.'),
    ],
  }
}
