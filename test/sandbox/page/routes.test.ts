// The page's HTTP side against a recording stand-in for the sandbox's Slack (the real emulator and app are
// in sandbox-browser.test.ts): what each POST turns into (Slack's action and state values, built from the
// blocks the app sent), the x-sandbox guard, the fragments and SSE per person, uploads and downloads, and
// a page of hostile data that stays text.
import { request, type Server } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxSlack } from '../../../src/sandbox/emulator/sandbox-slack.ts'
import type {
  ChangeEvent,
  Json,
  OptionsResponse,
  Person,
  SandboxState,
  StoredFile,
} from '../../../src/sandbox/emulator/types.ts'
import { hostAllowed, sandboxPageRoutes } from '../../../src/sandbox/page/routes.ts'
import type { OutboxEntry } from '../../../src/services/mail/list-outbox.ts'
import { HOSTILE } from '../../slack/hostile-text.ts'
import { until } from '../../support/until.ts'
import { htmlProblems, readable } from './html-check.ts'
import { serveRoutes } from './serve-routes.ts'

const PRIYA = 'U0PRIYA'
const SAM = 'U0SAM'
const people: Person[] = [
  { slackUserId: SAM, name: HOSTILE.user, email: HOSTILE.email, role: 'viewer' },
  { slackUserId: PRIYA, name: 'Priya', email: 'priya@msp.example', role: 'admin' },
  { slackUserId: 'U0OUTSIDER', name: 'Outsider (no MSP account)', email: null, role: null },
]
const option = (value: string, text = `Option ${value}`) => ({
  text: { type: 'plain_text' as const, text },
  value,
})

const messageBlocks: Json[] = [
  {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: `*${HOSTILE.customer.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}*`,
    },
  },
  {
    type: 'actions',
    block_id: 'row',
    elements: [
      {
        type: 'button',
        action_id: 'edit',
        text: { type: 'plain_text', text: 'Edit' },
        value: '42',
        style: 'primary',
      },
      { type: 'overflow', action_id: 'more', options: [option('a'), option('b')] },
    ],
  },
]
const formBlocks: Json[] = [
  {
    type: 'input',
    block_id: 'name',
    label: { type: 'plain_text', text: 'Name' },
    element: { type: 'plain_text_input', action_id: 'name' },
  },
  {
    type: 'input',
    block_id: 'kind',
    label: { type: 'plain_text', text: 'Kind' },
    element: { type: 'static_select', action_id: 'kind', options: [option('x', 'Ex'), option('y', 'Why')] },
  },
  {
    type: 'input',
    block_id: 'who',
    optional: true,
    label: { type: 'plain_text', text: 'Who' },
    element: { type: 'multi_external_select', action_id: 'who' },
  },
  {
    type: 'input',
    block_id: 'file',
    optional: true,
    label: { type: 'plain_text', text: 'File' },
    element: { type: 'file_input', action_id: 'file' },
  },
  {
    type: 'input',
    block_id: 'flags',
    optional: true,
    label: { type: 'plain_text', text: 'Flags' },
    element: { type: 'checkboxes', action_id: 'flags', options: [option('f1'), option('f2')] },
  },
]

interface Call {
  method: string
  args: unknown[]
}

