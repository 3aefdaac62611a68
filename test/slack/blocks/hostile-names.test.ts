// Every view builder with a hostile book: no name from data becomes markup in mrkdwn or a message's
// top-level text; each is shown whole and escaped once; plain_text shows it as it is.
import { describe, expect, it } from 'vitest'
import { changedMeanwhileMessage, problemMessage } from '../../../src/messages/problems.ts'
import { alertGroupFixMessage, groupDeletedMessage } from '../../../src/messages/results.ts'
import type { BlockView, PlanView } from '../../../src/services/associations/plan-view.ts'
import { ServiceError } from '../../../src/services/errors.ts'
import type { AuditRow } from '../../../src/services/queries/audit.ts'
import { auditLine } from '../../../src/slack/blocks/audit-list.ts'
import { linesToSections } from '../../../src/slack/blocks/block-kit.ts'
import { customerGroupView, groupUsersView } from '../../../src/slack/blocks/customer-group.ts'
import { customerListBlocks } from '../../../src/slack/blocks/customer-list.ts'
import { customerPreferencesView } from '../../../src/slack/blocks/customer-preferences.ts'
import { groupListBlocks } from '../../../src/slack/blocks/group-list.ts'
import { helpText, unknownSubcommandText } from '../../../src/slack/blocks/help.ts'
import { homeView, strangerHomeView } from '../../../src/slack/blocks/home.ts'
import { MESSAGE_BLOCKS_MAX } from '../../../src/slack/blocks/limits.ts'
import { lookupProblem } from '../../../src/slack/blocks/lookup-problem.ts'
import {
  bold,
  clipMrkdwn,
  code,
  escaped,
  escapeMrkdwn,
  joinMrkdwn,
  link,
  mention,
  mrkdwn,
} from '../../../src/slack/blocks/mrkdwn.ts'
import { mspUserView } from '../../../src/slack/blocks/msp-user.ts'
import { noticeView } from '../../../src/slack/blocks/notice.ts'
import {
  failureNotificationBlocks,
  failureNotificationText,
  planPreviewView,
} from '../../../src/slack/blocks/plan-preview.ts'
import { userMessageFor } from '../../../src/slack/error-messages.ts'
import { validateMessageContent, validateView } from '../../support/slack-spec/block-kit-validator.ts'
import { escapedOnce, expectSafe, HOSTILE, markupProblems } from '../hostile-text.ts'

const { customer: CUSTOMER, user: USER, group: GROUP, email: EMAIL, alertGroup: ALERT } = HOSTILE
const META = { channel: 'C1', responseUrl: 'https://hooks.slack.com/commands/T1/1/x' }

const customerRef = { id: 1, name: CUSTOMER }
const userRef = { id: 2, name: USER }
const groupRef = { id: 3, name: GROUP }

const accountContactBlock: BlockView = {
  userId: 2,
  customerId: 1,
  user: USER,
  customer: CUSTOMER,
  reason: `${USER} is the Account Contact of ${CUSTOMER}`,
  fix: `change the Account Contact of ${CUSTOMER} first`,
  fixAction: { kind: 'change-account-contact' },
}
const alertBlock: BlockView = {
  ...accountContactBlock,
  reason: `removing ${USER} would leave alert group ${ALERT} of ${CUSTOMER} with no members`,
  fix: `remove ${USER} from alert group ${ALERT} or delete the group first`,
  fixAction: { kind: 'remove-from-alert-group', alertGroupId: 9, alertGroup: ALERT },
}
const plan: PlanView = {
  removed: [{ userId: 2, customerId: 1, user: USER, customer: CUSTOMER }],
  kept: [{ userId: 2, customerId: 4, user: USER, customer: CUSTOMER, keptBy: `group ${GROUP}` }],
  added: [{ userId: 2, customerId: 5, user: USER, customer: CUSTOMER }],
  blocked: [accountContactBlock, alertBlock],
}
const ALL = [CUSTOMER, USER, GROUP]

const auditRow = (over: Partial<AuditRow> = {}): AuditRow => ({
  id: 1,
  at: new Date('2026-01-02T03:04:00Z'),
  when: '2026-01-02 03:04',
  actorSlackId: null,
  actorName: USER,
  action: 'group.edit',
  targetType: 'group',
  targetName: GROUP,
  customers: [CUSTOMER],
  before: null,
  after: { associations: `${USER} removed from ${CUSTOMER}; ${USER} kept on ${CUSTOMER} via group ${GROUP}` },
  ...over,
})

