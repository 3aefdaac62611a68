// The /msp users list, its modals and the subscription views as pure builders: the row facts (agent status
// icon and word, subscription date and "in 3 months", lock), the controls by role, list state in every
// control within Slack's value limits, hostile text escaped once, and every payload valid Block Kit.
import type { KnownBlock, ModalView } from '@slack/types'
import { describe, expect, it } from 'vitest'
import {
  addUserBlockIds,
  addUserView,
  archiveUserView,
  decodeUserFormMetadata,
  editUserView,
  searchView,
} from '../../../src/slack/blocks/customer-users-forms.ts'
import {
  type CustomerUserListData,
  type CustomerUserRow,
  customerUserListReply,
  subscriptionText,
  USERS_PER_PAGE,
} from '../../../src/slack/blocks/customer-users-list.ts'
import {
  applyView,
  poolReply,
  setPurchasedView,
} from '../../../src/slack/blocks/customer-users-subscriptions.ts'
import {
  defaultListRef,
  encodeListRef,
  encodeRowRef,
  OPTION_VALUE_MAX,
  parseListRef,
  parseRowRef,
  splitUserListArgs,
  type UserListRef,
} from '../../../src/slack/blocks/customer-users-values.ts'
import { ACTION } from '../../../src/slack/ids.ts'
import { validateMessageContent, validateView } from '../../support/slack-spec/block-kit-validator.ts'
import { expectSafe, HOSTILE } from '../hostile-text.ts'
import { buttons, type Json, shownText } from '../subcommands/driver.ts'

const NOW = new Date('2026-12-03T12:00:00Z')
const CUSTOMER = { id: 7, name: 'Zylker' }

function user(id: number, extra: Partial<CustomerUserRow> = {}): CustomerUserRow {
  return {
    locked: extra.source === 'directory',
    id,
    email: `u${id}@zylker.example`,
    firstName: `First${id}`,
    lastName: `Last${id}`,
    source: 'manual',
    agentStatus: 'unknown',
    subscriptionExpiresAt: null,
    archived: false,
    ...extra,
  }
}

function data(
  users: CustomerUserRow[],
  total = users.length,
  page = 0,
  customer = CUSTOMER,
): CustomerUserListData {
  return { customer, users, total, page, pool: { purchased: 10, used: 3, free: 7 } }
}

const valid = (reply: { text: { text: string }; blocks?: KnownBlock[] }) =>
  validateMessageContent({ text: reply.text.text, blocks: reply.blocks as never })

const ALL = { canManage: true, canApply: true, now: NOW }

/** Every option value (selects, overflows) in blocks. */
function optionValues(blocks: unknown): string[] {
  const found: string[] = []
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk)
    if (typeof v !== 'object' || v === null) return
    const o = v as Json
    if (Array.isArray(o.options))
      for (const option of o.options as Json[]) if (typeof option.value === 'string') found.push(option.value)
    for (const child of Object.values(o)) walk(child)
  }
  walk(blocks)
  return found
}

/** The overflow option labels of a user's row. */
function rowOptions(blocks: KnownBlock[] | undefined, id: number): string[] {
  const row = (blocks ?? []).find((b) => b.block_id === `cu_user_${id}`) as Json | undefined
  const accessory = row?.accessory as { options?: Array<{ text: { text: string } }> } | undefined
  return (accessory?.options ?? []).map((o) => o.text.text)
}

