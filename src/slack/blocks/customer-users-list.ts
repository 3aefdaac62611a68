// The `/msp users <customer> …` message: a page of a customer's users (20 a page) with their agent status
// and subscription, the sort select, Search, Show/Hide archived, Add user, Bulk add, Archive all listed and
// Apply to all listed, and per row an overflow (Edit, Archive or Restore, Apply Subscription). Every control
// carries the list it belongs to (customer-users-values.ts), so each click re-renders the list in place.
import type { ActionsBlock, Button, KnownBlock, Overflow, PlainTextOption, StaticSelect } from '@slack/types'
import { formatDistanceStrict } from 'date-fns/formatDistanceStrict'
import type { Reply } from '../answers/reply-privately.ts'
import { ACTION } from '../ids.ts'
import { button, confirmDialog, context, plain } from './block-kit.ts'
import {
  encodeListRef,
  encodeRowRef,
  type SortDirection,
  type UserListRef,
  type UserRowAction,
  type UserSort,
} from './customer-users-values.ts'
import { clip, MESSAGE_BLOCKS_MAX, OPTION_TEXT_MAX, SECTION_TEXT_MAX } from './limits.ts'
import { bold, clipMrkdwn, joinMrkdwn, type Mrkdwn, mrkdwn } from './mrkdwn.ts'

/** Users on one page: one block each (the row with its overflow), so a page stays within 50 blocks. */
export const USERS_PER_PAGE = 20
/** Blocks around the rows at most: heading, notice, controls, empty/viewer line, page line, page buttons. */
const BLOCKS_AROUND_ROWS = 6
if (USERS_PER_PAGE + BLOCKS_AROUND_ROWS > MESSAGE_BLOCKS_MAX)
  throw new Error('USERS_PER_PAGE does not fit a message')

export type AgentStatus = 'success' | 'unknown' | 'failed'
export type CustomerUserSource = 'manual' | 'csv' | 'directory'

/** One customer user as the list shows it. */
export interface CustomerUserRow {
  id: number
  email: string
  firstName: string
  lastName: string
  source: CustomerUserSource
  agentStatus: AgentStatus
  /** A directory user: the directory owns it (Edit and Archive answer so). */
  locked: boolean
  subscriptionExpiresAt: Date | null
  archived: boolean
}

/** One page of the list and the counts around it. */
export interface CustomerUserListData {
  customer: { id: number; name: string }
  /** The users of the page read (at most USERS_PER_PAGE), in the asked order. */
  users: readonly CustomerUserRow[]
  /** The page read (0-based): past the end, the service reads the last. */
  page: number
  /** Users the list matches (archived ones in the archived list, the others otherwise), on all pages. */
  total: number
  /** The customer's subscriptions. */
  pool: { purchased: number; used: number; free: number }
}

export interface CustomerUserListOptions {
  /** Technicians and up: Add user, Bulk add, Archive all listed and each row's Edit / Archive / Restore. */
  canManage: boolean
  /** Managers and up: Apply Subscription on rows and Apply to all listed. */
  canApply: boolean
  /** For "in 3 months": the time the list is read at. */
  now: Date
  /** A line above the rows, e.g. what the last action did. */
  notice?: Mrkdwn
}

export const AGENT_STATUS_LABEL: Readonly<Record<AgentStatus, string>> = {
  success: ':white_check_mark: Success',
  unknown: ':grey_question: Unknown',
  failed: ':x: Failed',
}

export const SORT_LABEL: Readonly<Record<UserSort, string>> = {
  email: 'Email',
  first: 'First name',
  last: 'Last name',
}
const DIRECTION_LABEL: Readonly<Record<SortDirection, string>> = { asc: 'A→Z', desc: 'Z→A' }

/** A day as Slack users read it here: 2027-03-03 (UTC). */
export const dateOf = (at: Date) => at.toISOString().slice(0, 10)

/** "None", "2027-03-03 (in 3 months)", or "expired 2026-01-01 (11 months ago)". */
export function subscriptionText(expiresAt: Date | null, now: Date): string {
  if (!expiresAt) return 'None'
  const distance = formatDistanceStrict(expiresAt, now, { addSuffix: true })
  return expiresAt.getTime() > now.getTime()
    ? `${dateOf(expiresAt)} (${distance})`
    : `expired ${dateOf(expiresAt)} (${distance})`
}

