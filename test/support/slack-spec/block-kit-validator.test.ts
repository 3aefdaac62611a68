import { describe, expect, it } from 'vitest'
import { validateBlocks, validateOptionsResponse, validateView } from './block-kit-validator.ts'
import { validateAckBody } from './response-validator.ts'

const plain = (text: string) => ({ type: 'plain_text', text })
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text })
const option = (value: string, text = value) => ({ text: plain(text), value })
const x = (n: number) => 'x'.repeat(n)
const actions = (...elements: unknown[]) => [{ type: 'actions', elements }]
const button = (extra: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: 'b',
  text: plain('Go'),
  ...extra,
})
const select = (extra: Record<string, unknown>) => ({ type: 'static_select', action_id: 's', ...extra })
const confirm = (extra: Record<string, unknown> = {}) => ({
  title: plain('Sure?'),
  text: mrkdwn('Really?'),
  confirm: plain('Yes'),
  deny: plain('No'),
  ...extra,
})
const input = (element: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'input',
  label: plain('Name'),
  element,
  ...extra,
})
const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: plain('Edit'),
  submit: plain('Save'),
  blocks: [],
  ...extra,
})

describe('validateBlocks accepts valid Block Kit', () => {
  it('a realistic message', () => {
    const blocks = [
      { type: 'header', text: plain(x(150)) },
      { type: 'section', block_id: x(255), text: mrkdwn(x(3000)), accessory: button({ value: x(2000) }) },
      { type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn(x(2000))) },
      { type: 'divider' },
      { type: 'context', elements: Array.from({ length: 10 }, () => mrkdwn('c')) },
      {
        type: 'actions',
        elements: [
          button({ action_id: x(255), style: 'danger', confirm: confirm({ title: plain(x(100)) }) }),
          select({
            options: Array.from({ length: 100 }, (_, i) => option(`v${i}`)),
            initial_option: option('v3'),
          }),
          { type: 'overflow', action_id: 'o', options: [{ ...option('a'), url: 'https://x' }] },
          { type: 'users_select', action_id: 'u', placeholder: plain(x(150)) },
        ],
      },
      { type: 'image', image_url: 'https://x/y.png', alt_text: 'y' },
      { type: 'rich_text', elements: [] },
    ]
    expect(validateBlocks(blocks, 'message')).toEqual([])
  })

  it('a modal with every input element', () => {
    const blocks = [
      input({ type: 'plain_text_input', action_id: 'a', min_length: 0, max_length: 3000, multiline: true }),
      input({ type: 'email_text_input', action_id: 'b' }, { block_id: 'b' }),
      input(
        { type: 'number_input', action_id: 'c', is_decimal_allowed: false, min_value: '1', max_value: '9' },
        { block_id: 'c' },
      ),
      input(
        {
          type: 'multi_static_select',
          action_id: 'd',
          option_groups: [{ label: plain('G'), options: [option('1')] }],
          initial_options: [option('1')],
          max_selected_items: 1,
        },
        { block_id: 'd' },
      ),
      input(
        {
          type: 'checkboxes',
          action_id: 'e',
          options: [{ text: mrkdwn('*a*'), value: 'a', description: mrkdwn('d') }],
        },
        { block_id: 'e', optional: true },
      ),
      input({ type: 'datepicker', action_id: 'f', initial_date: '2024-02-29' }, { block_id: 'f' }),
      input({ type: 'timepicker', action_id: 'g', initial_time: '23:59' }, { block_id: 'g' }),
      input(
        { type: 'external_select', action_id: 'h', min_query_length: 0 },
        { block_id: 'h', hint: plain(x(2000)) },
      ),
      input(
        { type: 'file_input', action_id: 'i', max_files: 10, filetypes: ['csv'] },
        { block_id: 'i', label: plain(x(2000)) },
      ),
    ]
    expect(validateView(modal({ blocks, private_metadata: x(3000), callback_id: x(255) }), 'modal')).toEqual(
      [],
    )
  })
})