describe('/msp users list', () => {
  it('shows each user with email, names, agent status icon and word, subscription, lock and archived marks', () => {
    const users = [
      user(1, { agentStatus: 'success', subscriptionExpiresAt: new Date('2027-03-03T12:00:00Z') }),
      user(2, { agentStatus: 'failed', source: 'directory' }),
    ]
    const reply = customerUserListReply(data(users), defaultListRef(7), ALL)
    expect(valid(reply)).toEqual([])
    const text = shownText(reply.blocks)
    expect(text).toContain(
      '*Users of Zylker*\n2 users · sorted by email A→Z\nSubscriptions: 7 free of 10 purchased',
    )
    expect(text).toContain(
      '*u1@zylker.example*\nFirst1 Last1 · Agent: :white_check_mark: Success · Subscription: 2027-03-03 (in 3 months)',
    )
    expect(text).toContain(
      '*u2@zylker.example* :lock:\nFirst2 Last2 · Agent: :x: Failed · Subscription: None',
    )
    expect(rowOptions(reply.blocks, 1)).toEqual(['Edit', 'Archive']) // subscribed: no Apply
    expect(rowOptions(reply.blocks, 2)).toEqual(['Edit', 'Archive', 'Apply Subscription'])
    expect(buttons(reply.blocks).map((b) => b.text)).toContain('Show archived')

    const archived = customerUserListReply(
      data([user(3, { archived: true })]),
      { ...defaultListRef(7), archived: true },
      ALL,
    )
    expect(valid(archived)).toEqual([])
    const archivedText = shownText(archived.blocks)
    expect(archivedText).toContain('*Archived users of Zylker*\n1 archived user')
    expect(archivedText).toContain('*u3@zylker.example* · _archived_')
    expect(archivedText).toContain(':grey_question: Unknown')
    expect(rowOptions(archived.blocks, 3)).toEqual(['Restore'])
    // no "all listed" actions on archived users
    expect(buttons(archived.blocks).map((b) => b.text)).toEqual([
      'Search',
      'Hide archived',
      'Add user',
      'Bulk add',
    ])
  })

  it('words a subscription as none, a date with how far it is, or expired', () => {
    expect(subscriptionText(null, NOW)).toBe('None')
    expect(subscriptionText(new Date('2027-12-03T12:00:00Z'), NOW)).toBe('2027-12-03 (in 1 year)')
    expect(subscriptionText(new Date('2026-11-01T12:00:00Z'), NOW)).toBe('expired 2026-11-01 (1 month ago)')
  })

  it('gives viewers only the reading controls, technicians no Apply, managers everything', () => {
    const users = [user(1), user(2)]
    const viewer = customerUserListReply(data(users), defaultListRef(7), {
      canManage: false,
      canApply: false,
      now: NOW,
    })
    expect(valid(viewer)).toEqual([])
    expect(buttons(viewer.blocks).map((b) => b.text)).toEqual(['Search', 'Show archived'])
    expect(rowOptions(viewer.blocks, 1)).toEqual([])
    expect(shownText(viewer.blocks)).toContain('needs the technician role')

    const technician = customerUserListReply(data(users), defaultListRef(7), {
      canManage: true,
      canApply: false,
      now: NOW,
    })
    expect(buttons(technician.blocks).map((b) => b.text)).toEqual([
      'Search',
      'Show archived',
      'Add user',
      'Bulk add',
      'Archive all listed (2)',
    ])
    expect(rowOptions(technician.blocks, 1)).toEqual(['Edit', 'Archive'])

    const manager = customerUserListReply(data(users), defaultListRef(7), ALL)
    expect(buttons(manager.blocks).map((b) => b.text)).toContain('Apply to all listed')
    const bulk = buttons(manager.blocks).find((b) => b.text === 'Bulk add')
    expect(bulk).toEqual({ actionId: 'open_bulk_add_users', value: '7', text: 'Bulk add' })
    const archiveAll = (manager.blocks ?? [])
      .flatMap((b) => ((b as unknown as Json).elements as Json[] | undefined) ?? [])
      .find((e) => e.action_id === ACTION.customerUsersArchiveAll) as Json
    expect(JSON.stringify(archiveAll.confirm)).toContain('Archive the 2 listed users of Zylker?')
  })

  it('pages 20 at a time within 50 blocks, Previous/Next carrying the neighbouring page', () => {
    const page = Array.from({ length: USERS_PER_PAGE }, (_, i) => user(100 + i))
    const ref: UserListRef = { ...defaultListRef(7), page: 1, search: 'zyl', sort: 'last', direction: 'desc' }
    const reply = customerUserListReply(data(page, 45, 1), ref, ALL)
    expect(valid(reply)).toEqual([])
    expect(reply.blocks?.length).toBeLessThanOrEqual(50)
    expect(shownText(reply.blocks)).toContain('Page 2 of 3 · 21–40 of 45')
    const nav = buttons(reply.blocks).filter((b) => b.text === 'Previous' || b.text === 'Next')
    expect(nav.map((b) => [b.text, parseListRef(b.value)])).toEqual([
      ['Previous', { ...ref, page: 0 }],
      ['Next', { ...ref, page: 2 }],
    ])
    // the sort select: six orders, the current one selected, each back to page 1 of the same search
    const heading = reply.blocks?.[0] as unknown as { accessory: { options: Json[]; initial_option: Json } }
    expect(heading.accessory.options.map((o) => (o.text as { text: string }).text)).toEqual([
      'Email A→Z',
      'Email Z→A',
      'First name A→Z',
      'First name Z→A',
      'Last name A→Z',
      'Last name Z→A',
    ])
    expect((heading.accessory.initial_option.text as { text: string }).text).toBe('Last name Z→A')
    expect(parseListRef(heading.accessory.options[2]?.value as string)).toEqual({
      ...ref,
      sort: 'first',
      direction: 'asc',
      page: 0,
    })
  })

  it('keeps every control value within 150 characters, shortening a long search, and rejects forged values', () => {
    const search = '"\\'.repeat(30)
    const ref: UserListRef = { ...defaultListRef(123456), search, page: 99 }
    const reply = customerUserListReply(data([user(999999, { source: 'directory' })], 3000, 99), ref, ALL)
    expect(valid(reply)).toEqual([])
    for (const value of [...optionValues(reply.blocks), ...buttons(reply.blocks).map((b) => b.value ?? '')])
      expect(value.length).toBeLessThanOrEqual(OPTION_VALUE_MAX)
    const row = parseRowRef(encodeRowRef({ ...ref, userId: 999999, action: 'archive' }))
    expect(row?.userId).toBe(999999)
    expect(search.startsWith(row?.search ?? 'x')).toBe(true)
    expect(parseListRef(encodeListRef(defaultListRef(5)))).toEqual(defaultListRef(5))
    expect(parseListRef('{"c":5}')).toBeNull()
    expect(parseListRef('nope')).toBeNull()
    expect(parseRowRef(encodeListRef(defaultListRef(5)))).toBeNull()
  })

  it('escapes hostile emails, names and customers once', () => {
    const hostile = user(1, { email: HOSTILE.email, firstName: HOSTILE.user, lastName: HOSTILE.portalUser })
    const customer = { id: 7, name: HOSTILE.customer }
    const reply = customerUserListReply(
      data([hostile], 1, 0, customer),
      { ...defaultListRef(7), search: HOSTILE.group },
      {
        ...ALL,
        notice: undefined,
      },
    )
    expect(valid(reply)).toEqual([])
    expectSafe(reply, {
      topLevelText: reply.text.text,
      shownInMrkdwn: [HOSTILE.email, HOSTILE.user, HOSTILE.portalUser, HOSTILE.customer, HOSTILE.group],
    })
    const meta = { responseUrl: 'https://hooks.example/x', list: encodeListRef(defaultListRef(7)) }
    const views: ModalView[] = [
      addUserView({ customer, gen: 0, added: HOSTILE.email, problem: `${HOSTILE.email} is taken` }, meta),
      editUserView(customer, hostile, meta),
      archiveUserView(customer, hostile, meta),
      searchView(customer, HOSTILE.group, meta),
    ]
    for (const view of views) {
      expect(validateView(view as never)).toEqual([])
      expectSafe(view)
    }
    // Edit User prefills the inputs with the raw values (plain text inputs take them as they are)
    expectSafe(views[1], { shownInMrkdwn: [HOSTILE.customer, HOSTILE.email] })
    const initial = JSON.stringify(views[1]?.blocks)
    for (const raw of [HOSTILE.email, HOSTILE.user, HOSTILE.portalUser])
      expect(initial).toContain(`"initial_value":${JSON.stringify(raw)}`)
  })
})

