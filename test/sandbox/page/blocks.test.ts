// The Block Kit renderer on views the app really builds (its own block builders) and on one view with
// every element the sandbox renders: labelled controls, confirm dialogs, initial values, and hostile
// names that never become markup.
import { describe, expect, it } from 'vitest'
import { renderBlocks } from '../../../src/sandbox/page/blocks.ts'
import { idMaker } from '../../../src/sandbox/page/ids.ts'
import { NO_NAMES } from '../../../src/sandbox/page/mrkdwn.ts'
import type { BlockView, PlanView } from '../../../src/services/associations/plan-view.ts'
import { customerGroupView } from '../../../src/slack/blocks/customer-group.ts'
import { failureNotificationBlocks, planPreviewView } from '../../../src/slack/blocks/plan-preview.ts'
import { HOSTILE } from '../../slack/hostile-text.ts'
import { htmlProblems, readable } from './html-check.ts'

const render = (blocks: unknown[], values = {}, errors = {}) =>
  renderBlocks(blocks, { names: NO_NAMES, ids: idMaker('t'), values, errors }).text

/** Each form control in the markup and how it is named: by aria-label, aria-labelledby or a <label for>. */
function unnamedControls(markup: string): string[] {
  const labelled = new Set([...markup.matchAll(/<label for="([^"]+)"/g)].map((m) => m[1]))
  const ids = new Set([...markup.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]))
  return [...markup.matchAll(/<(input|select|textarea)\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => {
      if (/aria-label="[^"]+"/.test(tag)) return false
      const by = tag.match(/aria-labelledby="([^"]+)"/)?.[1]
      if (by) return !ids.has(by)
      const id = tag.match(/\sid="([^"]+)"/)?.[1]
      return !(id && labelled.has(id))
    })
}

const group = (name: string) =>
  customerGroupView(
    {
      group: { id: 7, name, isDefault: true },
      customers: [
        { id: 1, name: 'Zylker' },
        { id: 2, name: HOSTILE.customer },
      ],
      users: [{ id: 3, name: HOSTILE.user }],
      maxCustomersPerGroup: 20,
    },
    {},
  )

const blocked: BlockView = {
  userId: 3,
  customerId: 1,
  user: HOSTILE.user,
  customer: HOSTILE.customer,
  reason: 'is the Account Contact',
  fix: 'change the Account Contact first',
  fixAction: { kind: 'change-account-contact' },
}
const plan: PlanView = { removed: [], kept: [], added: [], blocked: [blocked] }

