// The `/msp users` modals: Add User (Save, and Save and add another, which keeps the modal open with its
// inputs cleared and a line naming the user just added), Edit User, Search, and Archive's confirmation.
// Each remembers the list it was opened from (and where that message is), so the list re-renders in place.
import type { KnownBlock, ModalView } from '@slack/types'
import { z } from 'zod'
import { ACTION, BLOCK, CALLBACK } from '../ids.ts'
import { formMetadataSchema } from '../metadata.ts'
import { button, context, plain, section } from './block-kit.ts'
import { type CustomerUserRow, fullName } from './customer-users-list.ts'
import { SEARCH_MAX } from './customer-users-values.ts'
import { PRIVATE_METADATA_MAX } from './limits.ts'
import { bold, type Mrkdwn, mrkdwn } from './mrkdwn.ts'

/** RFC 5321's limit for a whole address. */
export const USER_EMAIL_MAX = 254
/** Microsoft 365's limit for a given name or surname. */
export const USER_NAME_MAX = 64

const userFormMetadataSchema = formMetadataSchema.extend({
  /** The list the form was opened from (customer-users-values.ts encodeListRef). */
  list: z.string().max(200).optional(),
  /** The customer user the form is about (Edit, Archive, Apply to one). */
  user: z.number().int().positive().optional(),
  /** Add User: which generation of inputs is shown (new block ids clear what was typed). */
  gen: z.number().int().min(0).optional(),
  /** Apply to all listed: how many users the form said it would apply to. */
  count: z.number().int().min(0).optional(),
})
export type UserFormMetadata = z.infer<typeof userFormMetadataSchema>

export function encodeUserFormMetadata(meta: UserFormMetadata): string {
  const text = JSON.stringify(meta)
  return text.length <= PRIVATE_METADATA_MAX ? text : JSON.stringify({ ...meta, responseUrl: undefined })
}

export function decodeUserFormMetadata(text: string | undefined): UserFormMetadata {
  try {
    return userFormMetadataSchema.parse(JSON.parse(text || '{}'))
  } catch {
    return {}
  }
}

/** The block ids of Add User's inputs for a generation: a new generation shows empty inputs. */
export const addUserBlockIds = (gen: number) => ({
  email: `${BLOCK.customerUserEmail}_${gen}`,
  firstName: `${BLOCK.customerUserFirst}_${gen}`,
  lastName: `${BLOCK.customerUserLast}_${gen}`,
})

export interface UserFieldValues {
  email: string
  firstName: string
  lastName: string
}

function userInputs(
  ids: ReturnType<typeof addUserBlockIds>,
  initial?: Partial<UserFieldValues>,
): KnownBlock[] {
  const text = (value: string | undefined) => (value ? { initial_value: value } : {})
  return [
    {
      type: 'input',
      block_id: ids.email,
      label: plain('Primary Email'),
      element: {
        type: 'email_text_input',
        action_id: ACTION.customerUserEmail,
        placeholder: plain('name@customer.example'),
        ...text(initial?.email),
      },
    },
    {
      type: 'input',
      block_id: ids.firstName,
      label: plain('First Name'),
      element: {
        type: 'plain_text_input',
        action_id: ACTION.customerUserFirst,
        max_length: USER_NAME_MAX,
        ...text(initial?.firstName),
      },
    },
    {
      type: 'input',
      block_id: ids.lastName,
      label: plain('Last Name'),
      element: {
        type: 'plain_text_input',
        action_id: ACTION.customerUserLast,
        max_length: USER_NAME_MAX,
        ...text(initial?.lastName),
      },
    },
  ]
}

export interface AddUserViewState {
  customer: { id: number; name: string }
  gen: number
  /** "Added li@zylker.example." after Save and add another. */
  added?: string
  /** A problem found by Save and add another (a button cannot put it on the field). */
  problem?: string
  /** What was typed, shown again with a problem. */
  typed?: UserFieldValues
}

/** Add User: Primary Email, First Name, Last Name; Save (submit) and Save and add another (a button). */
export function addUserView(state: AddUserViewState, meta: UserFormMetadata): ModalView {
  const notes: KnownBlock[] = []
  if (state.added) notes.push(context(mrkdwn`:white_check_mark: Added ${state.added}.`))
  if (state.problem) notes.push(context(mrkdwn`:warning: ${state.problem}`))
  return {
    type: 'modal',
    callback_id: CALLBACK.customerUserAdd,
    title: plain('Add User'),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: encodeUserFormMetadata({ ...meta, id: state.customer.id, gen: state.gen }),
    blocks: [
      section(mrkdwn`Add a user to ${bold(state.customer.name)}.`),
      ...notes,
      ...userInputs(addUserBlockIds(state.gen), state.typed),
      {
        type: 'actions',
        block_id: 'cu_add_another',
        elements: [button('Save and add another', ACTION.customerUserSaveAnother, String(state.customer.id))],
      },
    ],
  }
}

export const EDIT_USER_BLOCK_IDS = addUserBlockIds(0)

/** Edit User: the user's Primary Email, First Name and Last Name, prefilled. */
export function editUserView(
  customer: { id: number; name: string },
  user: Pick<CustomerUserRow, 'id' | 'email' | 'firstName' | 'lastName'>,
  meta: UserFormMetadata,
): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.customerUserEdit,
    title: plain('Edit User'),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: encodeUserFormMetadata({ ...meta, id: customer.id, user: user.id }),
    blocks: [
      section(mrkdwn`Edit ${bold(user.email)}, a user of ${bold(customer.name)}.`),
      ...userInputs(EDIT_USER_BLOCK_IDS, user),
    ],
  }
}

/** Search: a part of the email or name; empty shows everyone. */
export function searchView(
  customer: { id: number; name: string },
  search: string,
  meta: UserFormMetadata,
): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.customerUsersSearch,
    title: plain('Search users'),
    submit: plain('Search'),
    close: plain('Cancel'),
    private_metadata: encodeUserFormMetadata({ ...meta, id: customer.id }),
    blocks: [
      {
        type: 'input',
        block_id: BLOCK.customerUsersSearch,
        optional: true,
        label: plain(`Search the users of ${customer.name}`.slice(0, 2000)),
        hint: plain('Part of an email, first or last name (any case). Empty lists everyone.'),
        element: {
          type: 'plain_text_input',
          action_id: ACTION.customerUsersSearchText,
          max_length: SEARCH_MAX,
          ...(search ? { initial_value: search } : {}),
        },
      },
    ],
  }
}

/** Archive one user: a confirmation naming the user and the customer. */
export function archiveUserView(
  customer: { id: number; name: string },
  user: Pick<CustomerUserRow, 'id' | 'email' | 'firstName' | 'lastName'>,
  meta: UserFormMetadata,
): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.customerUserArchive,
    title: plain('Archive user?'),
    submit: plain('Archive'),
    close: plain('Cancel'),
    private_metadata: encodeUserFormMetadata({ ...meta, id: customer.id, user: user.id }),
    blocks: [
      section(
        mrkdwn`Archive ${bold(user.email)} (${fullName(user)}) of ${bold(customer.name)}? They are hidden from the list until restored (${bold('Show archived')}, then ${bold('Restore')}).`,
      ),
    ],
  }
}

/** A modal saying one thing, with only a Close button. */
export function infoView(title: string, text: Mrkdwn, meta: UserFormMetadata = {}): ModalView {
  return {
    type: 'modal',
    title: plain(title),
    close: plain('Close'),
    private_metadata: encodeUserFormMetadata(meta),
    blocks: [section(text)],
  }
}
