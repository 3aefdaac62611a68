// The /msp portal list and the Add portal user modal as pure builders: only the actions that apply, each
// behind a "Yes" dialog naming the user and the effect; pages within Slack's block limit; hostile names
// escaped once; every payload valid for the fake Slack's Block Kit validator.
import type { KnownBlock } from '@slack/types'
import { describe, expect, it } from 'vitest'
import { MESSAGE_BLOCKS_MAX } from '../../../src/slack/blocks/limits.ts'
import { escaped } from '../../../src/slack/blocks/mrkdwn.ts'
import { addPortalUserView, decodeAddMetadata } from '../../../src/slack/blocks/portal-add-user.ts'
import {
  PORTAL_ROWS_PER_PAGE,
  type PortalListData,
  type PortalUserRow,
  portalListReply,
} from '../../../src/slack/blocks/portal-users.ts'
import {
  categoryFromText,
  type PortalStatus,
  parseListRef,
  parseRowRef,
} from '../../../src/slack/blocks/portal-values.ts'
import { ACTION, BLOCK, CALLBACK } from '../../../src/slack/ids.ts'
import { validateMessageContent, validateView } from '../../support/slack-spec/block-kit-validator.ts'
import { expectSafe, HOSTILE } from '../hostile-text.ts'
import { buttons, shownText } from '../subcommands/driver.ts'

const CUSTOMER = { id: 7, name: 'Zylker' }

function user(id: number, status: PortalStatus, extra: Partial<PortalUserRow> = {}): PortalUserRow {
  return {
    id,
    name: `User ${id}`,
    email: `u${id}@zylker.example`,
    status,
    role: 'operator',
    isAdmin: false,
    invitedAt: status === 'unconfirmed' ? new Date('2026-12-01T09:00:00Z') : null,
    ...extra,
  }
}

function data(users: PortalUserRow[], customer = CUSTOMER): PortalListData {
  const counts = { enabled: 0, disabled: 0, unconfirmed: 0 }
  for (const u of users) counts[u.status] += 1
  return { customer, users, counts }
}

const valid = (reply: { text: { text: string }; blocks?: KnownBlock[] }) =>
  validateMessageContent({ text: reply.text.text, blocks: reply.blocks as never })

interface Button {
  actionId: string
  value?: string
  text: string
}
/** Buttons of a row, by the portal user the value names. */
const rowButtons = (blocks: unknown, portalUserId: number): Button[] =>
  buttons(blocks).filter((b) => parseRowRef(b.value)?.portalUserId === portalUserId)

/** Every button object (with its confirm) in the blocks. */
function buttonObjects(blocks: unknown): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = []
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk)
    if (typeof v !== 'object' || v === null) return
    const o = v as Record<string, unknown>
    if (o.type === 'button') found.push(o)
    for (const child of Object.values(o)) walk(child)
  }
  walk(blocks)
  return found
}