describe('Block Kit as HTML', () => {
  it('the checker itself finds injected markup (so the tests below can fail)', () => {
    expect(htmlProblems('<img src=x onerror=alert(1)>')).not.toEqual([])
    expect(htmlProblems('<p onclick="x">hi</p>')).not.toEqual([])
    expect(htmlProblems('<a href="javascript:alert(1)">x</a>')).not.toEqual([])
    expect(htmlProblems('<b>x</b>')).not.toEqual([])
    expect(unnamedControls('<input type="text">')).toHaveLength(1)
  })

  it('Edit Customer Group: labelled fields with their initial values, chips, a danger button with its confirm', () => {
    const view = group('Zoho')
    const out = render(view.blocks)
    expect(htmlProblems(out)).toEqual([])
    expect(unnamedControls(out)).toEqual([])
    expect(out).toMatch(/<input type="text" [^>]*aria-labelledby="[^"]+"[^>]*value="Zoho">/)
    expect(out).toContain('aria-label="Remove Zylker"')
    expect(out).toContain(
      `data-text="${HOSTILE.customer.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}"`,
    )
    expect(out).toMatch(/<input type="checkbox" [^>]*value="default" checked>/)
    expect(out).toMatch(
      /<button type="button" class="btn danger"[^>]*data-confirm="([^"]+)">Delete Group<\/button><dialog class="confirm" id="\1"/,
    )
    expect(readable(out)).toContain(
      'Delete the customer group Zoho? A group can be deleted only when it has no customers.',
    )
    expect(readable(out)).toContain('Associate Customers')
    expect(readable(out)).toContain('(optional)')
  })

  it('hostile group, customer and user names show as text in every renderer', () => {
    const outs = [
      render(group(HOSTILE.group).blocks),
      render(planPreviewView('blocked', `group ${HOSTILE.group}`, plan, {}).blocks),
      render(failureNotificationBlocks('U0ALEX', `group ${HOSTILE.group}`, plan)),
    ]
    for (const out of outs) {
      expect(htmlProblems(out)).toEqual([])
      expect(unnamedControls(out)).toEqual([])
    }
    expect(readable(outs[1] ?? '')).toContain(HOSTILE.customer)
    expect(readable(outs[2] ?? '')).toContain(`group ${HOSTILE.group}`)
  })

  it('values the page last sent win over the initial ones; errors show under their field', () => {
    const view = group('Zoho')
    const out = render(
      view.blocks,
      {
        group_name: { group_name: { type: 'plain_text_input', value: 'Zoho 2' } },
        customers: {
          pick_customers: {
            type: 'multi_external_select',
            selected_options: [{ text: { type: 'plain_text', text: 'Acme' }, value: '9' }],
          },
        },
      },
      { customers: 'At most 20 customers' },
    )
    const blockIds = [...out.matchAll(/data-block-id="([^"]+)"/g)].map((m) => m[1])
    expect(blockIds).toContain('customers')
    expect(out).toContain('<p class="field-error" id="error-customers" role="alert">At most 20 customers</p>')
    expect(out).toContain('aria-label="Remove Acme"')
    expect(out).not.toContain('aria-label="Remove Zylker"')
  })

  it('every element the sandbox renders, each named and wired for the script', () => {
    const option = (v: string) => ({ text: { type: 'plain_text', text: `Option ${v}` }, value: v })
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'All <elements>' } },
      {
        type: 'section',
        block_id: 's',
        text: { type: 'mrkdwn', text: '*Fields*' },
        fields: [
          { type: 'mrkdwn', text: 'a' },
          { type: 'plain_text', text: 'b' },
        ],
        accessory: { type: 'overflow', action_id: 'more', options: [option('1'), option('2')] },
      },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: 'ctx' },
          { type: 'image', image_url: 'javascript:x', alt_text: 'evil' },
        ],
      },
      { type: 'divider' },
      {
        type: 'actions',
        block_id: 'a',
        elements: [
          {
            type: 'button',
            action_id: 'go',
            text: { type: 'plain_text', text: 'Go' },
            style: 'primary',
            value: 'v',
          },
          {
            type: 'static_select',
            action_id: 'pick',
            placeholder: { type: 'plain_text', text: 'Pick one' },
            option_groups: [{ label: { type: 'plain_text', text: 'G' }, options: [option('x')] }],
          },
          {
            type: 'external_select',
            action_id: 'ext',
            placeholder: { type: 'plain_text', text: 'Find' },
            min_query_length: 0,
          },
          {
            type: 'radio_buttons',
            action_id: 'radio',
            options: [option('r1'), option('r2')],
            initial_option: option('r2'),
          },
        ],
      },
      {
        type: 'input',
        block_id: 'i1',
        label: { type: 'plain_text', text: 'Notes' },
        element: {
          type: 'plain_text_input',
          action_id: 'notes',
          multiline: true,
          initial_value: '</textarea><b>',
        },
      },
      {
        type: 'input',
        block_id: 'i2',
        label: { type: 'plain_text', text: 'Email' },
        hint: { type: 'plain_text', text: 'work address' },
        element: { type: 'email_text_input', action_id: 'email' },
      },
      {
        type: 'input',
        block_id: 'i3',
        label: { type: 'plain_text', text: 'Seats' },
        element: { type: 'number_input', action_id: 'n', is_decimal_allowed: false, min_value: '1' },
      },
      {
        type: 'input',
        block_id: 'i4',
        label: { type: 'plain_text', text: 'CSV file' },
        element: { type: 'file_input', action_id: 'f', filetypes: ['csv', 'json'], max_files: 1 },
      },
      {
        type: 'input',
        block_id: 'i5',
        label: { type: 'plain_text', text: 'Many' },
        element: {
          type: 'multi_static_select',
          action_id: 'ms',
          options: [option('m1'), option('m2')],
          initial_options: [option('m2')],
        },
      },
      { type: 'rich_text', elements: [] },
    ]
    const out = render(blocks)
    expect(htmlProblems(out)).toEqual([])
    expect(unnamedControls(out)).toEqual([])
    expect(out).toContain('<h3>All &lt;elements&gt;</h3>')
    expect(out).toContain('<textarea ')
    expect(out).toContain('>&lt;/textarea&gt;&lt;b&gt;</textarea>')
    expect(out).toMatch(/<input type="email" [^>]*aria-describedby="[^"]*hint[^"]*"/)
    expect(out).toMatch(/<input type="number" [^>]*step="1" min="1"/)
    expect(out).toMatch(/<input type="file" [^>]*accept="\.csv,\.json"/)
    expect(out).not.toMatch(/<input type="file" [^>]*multiple/)
    expect(out).toContain('<optgroup label="G">')
    expect(out).toMatch(/<input type="radio" [^>]*value="r2" checked>/)
    expect(out).toMatch(/<select [^>]*multiple[^>]*>.*<option value="m2" selected>/)
    expect(out).toMatch(/class="ext-select" [^>]*data-min-query="0"/)
    expect(out).toContain('data-dispatch="1"')
    expect(out).toMatch(/<select [^>]*class="overflow" aria-label="More actions: Fields"/)
    expect(out).toContain('[evil]') // an image with a non-http URL is its alt text
    expect(readable(out)).toContain('Not shown by the sandbox: a rich_text block')
  })
})