describe('validateBlocks rejects what Slack rejects', () => {
  const cases: Array<[string, unknown[], string]> = [
    [
      'section text over 3000',
      [{ type: 'section', text: mrkdwn(x(3001)) }],
      'blocks[0].text.text: must be at most 3000 characters, got 3001 (section.text)',
    ],
    [
      'empty section text',
      [{ type: 'section', text: mrkdwn('') }],
      'blocks[0].text.text: must be at least 1 characters, got 0',
    ],
    ['section without text or fields', [{ type: 'section' }], 'blocks[0]: a section needs text or fields'],
    [
      '11 section fields',
      [{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }],
      'blocks[0].fields: must have at most 10 items, got 11 (section.fields.count)',
    ],
    [
      'section field over 2000',
      [{ type: 'section', fields: [mrkdwn(x(2001))] }],
      'blocks[0].fields[0].text: must be at most 2000 characters, got 2001 (section.fields.text)',
    ],
    [
      'header over 150',
      [{ type: 'header', text: plain(x(151)) }],
      'blocks[0].text.text: must be at most 150 characters, got 151 (header.text)',
    ],
    [
      'mrkdwn header',
      [{ type: 'header', text: mrkdwn('h') }],
      'blocks[0].text.type: must be plain_text here, got mrkdwn',
    ],
    [
      'emoji on mrkdwn',
      [{ type: 'section', text: { ...mrkdwn('h'), emoji: true } }],
      'blocks[0].text.emoji: is not allowed in a mrkdwn text object',
    ],
    [
      'block_id over 255',
      [{ type: 'divider', block_id: x(256) }],
      'blocks[0].block_id: must be at most 255 characters, got 256 (block.block_id)',
    ],
    [
      'duplicate block_id',
      [
        { type: 'divider', block_id: 'a' },
        { type: 'divider', block_id: 'a' },
      ],
      'blocks[1].block_id: duplicate block_id "a"',
    ],
    ['unknown block type', [{ type: 'sectoin' }], 'blocks[0].type: unknown block type "sectoin"'],
    [
      'action_id over 255',
      actions(button({ action_id: x(256) })),
      'blocks[0].elements[0].action_id: must be at most 255 characters, got 256 (element.action_id)',
    ],
    [
      'duplicate action_id in a block',
      actions(button(), button()),
      'blocks[0].elements[1].action_id: duplicate action_id b in block',
    ],
    [
      'button text over 75',
      actions(button({ text: plain(x(76)) })),
      'blocks[0].elements[0].text.text: must be at most 75 characters, got 76 (button.text)',
    ],
    [
      'mrkdwn button text',
      actions(button({ text: mrkdwn('go') })),
      'blocks[0].elements[0].text.type: must be plain_text here, got mrkdwn',
    ],
    [
      'button value over 2000',
      actions(button({ value: x(2001) })),
      'blocks[0].elements[0].value: must be at most 2000 characters, got 2001 (button.value)',
    ],
    [
      'button url over 3000',
      actions(button({ url: x(3001) })),
      'blocks[0].elements[0].url: must be at most 3000 characters, got 3001 (button.url)',
    ],
    [
      'button accessibility_label over 75',
      actions(button({ accessibility_label: x(76) })),
      'blocks[0].elements[0].accessibility_label: must be at most 75 characters, got 76 (button.accessibility_label)',
    ],
    [
      'button style',
      actions(button({ style: 'secondary' })),
      'blocks[0].elements[0].style: must be one of primary, danger, got "secondary"',
    ],
    [
      '26 actions elements',
      actions(...Array.from({ length: 26 }, (_, i) => button({ action_id: `b${i}` }))),
      'blocks[0].elements: must have at most 25 items, got 26 (actions.elements.count)',
    ],
    [
      'empty actions',
      actions(),
      'blocks[0].elements: must have at least 1 items, got 0 (actions.elements.count)',
    ],
    [
      'plain_text_input in actions',
      actions({ type: 'plain_text_input', action_id: 'p' }),
      'blocks[0].elements[0].type: plain_text_input is not allowed in an actions block',
    ],
    [
      '11 context elements',
      [{ type: 'context', elements: Array.from({ length: 11 }, () => plain('c')) }],
      'blocks[0].elements: must have at most 10 items, got 11 (context.elements.count)',
    ],
    [
      'confirm title over 100',
      actions(button({ confirm: confirm({ title: plain(x(101)) }) })),
      'blocks[0].elements[0].confirm.title.text: must be at most 100 characters, got 101 (confirm.title)',
    ],
    [
      'confirm text over 300',
      actions(button({ confirm: confirm({ text: plain(x(301)) }) })),
      'blocks[0].elements[0].confirm.text.text: must be at most 300 characters, got 301 (confirm.text)',
    ],
    [
      'confirm button over 30',
      actions(button({ confirm: confirm({ confirm: plain(x(31)) }) })),
      'blocks[0].elements[0].confirm.confirm.text: must be at most 30 characters, got 31 (confirm.confirm)',
    ],
    [
      'deny button over 30',
      actions(button({ confirm: confirm({ deny: plain(x(31)) }) })),
      'blocks[0].elements[0].confirm.deny.text: must be at most 30 characters, got 31 (confirm.deny)',
    ],
    [
      'confirm without deny',
      actions(button({ confirm: confirm({ deny: undefined }) })),
      'blocks[0].elements[0].confirm.deny: is required',
    ],
    [
      '101 select options',
      actions(select({ options: Array.from({ length: 101 }, (_, i) => option(`v${i}`)) })),
      'blocks[0].elements[0].options: must have at most 100 items, got 101 (static_select.options.count)',
    ],
    [
      '101 option groups',
      actions(
        select({
          option_groups: Array.from({ length: 101 }, () => ({ label: plain('g'), options: [option('a')] })),
        }),
      ),
      'blocks[0].elements[0].option_groups: must have at most 100 items, got 101 (static_select.option_groups.count)',
    ],
    [
      'option group label over 75',
      actions(select({ option_groups: [{ label: plain(x(76)), options: [option('a')] }] })),
      'blocks[0].elements[0].option_groups[0].label.text: must be at most 75 characters, got 76 (option_group.label)',
    ],
    [
      'options and option_groups',
      actions(select({ options: [option('a')], option_groups: [] })),
      'blocks[0].elements[0]: must have exactly one of options or option_groups',
    ],
    [
      'option text over 75',
      actions(select({ options: [option('a', x(76))] })),
      'blocks[0].elements[0].options[0].text.text: must be at most 75 characters, got 76 (option.text)',
    ],
    [
      'option value over 150',
      actions(select({ options: [option(x(151), 'a')] })),
      'blocks[0].elements[0].options[0].value: must be at most 150 characters, got 151 (option.value)',
    ],
    [
      'option description over 75',
      actions(select({ options: [{ ...option('a'), description: plain(x(76)) }] })),
      'blocks[0].elements[0].options[0].description.text: must be at most 75 characters, got 76 (option.description)',
    ],
    [
      'mrkdwn option in a select',
      actions(select({ options: [{ text: mrkdwn('a'), value: 'a' }] })),
      'blocks[0].elements[0].options[0].text.type: must be plain_text here, got mrkdwn',
    ],
    [
      'url option outside overflow',
      actions(select({ options: [{ ...option('a'), url: 'https://x' }] })),
      'blocks[0].elements[0].options[0].url: is only allowed in overflow menus',
    ],
    [
      'overflow option url over 3000',
      actions({ type: 'overflow', options: [{ ...option('a'), url: x(3001) }] }),
      'blocks[0].elements[0].options[0].url: must be at most 3000 characters, got 3001 (option.url)',
    ],
    [
      '6 overflow options',
      actions({ type: 'overflow', options: Array.from({ length: 6 }, (_, i) => option(`${i}`)) }),
      'blocks[0].elements[0].options: must have at most 5 items, got 6 (extra:overflow.options (Overflow JSDoc))',
    ],
    [
      'initial_option not among options',
      actions(select({ options: [option('a')], initial_option: option('b') })),
      'blocks[0].elements[0].initial_option: must exactly match one of the element options',
    ],
    [
      'placeholder over 150',
      actions(select({ options: [option('a')], placeholder: plain(x(151)) })),
      'blocks[0].elements[0].placeholder.text: must be at most 150 characters, got 151 (select.placeholder)',
    ],
    [
      'max_selected_items 0',
      actions({ type: 'multi_users_select', action_id: 'm', max_selected_items: 0 }),
      'blocks[0].elements[0].max_selected_items: must be >= 1, got 0 (multi_static_select.max_selected_items)',
    ],
    [
      'input label over 2000',
      [input({ type: 'plain_text_input' }, { label: plain(x(2001)) })],
      'blocks[0].label.text: must be at most 2000 characters, got 2001 (input.label)',
    ],
    [
      'input hint over 2000',
      [input({ type: 'plain_text_input' }, { hint: plain(x(2001)) })],
      'blocks[0].hint.text: must be at most 2000 characters, got 2001 (input.hint)',
    ],
    ['input without element', [{ type: 'input', label: plain('x') }], 'blocks[0].element: is required'],
    [
      'button in an input',
      [input(button())],
      'blocks[0].element.type: button is not allowed in an input block',
    ],
    [
      'max_length over 3000',
      [input({ type: 'plain_text_input', max_length: 3001 })],
      'blocks[0].element.max_length: must be <= 3000, got 3001 (plain_text_input.max_length)',
    ],
    [
      'min_length over 3000',
      [input({ type: 'plain_text_input', min_length: 3001 })],
      'blocks[0].element.min_length: must be <= 3000, got 3001 (plain_text_input.min_length)',
    ],
    [
      'min_length > max_length',
      [input({ type: 'plain_text_input', min_length: 5, max_length: 4 })],
      'blocks[0].element: min_length must not exceed max_length',
    ],
    [
      'number_input without is_decimal_allowed',
      [input({ type: 'number_input' })],
      'blocks[0].element.is_decimal_allowed: is required (boolean)',
    ],
    [
      'bad initial_date',
      [input({ type: 'datepicker', initial_date: '01/02/2024' })],
      'blocks[0].element.initial_date: must be YYYY-MM-DD',
    ],
    [
      '11 checkboxes',
      [input({ type: 'checkboxes', options: Array.from({ length: 11 }, (_, i) => option(`${i}`)) })],
      'blocks[0].element.options: must have at most 10 items, got 11 (extra:checkboxes.options (Checkboxes JSDoc))',
    ],
    [
      'image without alt_text',
      [{ type: 'image', image_url: 'https://x' }],
      'blocks[0].alt_text: is required',
    ],
  ]

  it.each(cases)('%s', (_name, blocks, expected) => {
    expect(validateBlocks(blocks, 'modal').join('\n')).toContain(expected)
  })

  it('51 blocks in a message, 101 in a view', () => {
    const dividers = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }))
    expect(validateBlocks(dividers(50), 'message')).toEqual([])
    expect(validateBlocks(dividers(51), 'message')).toEqual([
      'blocks: must have at most 50 items, got 51 (message.blocks.count)',
    ])
    expect(validateBlocks(dividers(100), 'modal')).toEqual([])
    expect(validateView(modal({ blocks: dividers(101) }))).toEqual([
      'view.blocks: must have at most 100 items, got 101 (modal.blocks.count)',
    ])
    expect(validateView({ type: 'home', blocks: dividers(101) })).toEqual([
      'view.blocks: must have at most 100 items, got 101 (modal.blocks.count)',
    ])
  })
})