function fakeSlack() {
  const calls: Call[] = []
  const listeners = new Set<(event: ChangeEvent) => void>()
  const record = (method: string, answer: unknown = undefined) =>
    (async (...args: unknown[]) => {
      calls.push({ method, args })
      return answer
    }) as never
  const state = (me: string): SandboxState => ({
    me,
    channels: [
      {
        id: 'C0SANDBOX',
        name: 'msp',
        kind: 'channel',
        messages: [
          {
            channelId: 'C0SANDBOX',
            ts: '1.000001',
            author: 'bot',
            text: 'list',
            blocks: messageBlocks,
            ephemeralFor: me,
            edited: true,
            fileLinks: [],
          },
          {
            channelId: 'C0SANDBOX',
            ts: '1.000002',
            author: 'bot',
            text: 'here is your file',
            edited: false,
            fileLinks: [{ fileId: 'F1', name: 'a"b.csv', title: 'export', mimetype: 'text/csv', size: 3 }],
          },
        ],
      },
      { id: 'C0NOTIFY', name: 'msp-notify', kind: 'notify', messages: [] },
      { id: `D${me}`, name: 'dm', kind: 'dm', personId: me, messages: [] },
    ],
    views: [
      {
        viewId: 'V1',
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: 'The <form>' },
          submit: { type: 'plain_text', text: 'Save' },
          blocks: formBlocks,
        },
        values: {},
        errors: {},
      },
    ],
    home: null,
    errors: [
      {
        id: 1,
        at: '2026-12-03T13:00:00.000Z',
        where: 'chat.postMessage',
        message: `invalid_blocks: ${HOSTILE.portalUser}`,
      },
    ],
  })
  const file: StoredFile = {
    id: 'F1',
    name: 'a"b.csv',
    title: 'export',
    mimetype: 'text/csv',
    content: Buffer.from('a,b'),
    userId: 'bot',
  }
  const slack: SandboxSlack = {
    people: async () => people,
    channels: () => state(PRIYA).channels,
    view: state,
    command: record('command'),
    blockAction: record('blockAction'),
    options: record('options', {
      options: [option('1', 'Acme')],
      option_groups: [{ label: { type: 'plain_text', text: 'Taken' }, options: [option('2', 'Globex')] }],
    } satisfies OptionsResponse),
    submitView: record('submitView', { errors: { name: 'Too short' } }),
    closeView: record('closeView'),
    openHome: record('openHome'),
    upload: record('upload', { fileId: 'F9' }),
    file: (id) => (id === 'F1' ? file : undefined),
    announce: (event) => {
      for (const l of listeners) l(event)
    },
    onChange: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  return { slack, calls, emit: slack.announce }
}

const outbox: OutboxEntry[] = [
  {
    id: 1,
    to: HOSTILE.email,
    subject: `Invitation <b>${HOSTILE.customer}</b>`,
    text: 'Accept: http://localhost:3000/portal/invitations/abc.\nNot a link: javascript:alert(1) <script>x</script>',
    createdAt: new Date('2026-12-03T13:00:00Z'),
    sentAt: null,
    state: 'waiting',
    attempts: 0,
    lastError: null,
    nextAttemptAt: new Date('2026-12-03T13:00:00Z'),
  },
]

