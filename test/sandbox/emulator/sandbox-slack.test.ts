// The sandbox's Slack emulator driven in-process against the real app as `npm start` builds it without
// Slack credentials (launch: the demo book, the real Bolt app on its HTTP receiver, SLACK_API_URL pointed
// at the emulator): commands, block actions, options, a modal stack with errors/push/clear, files, spec
// errors, and signatures the app checks.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebClient } from '@slack/web-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '../../../src/app/env.ts'
import { launch, type RunningApp } from '../../../src/app/start.ts'
import {
  type ChangeEvent,
  type Json,
  OUTSIDER,
  SANDBOX_CHANNEL,
  type SandboxMessage,
  type SandboxSlack,
  startSandboxSlack,
  type ViewStateValues,
} from '../../../src/sandbox/emulator/sandbox-slack.ts'
import { captureLog } from '../../support/capture-log.ts'
import { until } from '../../support/until.ts'

const PRIYA = 'U0PRIYA' // admin in the demo book
const MARCO = 'U0MARCO' // manager

let running: RunningApp
let slack: SandboxSlack
const events: ChangeEvent[] = []

beforeAll(async () => {
  const env = parseEnv({ PORT: '0', DATABASE_URL: 'memory://' })
  running = await launch({ mode: 'sandbox', env, logger: captureLog().logger })
  if (!running.sandbox) throw new Error('launch without credentials did not start the sandbox')
  slack = running.sandbox.slack
  slack.onChange((event) => events.push(event))
}, 120_000)

afterAll(async () => {
  await running?.stop()
})

/** Every `text` string in blocks, joined. */
function textOf(value: unknown): string {
  const out: string[] = []
  const walk = (v: unknown) => {
    if (Array.isArray(v)) for (const item of v) walk(item)
    else if (v !== null && typeof v === 'object')
      for (const [key, inner] of Object.entries(v)) {
        if (key === 'text' && typeof inner === 'string') out.push(inner)
        else walk(inner)
      }
  }
  walk(value)
  return out.join('\n').replace(/\*/g, '')
}

/** Elements with an action_id, with the block_id of the block holding them. */
function elementsOf(blocks: unknown): Array<Json & { block_id: string }> {
  const out: Array<Json & { block_id: string }> = []
  for (const block of Array.isArray(blocks) ? (blocks as Json[]) : []) {
    const blockId = String(block.block_id ?? '')
    const inner = [block.element, block.accessory, ...(Array.isArray(block.elements) ? block.elements : [])]
    for (const el of inner)
      if (el && typeof el === 'object' && 'action_id' in el) out.push({ ...(el as Json), block_id: blockId })
  }
  return out
}

/** What a page shows in a modal's inputs before anyone changes them (their initial values). */
function initialValues(view: Json): ViewStateValues {
  const values: ViewStateValues = {}
  for (const block of (view.blocks as Json[]) ?? []) {
    if (block.type !== 'input') continue
    const el = block.element as Json
    const actionId = String(el.action_id)
    const type = String(el.type)
    const entry: ViewStateValues[string][string] = { type }
    if (type.startsWith('multi_') || type === 'checkboxes')
      entry.selected_options = (el.initial_options as never[]) ?? []
    else if (type.endsWith('select') || type === 'radio_buttons')
      entry.selected_option = (el.initial_option as never) ?? null
    else entry.value = (el.initial_value as string | undefined) ?? null
    values[String(block.block_id)] = { [actionId]: entry }
  }
  return values
}

const inChannel = (asUser: string, channelId = SANDBOX_CHANNEL.id): SandboxMessage[] =>
  slack.view(asUser).channels.find((c) => c.id === channelId)?.messages ?? []

const botReplies = (asUser: string) => inChannel(asUser).filter((m) => m.author === 'bot')

const topView = (asUser: string) => slack.view(asUser).views.at(-1)