export const hasActiveSubscription = (user: CustomerUserRow, now: Date) =>
  user.subscriptionExpiresAt !== null && user.subscriptionExpiresAt.getTime() > now.getTime()

/** First and last name as shown ("—" when the user has neither). */
export const fullName = (user: { firstName: string; lastName: string }) =>
  [user.firstName, user.lastName].filter((n) => n.trim() !== '').join(' ') || '—'

function rowText(user: CustomerUserRow, now: Date): Mrkdwn {
  const lock = user.locked ? mrkdwn` :lock:` : mrkdwn``
  const archived = user.archived ? mrkdwn` · _archived_` : mrkdwn``
  return mrkdwn`${bold(user.email)}${lock}${archived}\n${fullName(user)} · Agent: ${AGENT_STATUS_LABEL[user.agentStatus]} · Subscription: ${subscriptionText(user.subscriptionExpiresAt, now)}`
}

const ROW_OPTION_LABEL: Readonly<Record<UserRowAction, string>> = {
  edit: 'Edit',
  archive: 'Archive',
  restore: 'Restore',
  apply: 'Apply Subscription',
}

/**
 * The actions a row's overflow offers: archived users Restore; the others Edit, Archive and, for managers
 * and up, Apply Subscription while they have none running. Locked (directory) users keep Edit and Archive,
 * which answer that the directory manages them.
 */
export function rowActions(user: CustomerUserRow, options: CustomerUserListOptions): UserRowAction[] {
  if (!options.canManage) return []
  if (user.archived) return ['restore']
  const actions: UserRowAction[] = ['edit', 'archive']
  if (options.canApply && !hasActiveSubscription(user, options.now)) actions.push('apply')
  return actions
}

function rowBlock(user: CustomerUserRow, ref: UserListRef, options: CustomerUserListOptions): KnownBlock {
  const text = {
    type: 'mrkdwn' as const,
    text: clipMrkdwn(rowText(user, options.now), SECTION_TEXT_MAX).text,
  }
  const actions = rowActions(user, options)
  if (actions.length === 0) return { type: 'section', block_id: `cu_user_${user.id}`, text }
  const overflow: Overflow = {
    type: 'overflow',
    action_id: ACTION.customerUserRow,
    options: actions.map((action) => ({
      text: plain(ROW_OPTION_LABEL[action]),
      value: encodeRowRef({ ...ref, userId: user.id, action }),
    })),
  }
  return { type: 'section', block_id: `cu_user_${user.id}`, text, accessory: overflow }
}

const SORTS: ReadonlyArray<[UserSort, SortDirection]> = [
  ['email', 'asc'],
  ['email', 'desc'],
  ['first', 'asc'],
  ['first', 'desc'],
  ['last', 'asc'],
  ['last', 'desc'],
]

function sortSelect(ref: UserListRef): StaticSelect {
  const options: PlainTextOption[] = SORTS.map(([sort, direction]) => ({
    text: plain(clip(`${SORT_LABEL[sort]} ${DIRECTION_LABEL[direction]}`, OPTION_TEXT_MAX)),
    value: encodeListRef({ ...ref, sort, direction, page: 0 }),
  }))
  const at = SORTS.findIndex(([s, d]) => s === ref.sort && d === ref.direction)
  return {
    type: 'static_select',
    action_id: ACTION.customerUsersSort,
    placeholder: plain('Sort'),
    options,
    ...(options[at] ? { initial_option: options[at] } : {}),
  }
}

export const pageCount = (rows: number) => Math.max(1, Math.ceil(rows / USERS_PER_PAGE))

/** The page a list can show: within 0 … last. */
export const clampPage = (page: number, total: number) => Math.min(Math.max(0, page), pageCount(total) - 1)

function headingText(data: CustomerUserListData, ref: UserListRef): Mrkdwn {
  const kind = ref.archived ? 'archived ' : ''
  const title = ref.archived
    ? mrkdwn`*Archived users of ${data.customer.name}*`
    : mrkdwn`*Users of ${data.customer.name}*`
  const count = mrkdwn`${data.total} ${kind}${data.total === 1 ? 'user' : 'users'}`
  const search = ref.search ? mrkdwn` matching “${ref.search}”` : mrkdwn``
  const { pool } = data
  return mrkdwn`${title}\n${count}${search} · sorted by ${SORT_LABEL[ref.sort].toLowerCase()} ${DIRECTION_LABEL[ref.direction]}\nSubscriptions: ${pool.free} free of ${pool.purchased} purchased`
}