describe('the sandbox page over HTTP', () => {
  let server: Server
  let base: string
  let fake: ReturnType<typeof fakeSlack>

  beforeAll(async () => {
    fake = fakeSlack()
    ;({ server, base } = await serveRoutes(sandboxPageRoutes(fake.slack, { outbox: async () => outbox })))
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
  beforeEach(() => {
    fake.calls.length = 0
  })

  const post = (verb: string, body: Json, headers: Record<string, string> = { 'x-sandbox': '1' }) =>
    fetch(`${base}/sandbox/do/${verb}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })

  it('GET /: the whole page, hostile names and mail as text, acting as the first admin by default', async () => {
    const res = await fetch(`${base}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    const page = await res.text()
    expect(htmlProblems(page)).toEqual([])
    expect(page).toContain('data-as="U0PRIYA"')
    expect(readable(page)).toContain(`${HOSTILE.user} — ${HOSTILE.email} (viewer)`)
    expect(readable(page)).toContain('Outsider (no MSP account)')
    expect(page).not.toContain('Outsider (no MSP account) (no MSP account)')
    expect(readable(page)).toContain(HOSTILE.customer)
    expect(readable(page)).toContain(`invalid_blocks: ${HOSTILE.portalUser}`)
    expect(page).toContain('<span class="badge">Only visible to you</span>')
    expect(page).toMatch(
      /<dialog class="modal" data-view-id="V1" aria-labelledby="([^"]+)"><header><h2 id="\1" class="modal-title">The &lt;form&gt;<\/h2>/,
    )
    expect(page).toContain('href="/sandbox/files/F1" download="a&quot;b.csv"')

    const mail = await (await fetch(`${base}/?tab=outbox`)).text()
    expect(htmlProblems(mail)).toEqual([])
    expect(mail).toContain(
      '<a href="http://localhost:3000/portal/invitations/abc" target="_blank" rel="noopener">',
    )
    expect(readable(mail)).toContain('Not a link: javascript:alert(1) <script>x</script>')
    expect(readable(mail)).toContain(`Invitation <b>${HOSTILE.customer}</b>`)
  })

  it('GET /sandbox/state: fragments for the person asked for; someone unknown is the first admin', async () => {
    const sam = (await (await fetch(`${base}/sandbox/state?as=${SAM}&tab=C0NOTIFY`)).json()) as Json
    expect([sam.as, sam.tab, sam.title]).toEqual([SAM, 'C0NOTIFY', '#msp-notify (notifications)'])
    const nobody = (await (await fetch(`${base}/sandbox/state?as=U0NOBODY&tab=nowhere`)).json()) as Json
    expect([nobody.as, nobody.tab]).toEqual([PRIYA, 'C0SANDBOX'])
    expect((nobody.modal as Json).key).toMatch(/^V1:/)
  })

  it('every POST needs the x-sandbox header (another site cannot send it without a preflight)', async () => {
    const res = await post('command', { as: PRIYA, channelId: 'C0SANDBOX', text: '/msp help' }, {})
    expect(res.status).toBe(403)
    const upload = await fetch(`${base}/sandbox/upload?as=${PRIYA}&name=x.csv`, { method: 'POST', body: 'a' })
    expect(upload.status).toBe(403)
    expect(fake.calls).toEqual([])
  })

  it('a command goes to the channel as the person', async () => {
    expect((await post('command', { as: SAM, channelId: 'C0SANDBOX', text: '/msp help' })).status).toBe(200)
    expect(fake.calls).toEqual([{ method: 'command', args: [SAM, 'C0SANDBOX', '/msp help'] }])
  })

  it("a click becomes Slack's action, built from the message's own button; overflow its chosen option", async () => {
    const source = { channelId: 'C0SANDBOX', ts: '1.000001' }
    await post('action', { as: PRIYA, source, blockId: 'row', actionId: 'edit', input: { value: 'forged' } })
    await post('action', { as: PRIYA, source, blockId: 'row', actionId: 'more', input: { value: 'b' } })
    expect(fake.calls.map((c) => c.args)).toEqual([
      [
        PRIYA,
        source,
        {
          type: 'button',
          action_id: 'edit',
          block_id: 'row',
          value: '42',
          text: { type: 'plain_text', text: 'Edit', emoji: true },
          style: 'primary',
        },
        undefined,
      ],
      [
        PRIYA,
        source,
        { type: 'overflow', action_id: 'more', block_id: 'row', selected_option: option('b') },
        undefined,
      ],
    ])
    const gone = await post('action', { as: PRIYA, source, blockId: 'row', actionId: 'nothing' })
    expect(gone.status).toBe(404)
  })

  it("a submission becomes Slack's state values: options from the view, external ones echoed, file ids", async () => {
    const res = await post('submit', {
      as: PRIYA,
      viewId: 'V1',
      values: {
        name: { name: { value: 'Zoho' } },
        kind: { kind: { value: 'y' } },
        who: { who: { options: [{ text: 'Acme', value: '1' }] } },
        file: { file: { files: ['F9'] } },
        flags: { flags: { values: ['f2', 'forged'] } },
      },
    })
    expect(await res.json()).toEqual({ errors: { name: 'Too short' } })
    expect(fake.calls[0]?.args).toEqual([
      PRIYA,
      'V1',
      {
        name: { name: { type: 'plain_text_input', value: 'Zoho' } },
        kind: { kind: { type: 'static_select', selected_option: option('y', 'Why') } },
        who: {
          who: {
            type: 'multi_external_select',
            selected_options: [{ text: { type: 'plain_text', text: 'Acme', emoji: true }, value: '1' }],
          },
        },
        file: { file: { type: 'file_input', files: [{ id: 'F9' }] } },
        flags: { flags: { type: 'checkboxes', selected_options: [option('f2')] } },
      },
    ])
  })

  it('an empty form still sends every input block, empty as Slack sends it', async () => {
    await post('submit', { as: PRIYA, viewId: 'V1', values: {} })
    expect(fake.calls[0]?.args[2]).toEqual({
      name: { name: { type: 'plain_text_input', value: null } },
      kind: { kind: { type: 'static_select', selected_option: null } },
      who: { who: { type: 'multi_external_select', selected_options: [] } },
      file: { file: { type: 'file_input', files: [] } },
      flags: { flags: { type: 'checkboxes', selected_options: [] } },
    })
  })

  it('type-ahead: the options the app answered, grouped ones with their group; close; unknown verbs', async () => {
    const res = await post('options', {
      as: PRIYA,
      source: { viewId: 'V1' },
      blockId: 'who',
      actionId: 'who',
      value: 'ac',
    })
    expect(await res.json()).toEqual({
      options: [
        { text: 'Acme', value: '1' },
        { text: 'Globex', value: '2', group: 'Taken' },
      ],
    })
    expect(fake.calls[0]?.args).toEqual([PRIYA, { viewId: 'V1' }, 'who', 'who', 'ac'])
    await post('close', { as: PRIYA, viewId: 'V1' })
    expect(fake.calls[1]).toEqual({ method: 'closeView', args: [PRIYA, 'V1'] })
    expect((await post('nothing', { as: PRIYA })).status).toBe(404)
    expect((await post('command', { as: PRIYA })).status).toBe(400)
  })

  it('uploads go to the emulator; files download with their name', async () => {
    const res = await fetch(`${base}/sandbox/upload?as=${PRIYA}&name=users.csv&type=text%2Fcsv`, {
      method: 'POST',
      headers: { 'x-sandbox': '1', 'content-type': 'application/octet-stream' },
      body: 'Email\na@b.example\n',
    })
    expect(await res.json()).toEqual({ fileId: 'F9' })
    expect(fake.calls[0]?.args).toEqual([PRIYA, 'users.csv', Buffer.from('Email\na@b.example\n'), 'text/csv'])
    const file = await fetch(`${base}/sandbox/files/F1`)
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''a%22b.csv`)
    expect(await file.text()).toBe('a,b')
    expect((await fetch(`${base}/sandbox/files/F2`)).status).toBe(404)
  })

  it('answers only under localhost or an IP address (no DNS rebinding onto a page that acts as anyone)', async () => {
    for (const host of [
      'localhost:3000',
      'LOCALHOST',
      'app.localhost:8080',
      '127.0.0.1:3000',
      '10.0.0.5',
      '[::1]:3000',
    ])
      expect(hostAllowed(host), host).toBe(true)
    for (const host of ['evil.example', 'localhost.evil.example:3000', '127.0.0.1.nip.io', '', undefined])
      expect(hostAllowed(host), String(host)).toBe(false)
    const status = (host: string, path: string, method = 'GET') =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(path, base)
        const req = request(
          { host: url.hostname, port: url.port, path, method, headers: { host, 'x-sandbox': '1' } },
          (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          },
        )
        req.on('error', reject)
        req.end(
          method === 'POST'
            ? JSON.stringify({ as: PRIYA, channelId: 'C0SANDBOX', text: '/msp help' })
            : undefined,
        )
      })
    expect(await status('rebound.evil.example:80', '/')).toBe(403)
    expect(await status('rebound.evil.example', '/sandbox/do/command', 'POST')).toBe(403)
    expect(fake.calls).toEqual([])
    expect(await status('localhost', '/')).toBe(200)
  })

  it("SSE: a person hears of changes for everyone and for them, not of someone else's", async () => {
    const controller = new AbortController()
    const res = await fetch(`${base}/sandbox/events?as=${SAM}`, { signal: controller.signal })
    const reader = res.body?.getReader()
    let received = ''
    const reading = (async () => {
      for (;;) {
        const chunk = await reader?.read()
        if (!chunk || chunk.done) return
        received += Buffer.from(chunk.value).toString('utf8')
      }
    })().catch(() => {})
    await until(() => received.includes('retry:'))
    fake.emit({ kind: 'views', forUser: PRIYA })
    fake.emit({ kind: 'message', forUser: SAM })
    fake.emit({ kind: 'outbox' })
    await until(() => received.includes('"outbox"'))
    expect(received.match(/^data: .*$/gm)).toEqual(['data: {"kind":"message"}', 'data: {"kind":"outbox"}'])
    controller.abort()
    await reading
  })
})