describe('/msp portal list', () => {
  const book = [
    user(1, 'enabled', { name: 'Dana', isAdmin: true }),
    user(2, 'disabled', { name: 'Eli' }),
    user(3, 'unconfirmed', { name: 'Fay' }),
  ]

  it('gives each row only the actions that apply to its status, each with a Yes dialog naming user and effect', () => {
    const reply = portalListReply(data(book), { category: 'all', page: 0 }, { canManage: true })
    expect(valid(reply)).toEqual([])
    expect(rowButtons(reply.blocks, 1).map((b) => b.text)).toEqual(['Disable', 'Delete'])
    expect(rowButtons(reply.blocks, 2).map((b) => b.text)).toEqual(['Enable', 'Delete'])
    expect(rowButtons(reply.blocks, 3).map((b) => b.text)).toEqual(['Reinvite', 'Delete'])
    const rowActions = buttonObjects(reply.blocks).filter((b) => parseRowRef(b.value as string))
    expect(rowActions).toHaveLength(6)
    for (const b of rowActions) {
      const confirm = b.confirm as {
        confirm: { text: string }
        text: { text: string }
        deny: { text: string }
      }
      expect(confirm.confirm.text).toBe('Yes')
      expect(confirm.deny.text).toBe('Cancel')
      const ref = parseRowRef(b.value as string)
      const named = book.find((u) => u.id === ref?.portalUserId)
      expect(confirm.text.text).toContain(`*${named?.name}*`)
      expect(confirm.text.text).toContain(named?.email)
      expect(confirm.text.text).toContain('Zylker')
    }
    const deleteUnconfirmed = buttonObjects(reply.blocks).find(
      (b) => b.action_id === ACTION.portalDelete && parseRowRef(b.value as string)?.portalUserId === 3,
    )
    expect(JSON.stringify(deleteUnconfirmed?.confirm)).toContain('invitation link stops working')
    const reinvite = buttonObjects(reply.blocks).find((b) => b.action_id === ACTION.portalReinvite)
    expect(JSON.stringify(reinvite?.confirm)).toContain('new invitation email')
  })

  it('groups all users by status under headings, and shows one category alone', () => {
    const all = portalListReply(data(book), { category: 'all', page: 0 }, { canManage: true })
    const text = shownText(all.blocks?.slice(1)) // after the heading and its category select
    expect(text.indexOf('*Enabled* (1)')).toBeLessThan(text.indexOf('Dana'))
    expect(text.indexOf('Dana')).toBeLessThan(text.indexOf('*Disabled* (1)'))
    expect(text.indexOf('*Disabled* (1)')).toBeLessThan(text.indexOf('Eli'))
    expect(text.indexOf('*Unconfirmed* (1)')).toBeLessThan(text.indexOf('Fay'))
    expect(text).toContain('portal admin')
    expect(text).toContain('invited 2026-12-01')

    const disabled = portalListReply(data(book), { category: 'disabled', page: 0 }, { canManage: true })
    expect(valid(disabled)).toEqual([])
    const shown = shownText(disabled.blocks)
    expect(shown).toContain('Eli')
    expect(shown).not.toContain('Dana')
    expect(shown).not.toContain('Fay')
    expect(disabled.text.text).toBe('Portal users of Zylker (disabled): 1 enabled, 1 disabled, 1 unconfirmed')
  })

  it('offers a category select whose options carry the customer and category, the current one selected', () => {
    const reply = portalListReply(data(book), { category: 'unconfirmed', page: 0 }, { canManage: true })
    const heading = reply.blocks?.[0] as unknown as { accessory: Record<string, unknown> }
    expect(heading.accessory.action_id).toBe(ACTION.portalCategory)
    const options = heading.accessory.options as Array<{ text: { text: string }; value: string }>
    expect(options.map((o) => o.text.text)).toEqual([
      'All (3)',
      'Enabled (1)',
      'Disabled (1)',
      'Unconfirmed (1)',
    ])
    expect(options.map((o) => parseListRef(o.value))).toEqual([
      { customerId: 7, category: 'all', page: 0 },
      { customerId: 7, category: 'enabled', page: 0 },
      { customerId: 7, category: 'disabled', page: 0 },
      { customerId: 7, category: 'unconfirmed', page: 0 },
    ])
    expect((heading.accessory.initial_option as { value: string }).value).toBe(options[3]?.value)
  })

  it('shows viewers the rows without any button', () => {
    const reply = portalListReply(data(book), { category: 'all', page: 0 }, { canManage: false })
    expect(valid(reply)).toEqual([])
    expect(buttons(reply.blocks)).toEqual([])
    expect(shownText(reply.blocks)).toContain('Dana')
    expect(shownText(reply.blocks)).toContain('needs the technician role')
  })

  it('offers Add portal user to those who manage', () => {
    const reply = portalListReply(data([]), { category: 'all', page: 0 }, { canManage: true })
    expect(valid(reply)).toEqual([])
    const add = buttons(reply.blocks).find((b) => b.actionId === ACTION.portalAdd)
    expect(add?.text).toBe('Add portal user')
    expect(parseListRef(add?.value)).toEqual({ customerId: 7, category: 'all', page: 0 })
    expect(shownText(reply.blocks)).toContain('Zylker has no portal users yet.')
  })

  it('pages a large list within the block limit, with Previous and Next', () => {
    const many = Array.from({ length: 95 }, (_, i) =>
      user(i + 1, (['enabled', 'disabled', 'unconfirmed'] as const)[i % 3] ?? 'enabled'),
    )
    const seen = new Set<number>()
    let page = 0
    for (;;) {
      const reply = portalListReply(
        data(many),
        { category: 'all', page },
        { canManage: true, notice: undefined },
      )
      expect(valid(reply)).toEqual([])
      expect(reply.blocks?.length).toBeLessThanOrEqual(MESSAGE_BLOCKS_MAX)
      const ids = [...new Set(buttons(reply.blocks).flatMap((b) => parseRowRef(b.value)?.portalUserId ?? []))]
      expect(ids.length).toBeLessThanOrEqual(PORTAL_ROWS_PER_PAGE)
      for (const id of ids) seen.add(id)
      const nav = buttons(reply.blocks).filter((b) =>
        [ACTION.portalPrevPage, ACTION.portalNextPage].includes(b.actionId as never),
      )
      expect(nav.map((b) => b.text)).toEqual(
        page === 0 ? ['Next'] : page === 4 ? ['Previous'] : ['Previous', 'Next'],
      )
      expect(shownText(reply.blocks)).toContain(`Page ${page + 1} of 5`)
      const next = nav.find((b) => b.text === 'Next')
      if (!next) break
      page = parseListRef(next.value)?.page ?? -1
    }
    expect(page).toBe(4)
    expect(seen.size).toBe(95)
  })

  it('stays within the block limit with a notice and every status on the page, for viewers too', () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      user(i + 1, i < 2 ? 'enabled' : i < 4 ? 'disabled' : 'unconfirmed'),
    )
    for (const canManage of [true, false]) {
      const reply = portalListReply(
        data(many),
        { category: 'all', page: 0 },
        { canManage, notice: escaped(HOSTILE.portalUser) },
      )
      expect(reply.blocks?.length).toBeLessThanOrEqual(MESSAGE_BLOCKS_MAX)
    }
  })

  it('shows the last page when asked for one beyond it (the list shrank)', () => {
    const reply = portalListReply(data(book), { category: 'all', page: 9 }, { canManage: true })
    expect(shownText(reply.blocks)).toContain('Dana')
    expect(parseRowRef(buttons(reply.blocks)[1]?.value)?.page).toBe(0)
  })

  it('keeps the effect in a Yes dialog with the longest names and emails', () => {
    const long = user(1, 'enabled', {
      name: 'N'.repeat(100),
      email: `${'e'.repeat(64)}@${'d'.repeat(60)}.example`,
    })
    const reply = portalListReply(
      data([long], { id: 7, name: 'C'.repeat(200) }),
      { category: 'all', page: 0 },
      { canManage: true },
    )
    expect(valid(reply)).toEqual([])
    const disable = buttonObjects(reply.blocks).find((b) => b.action_id === ACTION.portalDisable)
    const confirm = disable?.confirm as { text: { text: string } } | undefined
    const text = confirm?.text.text ?? ''
    expect(text.length).toBeLessThanOrEqual(300)
    expect(text).toMatch(/^Disable \*N+…\*\? They can no longer sign in to the portal, until enabled again\./)
  })

  it('escapes hostile names and emails once, in rows, dialogs and the top-level text', () => {
    const hostileCustomer = { id: 9, name: HOSTILE.customer }
    const rows = [
      user(1, 'enabled', { name: HOSTILE.portalUser, email: HOSTILE.email }),
      user(2, 'unconfirmed', { name: HOSTILE.user, email: 'x&y@evil.example' }),
    ]
    const reply = portalListReply(
      data(rows, hostileCustomer),
      { category: 'all', page: 0 },
      { canManage: true },
    )
    expect(valid(reply)).toEqual([])
    expectSafe(reply.blocks, {
      shownInMrkdwn: [HOSTILE.portalUser, HOSTILE.email, HOSTILE.user, HOSTILE.customer, 'x&y@evil.example'],
    })
    expectSafe({}, { topLevelText: reply.text.text, shownInMrkdwn: [] })
    expect(reply.text.text).toContain('&lt;!channel&gt;')
  })
})

