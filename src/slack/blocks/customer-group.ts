// Edit Customer Group and Add Customer Group.
import type { KnownBlock, ModalView } from '@slack/types'
import { groupFormVersion } from '../../services/form-version.ts'
import { ACTION, BLOCK, CALLBACK } from '../ids.ts'
import { encodeMetadata, type FormMetadata } from '../metadata.ts'
import {
  button,
  confirmDialog,
  context,
  linesToSections,
  multiExternalSelectInput,
  type NamedRef,
  noticeBlocks,
  plain,
  section,
} from './block-kit.ts'
import { MODAL_BLOCKS_MAX, VIEW_LINES_BYTES_MAX } from './limits.ts'
import { mrkdwn } from './mrkdwn.ts'

export interface CustomerGroupData {
  group: (NamedRef & { isDefault: boolean }) | null
  customers: NamedRef[]
  users: NamedRef[]
  maxCustomersPerGroup: number
}

const DEFAULT_OPTION = { text: plain('Default group (listed first)'), value: 'default' }

function groupFields(data: CustomerGroupData): KnownBlock[] {
  return [
    {
      type: 'input',
      block_id: BLOCK.name,
      label: plain('Group Name'),
      element: {
        type: 'plain_text_input',
        action_id: ACTION.groupName,
        max_length: 100,
        ...(data.group ? { initial_value: data.group.name } : {}),
      },
    },
    multiExternalSelectInput({
      blockId: BLOCK.customers,
      actionId: ACTION.pickCustomers,
      label: 'Associate Customers',
      hint: `Up to ${data.maxCustomersPerGroup} customers.`,
      placeholder: 'Choose customers',
      selected: data.customers,
    }),
    multiExternalSelectInput({
      blockId: BLOCK.users,
      actionId: ACTION.pickUsers,
      label: 'Associate to MSP Users',
      placeholder: 'Choose MSP users',
      selected: data.users,
    }),
    {
      type: 'input',
      block_id: BLOCK.isDefault,
      optional: true,
      label: plain('Default'),
      element: {
        type: 'checkboxes',
        action_id: ACTION.isDefault,
        options: [DEFAULT_OPTION],
        ...(data.group?.isDefault ? { initial_options: [DEFAULT_OPTION] } : {}),
      },
    },
  ]
}

type ExistingGroupData = CustomerGroupData & { group: NamedRef & { isDefault: boolean } }

export const customerGroupVersion = (data: ExistingGroupData) =>
  groupFormVersion({
    name: data.group.name,
    isDefault: data.group.isDefault,
    customerIds: data.customers.map((c) => c.id),
    userIds: data.users.map((u) => u.id),
  })

/** `notice`: shown above the fields (e.g. that the group changed while the form was open). */
export function customerGroupView(data: ExistingGroupData, meta: FormMetadata, notice?: string): ModalView {
  const { group } = data
  return {
    type: 'modal',
    callback_id: CALLBACK.customerGroup,
    title: plain('Edit Customer Group'),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: encodeMetadata({ ...meta, id: group.id, version: customerGroupVersion(data) }),
    blocks: [
      ...noticeBlocks(notice),
      ...groupFields(data),
      {
        type: 'actions',
        elements: [
          button('Associated Users', ACTION.showGroupUsers, String(group.id)),
          button('Delete Group', ACTION.deleteGroup, String(group.id), {
            style: 'danger',
            confirm: confirmDialog(
              `Delete ${group.name}?`,
              mrkdwn`Delete the customer group *${group.name}*? A group can be deleted only when it has no customers.`,
              'Yes',
              'danger',
            ),
          }),
        ],
      },
    ],
  }
}

export function addCustomerGroupView(maxCustomersPerGroup: number, meta: FormMetadata): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.addCustomerGroup,
    title: plain('Add Customer Group'),
    submit: plain('Add'),
    close: plain('Cancel'),
    private_metadata: encodeMetadata(meta),
    blocks: [
      ...groupFields({ group: null, customers: [], users: [], maxCustomersPerGroup }),
      context(mrkdwn`MSP users of a group are associated with all of its customers.`),
    ],
  }
}

/** "Associated Users": who the group gives access, pushed over the edit form. */
export function groupUsersView(
  group: NamedRef,
  users: Array<NamedRef & { email: string; role: string }>,
): ModalView {
  const lines = users.map((u) => mrkdwn`• *${u.name}* (${u.email}) — ${u.role}`)
  return {
    type: 'modal',
    callback_id: CALLBACK.groupUsers,
    title: plain('Associated Users'),
    close: plain('Back'),
    blocks: [
      section(mrkdwn`*${group.name}*: ${users.length} MSP user${users.length === 1 ? '' : 's'}`),
      // Whole lines only, within the view's block and size limits, then "…and N more".
      ...linesToSections(lines, MODAL_BLOCKS_MAX - 1, { maxBytes: VIEW_LINES_BYTES_MAX }),
    ],
  }
}