describe('validateView', () => {
  it.each([
    [{ title: plain(x(25)) }, 'view.title.text: must be at most 24 characters, got 25 (modal.title.text)'],
    [{ submit: plain(x(25)) }, 'view.submit.text: must be at most 24 characters, got 25 (modal.submit.text)'],
    [{ close: plain(x(25)) }, 'view.close.text: must be at most 24 characters, got 25 (modal.close.text)'],
    [{ title: undefined }, 'view.title: is required'],
    [{ title: mrkdwn('t') }, 'view.title.type: must be plain_text here, got mrkdwn'],
    [
      { private_metadata: x(3001) },
      'view.private_metadata: must be at most 3000 characters, got 3001 (view.private_metadata)',
    ],
    [{ callback_id: x(256) }, 'view.callback_id: must be at most 255 characters, got 256 (view.callback_id)'],
    [{ external_id: x(256) }, 'view.external_id: must be at most 255 characters, got 256 (view.external_id)'],
    [{ blocks: undefined }, 'view.blocks: is required'],
    [
      { submit: undefined, blocks: [input({ type: 'plain_text_input' })] },
      'view.submit: is required when the modal has an input block (modal.submit.required_with_input)',
    ],
    [{ blocks: [{ type: 'section', text: mrkdwn(x(300_000)) }] }, 'view: serialized view is'],
  ])('rejects view case %#', (extra, expected) => {
    expect(validateView(modal(extra)).join('\n')).toContain(expected)
  })

  it('checks the type the method expects', () => {
    expect(validateView(modal(), 'home')).toEqual(['view.type: must be home for this method'])
    expect(validateView({ type: 'dialog' })).toEqual(['view.type: must be modal or home, got "dialog"'])
  })
})