describe('/msp users modals', () => {
  it('Add User: labelled inputs, Save and Save and add another; a new generation has new block ids', () => {
    const first = addUserView({ customer: CUSTOMER, gen: 0 }, {})
    const again = addUserView({ customer: CUSTOMER, gen: 1, added: 'li@zylker.example' }, {})
    for (const view of [first, again]) expect(validateView(view as never)).toEqual([])
    expect(first.title.text).toBe('Add User')
    expect(first.submit?.text).toBe('Save')
    expect(shownText(first)).toContain('Primary Email\nname@customer.example\nFirst Name\nLast Name')
    expect(buttons(first.blocks).map((b) => b.text)).toEqual(['Save and add another'])
    expect(shownText(again)).toContain(':white_check_mark: Added li@zylker.example.')
    const ids = (v: ModalView) => v.blocks.map((b) => b.block_id)
    expect(ids(again)).toContain(addUserBlockIds(1).email)
    expect(ids(again)).not.toContain(addUserBlockIds(0).email)
    expect(decodeUserFormMetadata(again.private_metadata).gen).toBe(1)
  })

  it('Edit User is prefilled; Search keeps the current search', () => {
    const edit = editUserView(CUSTOMER, user(4), { list: encodeListRef(defaultListRef(7)) })
    expect(JSON.stringify(edit.blocks)).toContain('"initial_value":"u4@zylker.example"')
    expect(decodeUserFormMetadata(edit.private_metadata)).toMatchObject({ id: 7, user: 4 })
    const search = searchView(CUSTOMER, 'li', {})
    expect(JSON.stringify(search.blocks)).toContain('"initial_value":"li"')
  })
})

