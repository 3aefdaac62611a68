// The `/msp portal <customer> [category]` message: a customer's portal users by category, a page at a
// time, each row with only the actions that apply to its status, each action behind a "Yes" dialog.
import type { ActionsBlock, Button, KnownBlock, PlainTextOption, StaticSelect } from '@slack/types'
import { actionsFor, type PortalUserAction, portalRoleLabel } from '../../domain/portal-users.ts'
import type { Reply } from '../answers/reply-privately.ts'
import { ACTION } from '../ids.ts'
import { button, confirmDialog, context, plain, section } from './block-kit.ts'
import { clip, MESSAGE_BLOCKS_MAX, OPTION_TEXT_MAX } from './limits.ts'
import { bold, joinMrkdwn, type Mrkdwn, mrkdwn } from './mrkdwn.ts'
import {
  encodeListRef,
  encodeRowRef,
  PORTAL_CATEGORIES,
  PORTAL_STATUSES,
  type PortalCategory,
  type PortalListRef,
  type PortalStatus,
} from './portal-values.ts'

/** Rows on one page: each row is two blocks (the user, its buttons), so a page stays within a message's 50 blocks. */
export const PORTAL_ROWS_PER_PAGE = 20
/** Blocks around the rows at most: heading, notice, Add button, a heading per status, page line, page buttons. */
const BLOCKS_AROUND_ROWS = 3 + PORTAL_STATUSES.length + 2
// Checked once at load: a page of rows with their buttons and everything around them fits a message.
if (PORTAL_ROWS_PER_PAGE * 2 + BLOCKS_AROUND_ROWS > MESSAGE_BLOCKS_MAX)
  throw new Error('PORTAL_ROWS_PER_PAGE does not fit a message')

/** One portal user as the list shows it. */
export interface PortalUserRow {
  id: number
  name: string
  email: string
  status: PortalStatus
  role: string
  isAdmin: boolean
  /** When the current invitation was sent (unconfirmed users); null when none is known. */
  invitedAt: Date | null
}

/** What the list shows: the customer, the users of the shown category (all when none), the counts by status. */
export interface PortalListData {
  customer: { id: number; name: string }
  users: readonly PortalUserRow[]
  counts: Readonly<Record<PortalStatus, number>>
}

export interface PortalListOptions {
  /** Whether the reader may act (technician and up): viewers see rows without buttons. */
  canManage: boolean
  /** A line above the list, e.g. what the last action did. */
  notice?: Mrkdwn
}

export type PortalAction = PortalUserAction

const STATUS_LABEL: Readonly<Record<PortalStatus, string>> = {
  enabled: 'Enabled',
  disabled: 'Disabled',
  unconfirmed: 'Unconfirmed',
}

const CATEGORY_LABEL: Readonly<Record<PortalCategory, string>> = { all: 'All', ...STATUS_LABEL }

interface ActionSpec {
  label: string
  actionId: string
  title: string
  /** What happens, after the user's name. */
  effect: (user: PortalUserRow) => string
  style?: 'danger' | 'primary'
}

export const PORTAL_ACTION_SPEC: Readonly<Record<PortalAction, ActionSpec>> = {
  enable: {
    label: 'Enable',
    actionId: ACTION.portalEnable,
    title: 'Enable portal user?',
    effect: () => 'can sign in to the portal again.',
    style: 'primary',
  },
  disable: {
    label: 'Disable',
    actionId: ACTION.portalDisable,
    title: 'Disable portal user?',
    effect: () => 'can no longer sign in to the portal, until enabled again.',
    style: 'danger',
  },
  delete: {
    label: 'Delete',
    actionId: ACTION.portalDelete,
    title: 'Delete portal user?',
    effect: (user) =>
      user.status === 'unconfirmed'
        ? 'are deleted for good and their invitation link stops working. This cannot be undone.'
        : 'are deleted for good and can no longer sign in. This cannot be undone.',
    style: 'danger',
  },
  reinvite: {
    label: 'Reinvite',
    actionId: ACTION.portalReinvite,
    title: 'Send a new invitation?',
    effect: () => 'get a new invitation email; the link in the previous one stops working.',
  },
}

/** Names in a "Yes" dialog are cut to this (Slack allows 300 characters of text in all). */
const CONFIRM_NAME_MAX = 60

/**
 * The "Yes" dialog of an action: the action, the user and the effect first, then the email and the
 * customer; names are cut so the effect always fits Slack's 300 characters.
 */
export function portalActionConfirm(action: PortalAction, user: PortalUserRow, customer: string) {
  const spec = PORTAL_ACTION_SPEC[action]
  const name = clip(user.name, CONFIRM_NAME_MAX)
  return confirmDialog(
    spec.title,
    mrkdwn`${spec.label} ${bold(name)}? They ${spec.effect(user)}\n${user.email} · ${clip(customer, CONFIRM_NAME_MAX)}`,
    'Yes',
    spec.style === 'danger' ? 'danger' : undefined,
  )
}

const dateOf = (at: Date) => at.toISOString().slice(0, 10)

function rowText(user: PortalUserRow): Mrkdwn {
  const facts: Mrkdwn[] = [mrkdwn`${user.email}`, mrkdwn`${portalRoleLabel(user.role)}`]
  if (user.isAdmin) facts.push(mrkdwn`portal admin`)
  facts.push(mrkdwn`${STATUS_LABEL[user.status]}`)
  if (user.status === 'unconfirmed' && user.invitedAt) facts.push(mrkdwn`invited ${dateOf(user.invitedAt)}`)
  return mrkdwn`${bold(user.name)}\n${joinMrkdwn(facts, ' · ')}`
}

