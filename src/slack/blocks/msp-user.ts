// Edit User (an MSP user): role and customer groups.
import type { ModalView } from '@slack/types'
import { STAFF_ROLES, type StaffRole } from '../../domain/roles.ts'
import { userFormVersion } from '../../services/form-version.ts'
import { ACTION, BLOCK, CALLBACK } from '../ids.ts'
import { encodeMetadata, type FormMetadata } from '../metadata.ts'
import { multiExternalSelectInput, type NamedRef, noticeBlocks, plain, section } from './block-kit.ts'
import { mrkdwn } from './mrkdwn.ts'

export interface MspUserData {
  user: NamedRef & { email: string; role: StaffRole }
  groups: NamedRef[]
  maxGroupsPerUser: number
  /** Only admins change roles; others see it read-only. */
  canChangeRole: boolean
}

const roleOption = (role: StaffRole) => ({ text: plain(role[0]?.toUpperCase() + role.slice(1)), value: role })

export const mspUserVersion = (data: MspUserData) =>
  userFormVersion({ role: data.user.role, groupIds: data.groups.map((g) => g.id) })

/** `notice`: shown above the fields (e.g. that the user changed while the form was open). */
export function mspUserView(data: MspUserData, meta: FormMetadata, notice?: string): ModalView {
  const { user } = data
  return {
    type: 'modal',
    callback_id: CALLBACK.mspUser,
    title: plain('Edit User'),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: encodeMetadata({ ...meta, id: user.id, version: mspUserVersion(data) }),
    blocks: [
      section(mrkdwn`*${user.name}* (${user.email})`),
      ...noticeBlocks(notice),
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
        : section(mrkdwn`Role: *${user.role}* (only admins change roles)`),
      multiExternalSelectInput({
        blockId: BLOCK.groups,
        actionId: ACTION.pickGroups,
        label: 'Associate to Customer Groups',
        hint: `Up to ${data.maxGroupsPerUser} groups.`,
        placeholder: 'Choose groups',
        selected: data.groups,
      }),
    ],
  }
}
