// Edit User (an MSP user): role and customer groups.
import type { ModalView } from '@slack/types'
import { STAFF_ROLES, type StaffRole } from '../../domain/roles.ts'
import { ACTION, BLOCK, CALLBACK } from '../ids.ts'
import { encodeMetadata, type FormMetadata } from '../metadata.ts'
import { type NamedRef, option, plain, section } from './blocks.ts'

export interface MspUserData {
  user: NamedRef & { email: string; role: StaffRole }
  groups: NamedRef[]
  maxGroupsPerUser: number
  /** Only admins change roles; others see it read-only. */
  canChangeRole: boolean
}

const roleOption = (role: StaffRole) => ({ text: plain(role[0]?.toUpperCase() + role.slice(1)), value: role })

export function mspUserView(data: MspUserData, meta: FormMetadata): ModalView {
  const { user } = data
  return {
    type: 'modal',
    callback_id: CALLBACK.mspUser,
    title: plain('Edit User'),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: encodeMetadata({ ...meta, id: user.id }),
    blocks: [
      section(`*${user.name}* (${user.email})`),
      data.canChangeRole
        ? {
            type: 'input',
            block_id: BLOCK.role,
            label: plain('Role'),
            element: {
              type: 'static_select',
              action_id: ACTION.pickRole,
              options: STAFF_ROLES.map(roleOption),
              initial_option: roleOption(user.role),
            },
          }
        : section(`Role: *${user.role}* (only admins change roles)`),
      {
        type: 'input',
        block_id: BLOCK.groups,
        optional: true,
        label: plain('Associate to Customer Groups'),
        hint: plain(`Up to ${data.maxGroupsPerUser} groups.`),
        element: {
          type: 'multi_external_select',
          action_id: ACTION.pickGroups,
          min_query_length: 0,
          placeholder: plain('Choose groups'),
          ...(data.groups.length > 0 ? { initial_options: data.groups.map(option) } : {}),
        },
      },
    ],
  }
}