describe('Add portal user modal', () => {
  const meta = { channel: 'C1', responseUrl: 'https://hooks.slack.com/x', list: { s: 'all' as const, p: 0 } }

  it('asks Name, Email and Role (default Operator), and Portal admin only while the customer has none', () => {
    const view = addPortalUserView({ customer: CUSTOMER, hasAdmin: false }, meta)
    expect(validateView(view, 'modal')).toEqual([])
    expect(view.callback_id).toBe(CALLBACK.addPortalUser)
    const inputs = view.blocks.filter((b) => b.type === 'input') as unknown as Array<Record<string, unknown>>
    expect(inputs.map((b) => [b.block_id, (b.label as { text: string }).text])).toEqual([
      [BLOCK.portalName, 'Name'],
      [BLOCK.portalEmail, 'Email'],
      [BLOCK.portalRole, 'Role'],
      [BLOCK.portalAdmin, 'Portal admin'],
    ])
    const role = inputs[2]?.element as {
      options: unknown[]
      initial_option: { value: string; text: { text: string } }
    }
    expect(role.initial_option.text.text).toBe('Operator (MSP Customer)')
    expect(role.options).toHaveLength(7)
    expect(decodeAddMetadata(view.private_metadata)).toEqual({ ...meta, id: 7 })

    const withAdmin = addPortalUserView({ customer: CUSTOMER, hasAdmin: true }, meta)
    expect(validateView(withAdmin, 'modal')).toEqual([])
    expect(withAdmin.blocks.some((b) => b.block_id === BLOCK.portalAdmin)).toBe(false)
  })

  it('shows a hostile customer name escaped once', () => {
    const view = addPortalUserView({ customer: { id: 1, name: HOSTILE.customer }, hasAdmin: false }, {})
    expect(validateView(view, 'modal')).toEqual([])
    expectSafe(view.blocks, { shownInMrkdwn: [HOSTILE.customer] })
  })

  it('reads forged metadata as none', () => {
    expect(decodeAddMetadata('{"id":"x"}')).toEqual({})
    expect(decodeAddMetadata('not json')).toEqual({})
  })
})

describe('portal button values', () => {
  it('refuses values this app did not build', () => {
    expect(parseRowRef('{"c":1,"s":"all","p":0}')).toBeNull()
    expect(parseRowRef('{"c":1,"s":"weird","p":0,"u":2}')).toBeNull()
    expect(parseRowRef('{"c":1,"s":"all","p":0,"u":-2}')).toBeNull()
    expect(parseRowRef('{"c":1,"s":"all"')).toBeNull()
    expect(parseListRef(undefined)).toBeNull()
    expect(parseRowRef('{"c":1,"s":"all","p":0,"u":2}')).toEqual({
      customerId: 1,
      category: 'all',
      page: 0,
      portalUserId: 2,
    })
  })

  it('reads a category typed after the customer', () => {
    expect(categoryFromText('Enabled')).toBe('enabled')
    expect(categoryFromText(' unconfirmed ')).toBe('unconfirmed')
    expect(categoryFromText('all')).toBeNull()
    expect(categoryFromText('zylker')).toBeNull()
  })
})