describe('subscription views', () => {
  const pool = { purchased: 10, used: 8, free: 2 }
  it('shows the pool, Set purchased only for admins, a number no lower than the used count', () => {
    const data = { customer: CUSTOMER, pool }
    const admin = poolReply(data, true)
    expect(valid(admin)).toEqual([])
    expect(shownText(admin.blocks)).toContain('Purchased: *10* · Used: *8* · Free: *2*')
    expect(buttons(admin.blocks).map((b) => b.text)).toEqual(['Set purchased'])
    expect(buttons(poolReply(data, false).blocks)).toEqual([])
    const set = setPurchasedView(data, {})
    expect(validateView(set as never)).toEqual([])
    expect(JSON.stringify(set.blocks)).toContain('"min_value":"8"')
  })

  it('Apply says what happens and that it is permanent; short of subscriptions it names the missing count and applies none', () => {
    const plan = { customer: CUSTOMER, pool, expiresAt: new Date('2027-12-03T12:00:00Z'), now: NOW }
    const one = applyView({ ...plan, count: 1, email: 'li@zylker.example' }, {})
    expect(validateView(one as never)).toEqual([])
    expect(one.submit?.text).toBe('Apply')
    expect(shownText(one)).toContain('it takes 1 of the 2 free. It runs until 2027-12-03 (in 1 year).')
    expect(shownText(one)).toContain('cannot be removed or moved')
    const none = applyView(
      { ...plan, pool: { purchased: 8, used: 8, free: 0 }, count: 1, email: 'li@zylker.example' },
      {},
    )
    expect(validateView(none as never)).toEqual([])
    expect(none.submit).toBeUndefined()
    expect(shownText(none)).toContain(
      '1 user needs a subscription on *Zylker*, but only 0 are free: *1* missing. None was applied.',
    )
    expect(shownText(none)).toContain('`/msp subscriptions Zylker`')
    const all = applyView({ ...plan, count: 5, search: 'li' }, {})
    expect(validateView(all as never)).toEqual([])
    expect(shownText(all)).toContain(
      'every listed user of *Zylker* matching “li” who has none: up to *5* users, 2 free',
    )
    expect(shownText(all)).toContain('If more than 2 of them need one, none is applied')
  })
})

describe('/msp users arguments', () => {
  it('reads the options from the end, in any order, the search between', () => {
    expect(splitUserListArgs('Zylker li wu sort:last desc archived', 1)).toEqual({
      customer: 'Zylker',
      search: 'li wu',
      sort: 'last',
      direction: 'desc',
      archived: true,
    })
    expect(splitUserListArgs('Zylker Corp archived SORT:first', 2)).toEqual({
      customer: 'Zylker Corp',
      search: '',
      sort: 'first',
      direction: 'asc',
      archived: true,
    })
    expect(splitUserListArgs('', 1)).toBeNull()
  })
})