describe('mrkdwn helpers', () => {
  it('escape &, < and > exactly once: interpolated text is escaped, built Mrkdwn passes as is', () => {
    expect(escapeMrkdwn(CUSTOMER)).toBe('&lt;!channel&gt; Evil &amp; &lt;https://phish.example|Bank&gt;')
    const name = bold(CUSTOMER)
    expect(mrkdwn`Hello ${name}, ${USER}!`.text).toBe(
      `Hello *${escapedOnce(CUSTOMER)}*, ${escapedOnce(USER)}!`,
    )
    expect(mrkdwn`${mrkdwn`${mrkdwn`${'a & b'}`}`}`.text).toBe('a &amp; b') // never &amp;amp;
    expect(mrkdwn`${'&amp;'}`.text).toBe('&amp;amp;') // a name that really says "&amp;" reads so
    expect(mrkdwn`${42} items`.text).toBe('42 items')
    expect(joinMrkdwn([bold(USER), GROUP], ' & ').text).toBe(
      `*${escapedOnce(USER)}* &amp; ${escapedOnce(GROUP)}`,
    )
    expect(code('/msp customer <name>').text).toBe('`/msp customer &lt;name&gt;`')
    expect(escaped(EMAIL).text).toBe('a&amp;b&lt;@x&gt;@evil.example')
  })

  it('a Mrkdwn is not a string: JSON of it is empty, so it cannot slip into a payload unnoticed', () => {
    expect(JSON.stringify(escaped('x'))).toBe('{}')
  })

  it('mentions only user ids; anything else is shown as text', () => {
    expect(mention('U0123ABCD').text).toBe('<@U0123ABCD>')
    expect(mention('W0123').text).toBe('<@W0123>')
    expect(mention('U1> <!channel').text).toBe('U1&gt; &lt;!channel')
    expect(mention('!channel').text).toBe('!channel')
  })

  it('links are built from an http(s)/mailto URL with an escaped label', () => {
    expect(link('https://msp.example/invite?a=1&b=2', `Join ${CUSTOMER}`).text).toBe(
      `<https://msp.example/invite?a=1&amp;b=2|Join ${escapedOnce(CUSTOMER)}>`,
    )
    expect(link('https://msp.example/x|y>z', 'x').text).toBe('<https://msp.example/x%7Cy%3Ez|x>')
    expect(() => link('javascript:alert(1)', 'x')).toThrow(/not an http/)
  })

  it('clipping never cuts an entity or a mention in half', () => {
    const text = mrkdwn`${'x'.repeat(8)}${'&'}tail`
    for (let max = 2; max <= text.length; max++) {
      const clipped = clipMrkdwn(text, max).text
      expect(clipped.length).toBeLessThanOrEqual(max)
      expect(markupProblems(clipped)).toEqual([])
    }
    const withMention = mrkdwn`${'y'.repeat(5)}${mention('U0123ABCD')} after`
    for (let max = 2; max <= withMention.length; max++)
      expect(clipMrkdwn(withMention, max).text).not.toMatch(/<@[A-Z0-9]*…/)
  })
})

describe('the check itself', () => {
  it('catches raw names, bare &, double escapes, and escaped plain_text', () => {
    expect(markupProblems(CUSTOMER).length).toBeGreaterThanOrEqual(5) // <!, <http, two foreign <…>, bare &
    expect(markupProblems(`x ${USER}`)).not.toEqual([])
    expect(markupProblems(EMAIL)).not.toEqual([])
    expect(markupProblems('a &amp;lt; b')).not.toEqual([])
    expect(markupProblems('a > b')).not.toEqual([])
    expect(markupProblems(`<@U0PRIYA> ${escapedOnce(CUSTOMER)}`)).toEqual([])
    const raw = [{ type: 'section', text: { type: 'mrkdwn', text: `*${GROUP}*` } }]
    expect(() => expectSafe(raw)).toThrow()
    const escapedPlain = [{ type: 'header', text: { type: 'plain_text', text: escapedOnce(GROUP) } }]
    expect(() => expectSafe(escapedPlain)).toThrow()
    const missing = [{ type: 'section', text: { type: 'mrkdwn', text: 'G' } }]
    expect(() => expectSafe(missing, { shownInMrkdwn: [GROUP] })).toThrow()
  })
})