function controls(
  data: CustomerUserListData,
  ref: UserListRef,
  options: CustomerUserListOptions,
): ActionsBlock {
  const list = encodeListRef(ref)
  const elements: Button[] = [button('Search', ACTION.customerUsersSearch, list)]
  if (ref.search)
    elements.push(
      button('Clear search', ACTION.customerUsersClear, encodeListRef({ ...ref, search: '', page: 0 })),
    )
  elements.push(
    ref.archived
      ? button(
          'Hide archived',
          ACTION.customerUsersArchived,
          encodeListRef({ ...ref, archived: false, page: 0 }),
        )
      : button(
          'Show archived',
          ACTION.customerUsersArchived,
          encodeListRef({ ...ref, archived: true, page: 0 }),
        ),
  )
  if (options.canManage) {
    elements.push(button('Add user', ACTION.customerUserAdd, list, { style: 'primary' }))
    elements.push(button('Bulk add', ACTION.bulkAddOpen, String(data.customer.id)))
  }
  const listed = ref.archived ? 0 : data.total
  if (options.canApply && listed > 0)
    elements.push(button('Apply to all listed', ACTION.customerUsersApplyAll, list))
  if (options.canManage && listed > 0) {
    const n = listed
    const who = ref.search ? mrkdwn`matching “${ref.search}”` : mrkdwn`of ${data.customer.name}`
    elements.push(
      button(`Archive all listed (${n})`, ACTION.customerUsersArchiveAll, list, {
        style: 'danger',
        confirm: confirmDialog(
          'Archive all listed users?',
          mrkdwn`Archive the ${n} listed ${n === 1 ? 'user' : 'users'} ${who}? Users managed by the directory are skipped. Archived users can be restored.`,
          'Yes',
          'danger',
        ),
      }),
    )
  }
  return { type: 'actions', block_id: 'cu_controls', elements }
}

/**
 * The list message for one page. `data.users` is that page already (the service reads only it, and says
 * which page it read: the controls carry that one).
 */
export function customerUserListReply(
  data: CustomerUserListData,
  wanted: UserListRef,
  options: CustomerUserListOptions,
): Reply {
  const customer = data.customer.name
  const pages = pageCount(data.total)
  const ref: UserListRef = { ...wanted, page: data.page }
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: 'cu_heading',
      text: { type: 'mrkdwn', text: clipMrkdwn(headingText(data, ref), SECTION_TEXT_MAX).text },
      accessory: sortSelect(ref),
    },
  ]
  if (options.notice) blocks.push(context(options.notice))
  blocks.push(controls(data, ref, options))
  if (data.users.length === 0) {
    blocks.push(
      context(
        ref.search
          ? mrkdwn`No ${ref.archived ? 'archived ' : ''}users of ${customer} match “${ref.search}”.`
          : ref.archived
            ? mrkdwn`${customer} has no archived users.`
            : mrkdwn`${customer} has no users yet.`,
      ),
    )
  }
  for (const user of data.users.slice(0, USERS_PER_PAGE)) blocks.push(rowBlock(user, ref, options))
  if (!options.canManage && data.users.length > 0)
    blocks.push(context(mrkdwn`You can see this list; changing users needs the technician role.`))
  if (pages > 1) {
    const first = ref.page * USERS_PER_PAGE + 1
    blocks.push(
      context(
        mrkdwn`Page ${ref.page + 1} of ${pages} · ${first}–${first + Math.max(0, data.users.length - 1)} of ${data.total}`,
      ),
    )
    const nav: Button[] = []
    if (ref.page > 0)
      nav.push(button('Previous', ACTION.customerUsersPrev, encodeListRef({ ...ref, page: ref.page - 1 })))
    if (ref.page < pages - 1)
      nav.push(button('Next', ACTION.customerUsersNext, encodeListRef({ ...ref, page: ref.page + 1 })))
    blocks.push({ type: 'actions', block_id: 'cu_pages', elements: nav })
  }
  const shownCount = joinMrkdwn(
    [mrkdwn`${data.total} listed`, mrkdwn`page ${ref.page + 1} of ${pages}`],
    ', ',
  )
  return { text: mrkdwn`Users of ${customer}: ${shownCount}`, blocks }
}