describe('options loads and acks', () => {
  it('validateOptionsResponse', () => {
    expect(validateOptionsResponse({ options: [option('a')] })).toEqual([])
    expect(
      validateOptionsResponse({ options: Array.from({ length: 101 }, (_, i) => option(`${i}`)) }),
    ).toEqual(['(root).options: must have at most 100 items, got 101 (static_select.options.count)'])
    expect(validateOptionsResponse({})).toEqual(['(root): must have exactly one of options or option_groups'])
  })

  it('validateAckBody', () => {
    expect(validateAckBody('block_actions', '')).toEqual([])
    expect(validateAckBody('slash_command', '{"response_type":"ephemeral","text":"hi"}')).toEqual([])
    expect(
      validateAckBody('view_submission', '{"response_action":"errors","errors":{"name":"Taken"}}'),
    ).toEqual([])
    expect(
      validateAckBody(
        'view_submission',
        JSON.stringify({ response_action: 'update', view: modal({ title: plain(x(25)) }) }),
      ),
    ).toEqual(['view.title.text: must be at most 24 characters, got 25 (modal.title.text)'])
    expect(validateAckBody('view_submission', '{"response_action":"close"}')).toEqual([
      'response_action must be errors, update, push or clear, got "close"',
    ])
    expect(validateAckBody('block_suggestion', '')).toEqual(['options load must be answered with options'])
  })
})