describe('view builders with hostile names', () => {
  it('/msp customers: rows and the rest as text', () => {
    const customers = Array.from({ length: 25 }, (_, i) => ({
      id: i + 1,
      name: i === 0 ? CUSTOMER : `${CUSTOMER} ${i}`,
      dataCenter: 'us',
      groups: [GROUP, 'Plain'],
      accountContact: USER,
    }))
    const blocks = customerListBlocks({ customers, total: customers.length })
    expect(validateMessageContent({ blocks: blocks as never })).toEqual([])
    expectSafe(blocks, { shownInMrkdwn: ALL })
  })

  it('/msp groups: rows with buttons, and beyond them as text', () => {
    for (const n of [2, 120]) {
      const groups = Array.from({ length: n }, (_, i) => ({
        id: i + 1,
        name: `${GROUP} ${i}`,
        isDefault: i === 0,
        customers: 1,
        users: 2,
      }))
      const blocks = groupListBlocks(groups)
      expect(validateMessageContent({ blocks: blocks as never })).toEqual([])
      expectSafe(blocks, { shownInMrkdwn: [`${GROUP} 0`, `${GROUP} ${n - 1}`] })
    }
  })

  it('Edit Customer Preferences: the name in a section, the selections as plain_text options', () => {
    const data = {
      customer: customerRef,
      groups: [groupRef],
      directUsers: [userRef],
      accountContact: userRef,
    }
    for (const notice of [undefined, changedMeanwhileMessage(CUSTOMER)]) {
      const view = customerPreferencesView(data, { ...META, subject: CUSTOMER }, notice)
      expect(validateView(view, 'modal')).toEqual([])
      expectSafe(view, { shownInMrkdwn: [CUSTOMER], shownInPlain: [GROUP, USER] })
    }
  })

  it('Edit Customer Group: the Delete dialog, Associated Users with emails', () => {
    const data = {
      group: { ...groupRef, isDefault: false },
      customers: [customerRef],
      users: [userRef],
      maxCustomersPerGroup: 20,
    }
    const view = customerGroupView(data, META, changedMeanwhileMessage(`Group ${GROUP}`))
    expect(validateView(view, 'modal')).toEqual([])
    const texts = expectSafe(view, {
      shownInMrkdwn: [GROUP],
      shownInPlain: [CUSTOMER, USER, `Delete ${GROUP}?`],
    })
    // The confirm dialog's text is mrkdwn and names the group escaped.
    expect(texts.mrkdwn.some((t) => t.startsWith(`Delete the customer group *${escapedOnce(GROUP)}*?`))).toBe(
      true,
    )

    const users = groupUsersView(groupRef, [{ ...userRef, email: EMAIL, role: 'technician' }])
    expect(validateView(users, 'modal')).toEqual([])
    expectSafe(users, { shownInMrkdwn: [GROUP, USER, EMAIL] })
  })

  it('Edit User: name and email; role read-only or a select', () => {
    for (const canChangeRole of [true, false]) {
      const view = mspUserView(
        {
          user: { ...userRef, email: EMAIL, role: 'manager' },
          groups: [groupRef],
          maxGroupsPerUser: 10,
          canChangeRole,
        },
        META,
        changedMeanwhileMessage(USER),
      )
      expect(validateView(view, 'modal')).toEqual([])
      expectSafe(view, { shownInMrkdwn: [USER, EMAIL], shownInPlain: [GROUP] })
    }
  })

  it('previews (preview, stale, blocked): every pair, reason, fix, the subject; fix buttons in plain_text', () => {
    for (const kind of ['preview', 'stale', 'blocked'] as const) {
      const view = planPreviewView(kind, `group ${GROUP}`, plan, { ...META, pendingId: 'p1' })
      expect(validateView(view, 'modal')).toEqual([])
      expectSafe(view, {
        shownInMrkdwn: [...ALL, ALERT, accountContactBlock.reason, alertBlock.fix],
        ...(kind === 'blocked' ? { shownInPlain: [`Remove ${USER} from ${ALERT}`] } : {}),
      })
    }
  })

  it('the blocked-save notification: blocks, top-level text, the actor a real mention', () => {
    for (const actor of ['U0PRIYA', null]) {
      const blocks = failureNotificationBlocks(actor, `group ${GROUP}`, plan)
      const text = failureNotificationText(`group ${GROUP}`, plan).text
      expect(validateMessageContent({ text, blocks: blocks as never })).toEqual([])
      const texts = expectSafe(blocks, {
        shownInMrkdwn: [...ALL, ALERT, accountContactBlock.reason, alertBlock.fix],
        topLevelText: text,
      })
      expect(markupProblems(text)).toEqual([])
      expect(text).toContain(
        `Blocked save of group ${escapedOnce(GROUP)}: ${escapedOnce(USER)} on ${escapedOnce(CUSTOMER)}`,
      )
      if (actor) expect(texts.mrkdwn[0]).toContain(`<@${actor}> tried to save`)
    }
  })

  it('/msp audit lines: actor mention or escaped name, target, clipped summary', () => {
    const rows = [
      auditRow(),
      auditRow({
        actorSlackId: 'U0PRIYA',
        action: 'customer.preferences.blocked',
        targetType: 'customer',
        targetName: CUSTOMER,
      }),
      auditRow({ actorSlackId: '<!channel>', after: { associations: `${CUSTOMER} & `.repeat(40) } }),
    ]
    const lines = rows.map(auditLine)
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(300)
    const blocks = linesToSections(lines, MESSAGE_BLOCKS_MAX)
    expect(validateMessageContent({ blocks: blocks as never })).toEqual([])
    expectSafe(blocks, { shownInMrkdwn: ALL })
    expect(lines[1]?.text).toContain('<@U0PRIYA>')
  })

  it('App Home: greeting and recent blocked saves; a stranger’s Home', () => {
    const view = homeView({
      name: USER,
      role: 'admin',
      customers: 1,
      groups: 1,
      users: 1,
      failures: [
        {
          at: new Date('2026-01-02T03:04:00Z'),
          actorName: USER,
          targetName: `group ${GROUP}`,
          after: { blocked: [{ user: USER, customer: CUSTOMER, fix: accountContactBlock.fix }, {}] },
        },
      ],
      pendingPlans: 0,
    })
    expect(validateView(view, 'home')).toEqual([])
    expectSafe(view, { shownInMrkdwn: [...ALL, accountContactBlock.fix] })
    const stranger = strangerHomeView(
      problemMessage({ code: 'staff.unknown', email: EMAIL, needed: 'viewer' }),
    )
    expectSafe(stranger, { shownInMrkdwn: [EMAIL] })
  })

  it('answers that quote names or what was typed: lookups, help, notices, results, errors', () => {
    const answers = [
      lookupProblem(
        'customer',
        USER,
        { kind: 'ambiguous', candidates: [customerRef, groupRef] },
        '/msp customer <name>',
      ),
      lookupProblem(
        'customer',
        CUSTOMER,
        { kind: 'missing', suggestions: [CUSTOMER, GROUP] },
        '/msp customer <name>',
      ),
      unknownSubcommandText('<!channel>', [
        { name: 'customers', usage: '/msp customers [search]', summary: 'x', capability: 'read' },
      ]),
      helpText([
        {
          name: 'customer',
          usage: '/msp customer <name>',
          summary: 'Edit & <more>',
          capability: 'editAssociations',
        },
      ]),
      escaped(
        alertGroupFixMessage({ done: 'memberRemoved', user: USER, alertGroup: ALERT, customer: CUSTOMER }),
      ),
      escaped(groupDeletedMessage(GROUP)),
      userMessageFor(new ServiceError({ code: 'group.nameTaken', name: GROUP })),
      userMessageFor({ code: 'slack_webapi_platform_error', data: { error: '<!channel>' } }),
    ]
    for (const answer of answers) {
      expect(answer).not.toBeNull()
      expect(markupProblems(answer?.text ?? '')).toEqual([])
    }
    expect(answers[0]?.text).toContain(`“${escapedOnce(USER)}”`)
    expect(answers[1]?.text).toContain(`Did you mean *${escapedOnce(CUSTOMER)}* or *${escapedOnce(GROUP)}*?`)
    expect(answers[2]?.text).toContain('Unknown subcommand “&lt;!channel&gt;”')
    const notice = noticeView('Not saved', escaped(problemMessage({ code: 'user.lastAdmin', user: USER })))
    expect(validateView(notice, 'modal')).toEqual([])
    expectSafe(notice, { shownInMrkdwn: [USER] })
  })
})