describe('the sandbox Slack against the real app', () => {
  it('lists the book’s MSP users with Slack ids and the outsider; channels for commands, notifications and DMs', async () => {
    const people = await slack.people()
    expect(people).toContainEqual({
      slackUserId: PRIYA,
      name: 'Priya',
      email: 'priya@msp.example',
      role: 'admin',
    })
    const sam = people.find((p) => p.name === 'Sam')
    expect(sam).toMatchObject({ role: 'viewer', email: 'sam@msp.example' })
    expect(sam?.slackUserId).toMatch(/^U[A-Z0-9]+$/)
    expect(people.at(-1)).toEqual(OUTSIDER)
    const kinds = slack.channels().map((c) => c.kind)
    expect(kinds).toContain('channel')
    expect(kinds).toContain('notify')
    expect(slack.channels().filter((c) => c.kind === 'dm').length).toBe(people.length)
  })

  it('a slash command is signed and answered: the reply is only visible to the person who typed it', async () => {
    await slack.command(PRIYA, SANDBOX_CHANNEL.id, '/msp help')
    const reply = await until(() => botReplies(PRIYA).find((m) => textOf(m).includes('/msp customers')))
    expect(reply.ephemeralFor).toBe(PRIYA)
    expect(inChannel(PRIYA).some((m) => m.author === PRIYA && m.text === '/msp help')).toBe(true)
    expect(inChannel(MARCO)).toEqual([])
    expect(events.some((e) => e.kind === 'message' && e.forUser === PRIYA)).toBe(true)
    expect(slack.view(PRIYA).errors).toEqual([])
  })

  it('the app refuses a request signed with another secret (the emulator records its 401)', async () => {
    const impostor = await startSandboxSlack({
      signingSecret: 'not-the-apps-secret',
      botToken: 'xoxb-impostor',
      directory: async () => [],
    })
    try {
      impostor.connect(`http://127.0.0.1:${running.port}/slack/events`)
      await impostor.slack.command(OUTSIDER.slackUserId, SANDBOX_CHANNEL.id, '/msp help')
      const errors = impostor.slack.view(OUTSIDER.slackUserId).errors
      expect(errors).toHaveLength(1)
      expect(errors[0]?.message).toContain('HTTP 401')
      expect(impostor.api.calls).toEqual([])
    } finally {
      await impostor.close()
    }
  })

  it('an ack Slack would refuse (a malformed message) is listed as an error, and the message is not shown', async () => {
    const offSpec = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ response_type: 'loud', text: 'hello' }))
    })
    await new Promise<void>((resolve) => offSpec.listen(0, '127.0.0.1', resolve))
    const other = await startSandboxSlack({
      signingSecret: 's3cret-s3cret',
      botToken: 'xoxb-x',
      directory: async () => [],
    })
    try {
      other.connect(`http://127.0.0.1:${(offSpec.address() as AddressInfo).port}/slack/events`)
      await other.slack.command(OUTSIDER.slackUserId, SANDBOX_CHANNEL.id, '/msp help')
      const errors = other.slack.view(OUTSIDER.slackUserId).errors
      expect(errors.map((e) => e.where)).toEqual(['ack command /msp'])
      expect(errors[0]?.message).toContain('response_type')
      const shown = other.slack.view(OUTSIDER.slackUserId).channels.flatMap((c) => c.messages)
      expect(shown.map((m) => m.author)).toEqual([OUTSIDER.slackUserId]) // only what they typed
    } finally {
      await other.close()
      offSpec.close()
    }
  })

  it('a viewer and an outsider are refused what needs a role; no modal opens', async () => {
    const sam = (await slack.people()).find((p) => p.name === 'Sam')?.slackUserId ?? ''
    await slack.command(sam, SANDBOX_CHANNEL.id, '/msp group Zoho')
    const refusal = await until(() => botReplies(sam).at(-1))
    expect(refusal.ephemeralFor).toBe(sam)
    expect(textOf(refusal)).toMatch(/manager|role|not allowed|permission/i)
    expect(slack.view(sam).views).toEqual([])
    await slack.command(OUTSIDER.slackUserId, SANDBOX_CHANNEL.id, '/msp customers')
    const outsider = await until(() => botReplies(OUTSIDER.slackUserId).at(-1))
    expect(textOf(outsider)).not.toContain('Zylker')
  })

  it('a button in a message: block_actions with a fresh trigger_id the app opens a modal with', async () => {
    await slack.command(PRIYA, SANDBOX_CHANNEL.id, '/msp groups')
    const list = await until(() => botReplies(PRIYA).find((m) => elementsOf(m.blocks).length > 0))
    const button = elementsOf(list.blocks).find((e) => e.type === 'button' && e.action_id === 'open_group')
    if (!button) throw new Error(`no open_group button in ${JSON.stringify(list.blocks).slice(0, 500)}`)
    await slack.blockAction(
      PRIYA,
      { channelId: list.channelId, ts: list.ts },
      {
        type: 'button',
        action_id: String(button.action_id),
        block_id: button.block_id,
        value: String(button.value),
      },
    )
    const opened = await until(() => topView(PRIYA))
    expect(textOf(opened.view.title)).toBe('Edit Customer Group')
    await slack.closeView(PRIYA, opened.viewId)
    expect(slack.view(PRIYA).views).toEqual([])
  })

  it('a modal: options by type-ahead, errors under a field, a pushed preview, Confirm clears the stack', async () => {
    await slack.command(PRIYA, SANDBOX_CHANNEL.id, '/msp group Zoho')
    const form = await until(() => topView(PRIYA))
    expect(form.view.callback_id).toBe('customer_group')
    const picker = elementsOf(form.view.blocks).find((e) => e.type === 'multi_external_select')
    if (!picker) throw new Error('no customer picker')
    const found = await slack.options(
      PRIYA,
      { viewId: form.viewId },
      String(picker.action_id),
      picker.block_id,
      'Zyl',
    )
    expect(textOf(found.options ?? found.option_groups)).toContain('Zylker')

    // A name another group has: the app answers response_action errors, shown on that field.
    const values = initialValues(form.view)
    const nameBlock = elementsOf(form.view.blocks).find((e) => e.type === 'plain_text_input')
    if (!nameBlock) throw new Error('no name input')
    const renamed = structuredClone(values)
    const nameEntry = renamed[nameBlock.block_id]?.[String(nameBlock.action_id)]
    if (nameEntry) nameEntry.value = 'Site24x7'
    const refused = await slack.submitView(PRIYA, form.viewId, renamed)
    expect(Object.keys(refused.errors ?? {})).toEqual([nameBlock.block_id])
    expect(topView(PRIYA)?.errors).toEqual(refused.errors)

    // Without Zylker: the preview is pushed on top of the form.
    const withoutZylker = structuredClone(values)
    const picked = withoutZylker[picker.block_id]?.[String(picker.action_id)]
    if (!picked?.selected_options) throw new Error('no initial customers')
    picked.selected_options = picked.selected_options.filter((o) => o.text.text !== 'Zylker')
    expect(await slack.submitView(PRIYA, form.viewId, withoutZylker)).toEqual({})
    const stack = slack.view(PRIYA).views
    expect(stack).toHaveLength(2)
    const preview = stack[1]
    if (!preview) throw new Error('no preview')
    expect(textOf(preview.view.title)).toBe('Confirm changes')
    expect(textOf(preview.view.blocks)).toContain('Zylker')

    expect(await slack.submitView(PRIYA, preview.viewId, {})).toEqual({})
    expect(slack.view(PRIYA).views).toEqual([])
    const summary = await until(() => botReplies(PRIYA).find((m) => textOf(m).includes('Saved group Zoho')))
    expect(summary.ephemeralFor).toBe(PRIYA)
    const zoho = await running.db.prisma.customerGroup.findFirstOrThrow({
      where: { name: 'Zoho' },
      include: { customers: { include: { customer: true } } },
    })
    expect(zoho.customers.map((c) => c.customer.name).sort()).toEqual(['Acme', 'Globex'])
    expect(slack.view(PRIYA).errors).toEqual([])
  })

  it('a select in an ephemeral message: the app replaces that message through its response_url', async () => {
    await slack.command(PRIYA, SANDBOX_CHANNEL.id, '/msp portal Zylker')
    const list = await until(() =>
      botReplies(PRIYA).find((m) => elementsOf(m.blocks).some((e) => e.action_id === 'portal_category')),
    )
    expect(list.ephemeralFor).toBe(PRIYA)
    const select = elementsOf(list.blocks).find((e) => e.action_id === 'portal_category')
    const options = (select?.options ?? []) as Array<{
      text: { type: 'plain_text'; text: string }
      value: string
    }>
    const other = options.find((o) => o.value !== (select?.initial_option as { value?: string })?.value)
    if (!select || !other) throw new Error('no other category')
    const count = botReplies(PRIYA).length
    await slack.blockAction(
      PRIYA,
      { channelId: list.channelId, ts: list.ts },
      {
        type: 'static_select',
        action_id: 'portal_category',
        block_id: select.block_id,
        selected_option: other,
      },
    )
    const replaced = await until(() => botReplies(PRIYA).find((m) => m.ts === list.ts && m.edited))
    const shown = elementsOf(replaced.blocks).find((e) => e.action_id === 'portal_category')
    expect((shown?.initial_option as { value?: string })?.value).toBe(other.value)
    expect(botReplies(PRIYA)).toHaveLength(count)
    expect(slack.view(PRIYA).errors).toEqual([])
  })

  it('mail the app queues (a portal invitation) is announced to the page as an outbox change', async () => {
    await slack.command(PRIYA, SANDBOX_CHANNEL.id, '/msp portal Acme')
    const list = await until(() =>
      botReplies(PRIYA).find((m) => elementsOf(m.blocks).some((e) => e.action_id === 'portal_add')),
    )
    const add = elementsOf(list.blocks).find((e) => e.action_id === 'portal_add')
    if (!add) throw new Error('no Add portal user button')
    await slack.blockAction(
      PRIYA,
      { channelId: list.channelId, ts: list.ts },
      { type: 'button', action_id: 'portal_add', block_id: add.block_id, value: String(add.value) },
    )
    const form = await until(() => topView(PRIYA))
    const values = initialValues(form.view)
    for (const block of form.view.blocks as Json[]) {
      if (block.type !== 'input') continue
      const el = block.element as Json
      const entry = values[String(block.block_id)]?.[String(el.action_id)]
      if (!entry) continue
      if (el.type === 'plain_text_input') entry.value = 'Wanda Mail'
      if (el.type === 'email_text_input') entry.value = 'wanda.mail@acme.example'
      if (el.type === 'static_select' && !entry.selected_option)
        entry.selected_option = (el.options as never[] | undefined)?.[0] ?? null
    }
    const outboxEvents = () => events.filter((e) => e.kind === 'outbox').length
    const before = outboxEvents()
    expect(await slack.submitView(PRIYA, form.viewId, values)).toEqual({})
    await until(() => outboxEvents() > before)
    const mail = await running.db.prisma.outboxMail.findFirst({ where: { to: 'wanda.mail@acme.example' } })
    expect(mail).not.toBeNull()
    for (const open of slack.view(PRIYA).views.reverse()) await slack.closeView(PRIYA, open.viewId)
  })

  it('views.update replaces an open modal in place, keeping what was typed in the inputs it still has', async () => {
    const sandbox = running.sandbox
    if (!sandbox) throw new Error('no sandbox')
    await slack.command(PRIYA, SANDBOX_CHANNEL.id, '/msp group Zoho')
    const form = await until(() => topView(PRIYA))
    const nameInput = elementsOf(form.view.blocks).find((e) => e.type === 'plain_text_input')
    if (!nameInput) throw new Error('no name input')
    const typed = initialValues(form.view)
    const nameEntry = typed[nameInput.block_id]?.[String(nameInput.action_id)]
    if (nameEntry) nameEntry.value = 'Site24x7'
    expect((await slack.submitView(PRIYA, form.viewId, typed)).errors).toBeDefined()

    const client = new WebClient(sandbox.credentials.botToken, { slackApiUrl: sandbox.apiUrl })
    const { callback_id, private_metadata, blocks, submit, close } = form.view
    const title = { type: 'plain_text', text: 'Updated' }
    const view = { type: 'modal', callback_id, private_metadata, blocks, submit, close, title }
    await client.views.update({ view_id: form.viewId, hash: String(form.view.hash), view: view as never })
    const updated = await until(() =>
      textOf(topView(PRIYA)?.view.title) === 'Updated' ? topView(PRIYA) : undefined,
    )
    expect(updated.viewId).toBe(form.viewId)
    expect(slack.view(PRIYA).views).toHaveLength(1)
    expect(updated.values[nameInput.block_id]).toEqual(typed[nameInput.block_id])
    // A stale hash is refused as Slack does, and changes nothing.
    await expect(
      client.views.update({ view_id: form.viewId, hash: String(form.view.hash), view: view as never }),
    ).rejects.toThrow(/hash_conflict/)
    await slack.closeView(PRIYA, form.viewId)
    expect(slack.view(PRIYA).views).toEqual([])
  })

  it('a blocked save: the notify channel shows the notification to everyone, and its fix button works', async () => {
    await slack.command(PRIYA, SANDBOX_CHANNEL.id, '/msp group Zoho')
    const form = await until(() => topView(PRIYA))
    const picker = elementsOf(form.view.blocks).find((e) => e.type === 'multi_external_select')
    if (!picker) throw new Error('no customer picker')
    const values = initialValues(form.view)
    const picked = values[picker.block_id]?.[String(picker.action_id)]
    if (!picked?.selected_options) throw new Error('no initial customers')
    // Alex is Acme's Account Contact and reaches it only through Zoho: removing Acme is blocked.
    picked.selected_options = picked.selected_options.filter((o) => o.text.text !== 'Acme')
    await slack.submitView(PRIYA, form.viewId, values)
    expect(textOf(topView(PRIYA)?.view.title)).toBe('Save blocked')
    const notify = slack.channels().find((c) => c.kind === 'notify')
    if (!notify) throw new Error('no notify channel')
    const notice = await until(() =>
      inChannel(MARCO, notify.id).find((m) => m.text.startsWith('Blocked save')),
    )
    expect(notice.ephemeralFor).toBeUndefined()
    expect(inChannel(PRIYA, notify.id).map((m) => m.ts)).toContain(notice.ts)
    const fix = elementsOf(notice.blocks).find((e) => e.action_id === 'fix_account_contact')
    if (!fix) throw new Error(`no fix button in ${JSON.stringify(notice.blocks).slice(0, 500)}`)
    // Dismissing the dialog (Back, then Cancel) and clicking the fix in the channel, as a person would.
    for (const open of slack.view(PRIYA).views.reverse()) await slack.closeView(PRIYA, open.viewId)
    expect(slack.view(PRIYA).views).toEqual([])
    await slack.blockAction(
      PRIYA,
      { channelId: notify.id, ts: notice.ts },
      {
        type: 'button',
        action_id: 'fix_account_contact',
        block_id: fix.block_id,
        value: String(fix.value),
      },
    )
    const opened = await until(() => topView(PRIYA))
    expect(textOf(opened.view.title)).toBe('Customer Preferences')
    expect(textOf(opened.view.blocks)).toContain('Account Contact')
    await slack.closeView(PRIYA, opened.viewId)
    expect(slack.view(PRIYA).errors).toEqual([])
  })

  it('opening the App Home sends a signed app_home_opened event; the view the app publishes is theirs only', async () => {
    await slack.openHome(MARCO)
    const home = await until(() => slack.view(MARCO).home ?? undefined)
    expect(home.type).toBe('home')
    expect(textOf(home.blocks).length).toBeGreaterThan(0)
    expect(slack.view(PRIYA).home).toBeNull()
  })

  it('a file uploaded for a file_input is served to the bot by files.info and url_private_download only', async () => {
    const sandbox = running.sandbox
    if (!sandbox) throw new Error('no sandbox')
    const bytes = Buffer.from('name,email\nDana,dana@zylker.example\n')
    const { fileId } = await slack.upload(PRIYA, 'users.csv', bytes, 'text/csv')
    const client = new WebClient(sandbox.credentials.botToken, { slackApiUrl: sandbox.apiUrl })
    const info = await client.files.info({ file: fileId })
    expect(info.file?.name).toBe('users.csv')
    const url = String(info.file?.url_private_download)
    const download = await fetch(url, {
      headers: { authorization: `Bearer ${sandbox.credentials.botToken}` },
    })
    expect(download.status).toBe(200)
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes)
    expect((await fetch(url)).status).toBe(403)
    expect((await fetch(url, { headers: { authorization: 'Bearer xoxb-other' } })).status).toBe(403)
  })

  it('a file_input: the uploaded CSV is sent as Slack sends it, and the app reads it back (files.info, download)', async () => {
    const sandbox = running.sandbox
    if (!sandbox) throw new Error('no sandbox')
    await slack.command(PRIYA, SANDBOX_CHANNEL.id, '/msp import Acme')
    const form = await until(() => topView(PRIYA))
    const fileInput = elementsOf(form.view.blocks).find((e) => e.type === 'file_input')
    if (!fileInput) throw new Error(`no file_input in ${JSON.stringify(form.view.blocks).slice(0, 500)}`)
    const csv = Buffer.from('Email,First Name,Last Name\nwanda@acme.example,Wanda,Import\n')
    const { fileId } = await slack.upload(PRIYA, 'acme-users.csv', csv, 'text/csv')
    const values = initialValues(form.view)
    values[fileInput.block_id] = {
      [String(fileInput.action_id)]: { type: 'file_input', files: [{ id: fileId }] },
    }
    expect(await slack.submitView(PRIYA, form.viewId, values)).toEqual({})
    // The app answers response_action update: the same modal now says the import started.
    const started = slack.view(PRIYA).views
    expect(started.map((v) => v.viewId)).toEqual([form.viewId])
    expect(textOf(started[0]?.view.blocks)).toContain('Import into Acme started')
    await slack.closeView(PRIYA, form.viewId)
    await until(
      () => sandbox.emulator.api.downloads.find((d) => d.fileId === fileId && d.status === 200),
      60_000,
    )
    const imported = await until(
      () =>
        running.db.prisma.customerUser
          .findFirst({ where: { email: 'wanda@acme.example', customer: { name: 'Acme' } } })
          .then((row) => row ?? undefined),
      60_000,
    )
    expect(imported).toMatchObject({ firstName: 'Wanda', lastName: 'Import' })
    expect(slack.view(PRIYA).errors).toEqual([])
  }, 90_000)

  it('a file the app uploads shows as a message with its name, and its content is kept', async () => {
    const sandbox = running.sandbox
    if (!sandbox) throw new Error('no sandbox')
    const client = new WebClient(sandbox.credentials.botToken, { slackApiUrl: sandbox.apiUrl })
    await client.files.uploadV2({
      channel_id: SANDBOX_CHANNEL.id,
      file: Buffer.from('a,b\n1,2\n'),
      filename: 'export.csv',
      initial_comment: 'Your export',
    })
    const shared = await until(() => inChannel(MARCO).find((m) => m.fileLinks.length > 0))
    expect(shared.text).toBe('Your export')
    expect(shared.fileLinks[0]?.name).toBe('export.csv')
    expect(slack.file(shared.fileLinks[0]?.fileId ?? '')?.content.toString()).toBe('a,b\n1,2\n')
  })

  it('an off-spec Web API call is answered as Slack would (ok:false) and shows as an error event', async () => {
    const sandbox = running.sandbox
    if (!sandbox) throw new Error('no sandbox')
    const client = new WebClient(sandbox.credentials.botToken, {
      slackApiUrl: sandbox.apiUrl,
      retryConfig: { retries: 0 },
    })
    const before = slack.view(PRIYA).errors.length
    const errorEvents = events.filter((e) => e.kind === 'error').length
    await expect(
      client.chat.postMessage({
        channel: SANDBOX_CHANNEL.id,
        text: 'too long a header',
        blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(200) } }],
      }),
    ).rejects.toThrow(/invalid_blocks|invalid_arguments/)
    const errors = slack.view(PRIYA).errors.slice(before)
    expect(errors.length).toBeGreaterThan(0)
    expect(errors[0]?.where).toBe('chat.postMessage')
    expect(events.filter((e) => e.kind === 'error').length).toBeGreaterThan(errorEvents)
    expect(inChannel(PRIYA).some((m) => m.text === 'too long a header')).toBe(false)
    sandbox.emulator.api.violations.length = 0
  })
})