function rowBlocks(
  user: PortalUserRow,
  ref: PortalListRef,
  customer: string,
  options: PortalListOptions,
): KnownBlock[] {
  const text = section(rowText(user))
  if (!options.canManage) return [{ ...text, block_id: `portal_user_${user.id}` }]
  const value = encodeRowRef({
    ...ref,
    portalUserId: user.id,
    ...(user.status === 'unconfirmed' && user.invitedAt ? { invitedAt: user.invitedAt.getTime() } : {}),
  })
  const buttons: Button[] = actionsFor(user.status).map((action) => {
    const spec = PORTAL_ACTION_SPEC[action]
    return button(spec.label, spec.actionId, value, {
      ...(spec.style ? { style: spec.style } : {}),
      confirm: portalActionConfirm(action, user, customer),
    })
  })
  const actions: ActionsBlock = { type: 'actions', block_id: `portal_actions_${user.id}`, elements: buttons }
  return [{ ...text, block_id: `portal_user_${user.id}` }, actions]
}

function categoryOption(customerId: number, category: PortalCategory, counts: PortalListData['counts']) {
  const count = category === 'all' ? PORTAL_STATUSES.reduce((sum, s) => sum + counts[s], 0) : counts[category]
  const option: PlainTextOption = {
    text: plain(clip(`${CATEGORY_LABEL[category]} (${count})`, OPTION_TEXT_MAX)),
    value: encodeListRef({ customerId, category, page: 0 }),
  }
  return option
}

function categorySelect(data: PortalListData, category: PortalCategory): StaticSelect {
  const options = PORTAL_CATEGORIES.map((c) => categoryOption(data.customer.id, c, data.counts))
  return {
    type: 'static_select',
    action_id: ACTION.portalCategory,
    placeholder: plain('Category'),
    options,
    initial_option: options[PORTAL_CATEGORIES.indexOf(category)],
  }
}

/** The users of the category, grouped by status in the order enabled, disabled, unconfirmed. */
function ordered(users: readonly PortalUserRow[], category: PortalCategory): PortalUserRow[] {
  const shown = category === 'all' ? users : users.filter((u) => u.status === category)
  return PORTAL_STATUSES.flatMap((s) => shown.filter((u) => u.status === s))
}

export const pageCount = (rows: number) => Math.max(1, Math.ceil(rows / PORTAL_ROWS_PER_PAGE))

const countsText = (counts: PortalListData['counts']) =>
  joinMrkdwn(
    PORTAL_STATUSES.map((s) => mrkdwn`${counts[s]} ${s}`),
    ', ',
  )

/**
 * The list message for a customer, category and page (a page beyond the last shows the last). Within
 * Slack's limits at any size: PORTAL_ROWS_PER_PAGE rows a page, Previous/Next beyond that.
 */
export function portalListReply(
  data: PortalListData,
  wanted: { category: PortalCategory; page: number },
  options: PortalListOptions,
): Reply {
  const { category } = wanted
  const customer = data.customer.name
  const rows = ordered(data.users, category)
  const pages = pageCount(rows.length)
  const page = Math.min(Math.max(0, wanted.page), pages - 1)
  const ref: PortalListRef = { customerId: data.customer.id, category, page }
  const onPage = rows.slice(page * PORTAL_ROWS_PER_PAGE, (page + 1) * PORTAL_ROWS_PER_PAGE)

  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: 'portal_heading',
      text: {
        type: 'mrkdwn',
        text: mrkdwn`*Portal users of ${customer}*\n${countsText(data.counts)}`.text,
      },
      accessory: categorySelect(data, category),
    },
  ]
  if (options.notice) blocks.push(context(options.notice))
  if (options.canManage) {
    blocks.push({
      type: 'actions',
      block_id: 'portal_add',
      elements: [button('Add portal user', ACTION.portalAdd, encodeListRef(ref), { style: 'primary' })],
    })
  }
  if (rows.length === 0) {
    blocks.push(
      section(
        category === 'all'
          ? mrkdwn`${customer} has no portal users yet.`
          : mrkdwn`${customer} has no ${category} portal users.`,
      ),
    )
  }
  let heading: PortalStatus | undefined
  for (const user of onPage) {
    if (category === 'all' && user.status !== heading) {
      heading = user.status
      blocks.push(context(mrkdwn`*${STATUS_LABEL[heading]}* (${data.counts[heading]})`))
    }
    blocks.push(...rowBlocks(user, ref, customer, options))
  }
  if (!options.canManage && rows.length > 0) {
    blocks.push(context(mrkdwn`You can see this list; acting on portal users needs the technician role.`))
  }
  if (pages > 1) {
    const first = page * PORTAL_ROWS_PER_PAGE + 1
    blocks.push(
      context(mrkdwn`Page ${page + 1} of ${pages} · ${first}–${first + onPage.length - 1} of ${rows.length}`),
    )
    const nav: Button[] = []
    if (page > 0)
      nav.push(button('Previous', ACTION.portalPrevPage, encodeListRef({ ...ref, page: page - 1 })))
    if (page < pages - 1)
      nav.push(button('Next', ACTION.portalNextPage, encodeListRef({ ...ref, page: page + 1 })))
    blocks.push({ type: 'actions', block_id: 'portal_pages', elements: nav })
  }
  const shownCategory = category === 'all' ? '' : ` (${category})`
  return {
    text: mrkdwn`Portal users of ${customer}${shownCategory}: ${countsText(data.counts)}`,
    blocks,
  }
}
