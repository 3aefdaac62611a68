// The sandbox's Slack: a workspace in the app's process that signs requests to the app's own
// POST /slack/events exactly as Slack does, answers the Web API calls the app makes (web-api-server.ts,
// validated against Slack's specs), and keeps what a person would see: channels, messages, ephemeral
// replies, DMs, view stacks and files. It knows nothing of msp-bot: the page (src/sandbox/page) drives
// it through `SandboxSlack`, the app talks to it over HTTP like to Slack.
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto'
import { isObject, type JsonObject } from './spec/block-kit-common.ts'
import { type AckKind, validateAckBody } from './spec/response-validator.ts'
import type {
  ActionSource,
  ChangeEvent,
  Channel,
  FileLink,
  Json,
  OpenView,
  OptionsResponse,
  Person,
  SandboxMessage,
  SandboxState,
  SlackAction,
  SpecError,
  StoredFile,
  ViewStateValues,
} from './types.ts'
import { type Exchange, type SlackApiServer, startSlackApiServer } from './web-api-server.ts'

export type * from './types.ts'

/** What the page calls. Every method acts as one person (`asUser`: a Slack user id from `people()`). */
export interface SandboxSlack {
  /** The book's MSP users (each with a Slack id) and the outsider, read from the book on each call. */
  people(): Promise<Person[]>
  /** The public channel, the notify channel (when set) and a DM with the app per known person. */
  channels(): Channel[]
  /** Everything this person sees: channels with messages (theirs among the ephemerals), modals, errors. */
  view(asUser: string): SandboxState
  /** Types `text` (e.g. `/msp customers`) in a channel: a signed slash command to the app. */
  command(asUser: string, channelId: string, text: string): Promise<void>
  /** A click/selection in a message or an open modal: a signed block_actions request. */
  blockAction(
    asUser: string,
    source: ActionSource,
    action: SlackAction,
    stateValues?: ViewStateValues,
  ): Promise<void>
  /** Type-ahead in an external select: a signed block_suggestion; the options the app answered. */
  options(
    asUser: string,
    source: ActionSource,
    actionId: string,
    blockId: string,
    value: string,
  ): Promise<OptionsResponse>
  /** Submits the modal `viewId`: view_submission; applies the app's response_action to the stack. */
  submitView(
    asUser: string,
    viewId: string,
    stateValues: ViewStateValues,
  ): Promise<{ errors?: Record<string, string> }>
  /** Closes the modal (its Cancel/Back): pops it (all, with clear_on_close); view_closed when asked for. */
  closeView(asUser: string, viewId: string): Promise<void>
  /** Opens the App Home tab: an app_home_opened event (the app may publish a view). */
  openHome(asUser: string): Promise<void>
  /** A local file for a file_input: kept by the emulator, served to the app by files.info and its URL. */
  upload(asUser: string, name: string, bytes: Buffer, mimetype: string): Promise<{ fileId: string }>
  /** A file's content (uploaded by a person or by the app), for the page's download link. */
  file(fileId: string): StoredFile | undefined
  /** Called on every change; returns the remover. */
  onChange(listener: (event: ChangeEvent) => void): () => void
  /** Tells the listeners of a change outside Slack (the wiring calls it when mail is queued: `outbox`). */
  announce(event: ChangeEvent): void
}

export interface SandboxIds {
  teamId: string
  teamDomain: string
  appId: string
  botUserId: string
  botId: string
}

export const SANDBOX_IDS: SandboxIds = {
  teamId: 'T0SANDBOX',
  teamDomain: 'msp-sandbox',
  appId: 'A0SANDBOX',
  botUserId: 'U0SANDBOXBOT',
  botId: 'B0SANDBOXBOT',
}

/** The channel where commands are typed. */
export const SANDBOX_CHANNEL: Channel = { id: 'C0SANDBOX', name: 'msp', kind: 'channel' }
/** The notify channel's id when MSP_NOTIFY_CHANNEL is not set. */
export const SANDBOX_NOTIFY_CHANNEL_ID = 'C0SANDBOXNOTIFY'
/** Someone in the workspace with no MSP account. */
export const OUTSIDER: Person = {
  slackUserId: 'U0OUTSIDER',
  name: 'Outsider (no MSP account)',
  email: 'visitor@outside.example',
  role: null,
}

const MAX_ERRORS = 50
/** Slack gives up on an app that has not acked within 3 s (block-kit-limits.json ack.timeout). */
const ACK_TIMEOUT_MS = 3000
/** How long the sandbox waits for an ack at all (longer than Slack: the machine may be slow). */
const GIVE_UP_MS = 30_000

export interface SandboxSlackOptions {
  signingSecret: string
  botToken: string
  /** The book's MSP users; a missing Slack id is derived from the email (the app then maps by email). */
  directory: () => Promise<Array<{ name: string; email: string; role: string; slackUserId: string | null }>>
  /** MSP_NOTIFY_CHANNEL; shown as the notify channel. */
  notifyChannelId?: string
  ids?: SandboxIds
}

/** The emulator with its Web API running: give `apiUrl` to the app, then `connect` the app's events URL. */
export interface SandboxEmulator {
  slack: SandboxSlack
  /** SLACK_API_URL for the app (`http://127.0.0.1:<port>/api/`). */
  apiUrl: string
  /** The Web API server (recorded calls, violations). */
  api: SlackApiServer
  /** Where signed requests go: the app's `http://127.0.0.1:<port>/slack/events`. */
  connect(eventsUrl: string): void
  close(): Promise<void>
}

/** A fresh signing secret and bot token for a sandbox run (never a real workspace's). */
export function sandboxCredentials(): { signingSecret: string; botToken: string } {
  return {
    signingSecret: randomBytes(24).toString('hex'),
    botToken: `xoxb-sandbox-${randomBytes(12).toString('hex')}`,
  }
}

/** Slack v0 request signature: `v0=` + hex HMAC-SHA256(secret, `v0:<timestamp>:<body>`). */
export function signSlackRequest(secret: string, body: string, timestamp: number): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`
}

/** A Slack id for an MSP user without one, stable for the email. */
export function derivedSlackId(email: string): string {
  const hash = createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 9).toUpperCase()
  return `U0X${hash}`
}

export async function startSandboxSlack(options: SandboxSlackOptions): Promise<SandboxEmulator> {
  const ids = options.ids ?? SANDBOX_IDS
  const api = await startSlackApiServer({ botToken: options.botToken, ...ids })
  const slack = new Emulator(api, options, ids)
  return {
    slack,
    apiUrl: api.apiUrl,
    api,
    connect: (eventsUrl) => slack.connect(eventsUrl),
    close: async () => {
      slack.detach()
      await api.close()
    },
  }
}

interface ResponseUrlContext {
  userId: string
  channelId: string
  /** The message the action came from. */
  sourceTs?: string
  /** The last message posted through this URL (or the command's ack), for replace_original. */
  lastTs?: string
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function blocksOf(value: unknown): Json[] | undefined {
  return Array.isArray(value) ? value.filter(isObject) : undefined
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** The block ids of a view's blocks. */
function blockIds(view: Json): Set<string> {
  return new Set((blocksOf(view.blocks) ?? []).map((b) => str(b.block_id)).filter((id) => id !== ''))
}

class Emulator implements SandboxSlack {
  private eventsUrl: string | undefined
  private readonly listeners = new Set<(event: ChangeEvent) => void>()
  private readonly known = new Map<string, Person>()
  private readonly channelList = new Map<string, Channel>()
  private readonly messages = new Map<string, SandboxMessage[]>()
  private readonly stacks = new Map<string, OpenView[]>()
  private readonly homes = new Map<string, Json>()
  private readonly triggers = new Map<string, string>()
  private readonly responseUrls = new Map<string, ResponseUrlContext>()
  private readonly errors: SpecError[] = []
  private readonly removers: Array<() => void>
  private errorCounter = 0
  private responseCounter = 0

  constructor(
    private readonly api: SlackApiServer,
    private readonly config: SandboxSlackOptions,
    private readonly ids: SandboxIds,
  ) {
    this.channelList.set(SANDBOX_CHANNEL.id, SANDBOX_CHANNEL)
    if (config.notifyChannelId !== undefined) {
      this.channelList.set(config.notifyChannelId, {
        id: config.notifyChannelId,
        name: 'msp-notify',
        kind: 'notify',
      })
    }
    this.remember(OUTSIDER)
    this.removers = [
      api.observe((exchange) => this.observed(exchange)),
      api.onViolation((violation) => {
        const [where = 'slack', ...rest] = violation.split(': ')
        this.error(where, rest.length > 0 ? rest.join(': ') : violation)
      }),
    ]
  }

  connect(eventsUrl: string): void {
    this.eventsUrl = eventsUrl
  }

  detach(): void {
    for (const remove of this.removers) remove()
    this.listeners.clear()
  }

  // ── what the page reads ────────────────────────────────────────────────────────────────────────────

  async people(): Promise<Person[]> {
    const rows = await this.config.directory()
    const people: Person[] = rows
      .map((row) => ({
        slackUserId: row.slackUserId ?? derivedSlackId(row.email),
        name: row.name,
        email: row.email,
        role: row.role,
      }))
      .sort((a, b) => a.name.localeCompare(b.name))
    const before = this.known.size
    for (const person of people) this.remember(person)
    if (this.known.size !== before) this.emit({ kind: 'people' })
    return [...people, OUTSIDER]
  }

  channels(): Channel[] {
    return [...this.channelList.values()].map((c) => ({ ...c }))
  }

  view(asUser: string): SandboxState {
    const channels = [...this.channelList.values()]
      .filter((c) => c.kind !== 'dm' || c.personId === asUser)
      .map((c) => ({
        ...c,
        messages: (this.messages.get(c.id) ?? [])
          .filter((m) => m.ephemeralFor === undefined || m.ephemeralFor === asUser)
          .map((m) => structuredClone(m)),
      }))
    return {
      me: asUser,
      channels,
      views: structuredClone(this.stacks.get(asUser) ?? []),
      home: structuredClone(this.homes.get(asUser) ?? null),
      errors: this.errors.map((e) => ({ ...e })),
    }
  }

  file(fileId: string): StoredFile | undefined {
    const file = this.api.files.get(fileId)
    if (file === undefined) return undefined
    return {
      id: file.id,
      name: file.name,
      title: file.title ?? file.name,
      mimetype: file.mimetype,
      content: Buffer.from(file.content),
      userId: file.userId ?? this.ids.botUserId,
    }
  }

  onChange(listener: (event: ChangeEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  announce(event: ChangeEvent): void {
    this.emit(event)
  }

  // ── what a person does ─────────────────────────────────────────────────────────────────────────────

  async command(asUser: string, channelId: string, text: string): Promise<void> {
    await this.ensurePerson(asUser)
    const typed = text.trim()
    const match = /^(\/\S+)\s*([\s\S]*)$/.exec(typed)
    const channel = this.channelList.get(channelId) ?? SANDBOX_CHANNEL
    // What they typed, shown to them only (Slack does not show slash commands to others).
    this.addMessage({
      channelId: channel.id,
      ts: this.api.world.nextTs(),
      author: asUser,
      text: typed,
      ephemeralFor: match === null ? undefined : asUser,
      edited: false,
      fileLinks: [],
    })
    if (match === null) return
    const [, command = '/msp', args = ''] = match
    const responseUrlKey = this.newResponseUrl({ userId: asUser, channelId: channel.id })
    const body = new URLSearchParams({
      token: 'sandbox-verification-token',
      team_id: this.ids.teamId,
      team_domain: this.ids.teamDomain,
      channel_id: channel.id,
      channel_name: channel.kind === 'dm' ? 'directmessage' : channel.name,
      user_id: asUser,
      user_name: this.userName(asUser),
      command,
      text: args,
      api_app_id: this.ids.appId,
      is_enterprise_install: 'false',
      response_url: this.api.responseUrl(responseUrlKey),
      trigger_id: this.newTrigger(asUser),
    }).toString()
    const ack = await this.send(
      'slash_command',
      body,
      'application/x-www-form-urlencoded',
      `command ${command}`,
    )
    const answer = parseJson(ack ?? '')
    if (isObject(answer) && (answer.text !== undefined || answer.blocks !== undefined)) {
      this.applyResponse(responseUrlKey, answer)
    }
  }

  async blockAction(
    asUser: string,
    source: ActionSource,
    action: SlackAction,
    stateValues?: ViewStateValues,
  ): Promise<void> {
    await this.ensurePerson(asUser)
    const fullAction: Json = {
      ...action,
      ...(action.type === 'button' && action.text === undefined
        ? { text: { type: 'plain_text', text: action.value ?? action.action_id, emoji: true } }
        : {}),
      action_ts: (Date.now() / 1000).toFixed(6),
    }
    const payload: Json = {
      type: 'block_actions',
      ...this.common(asUser),
      trigger_id: this.newTrigger(asUser),
      actions: [fullAction],
    }
    if ('viewId' in source) {
      const open = this.openView(asUser, source.viewId)
      if (stateValues !== undefined) open.values = structuredClone(stateValues)
      const view = this.viewPayload(open)
      payload.container = { type: 'view', view_id: open.viewId }
      payload.view = view
      payload.state = view.state
    } else {
      const message = this.findMessage(source.channelId, source.ts)
      if (message === undefined || (message.ephemeralFor ?? asUser) !== asUser)
        throw new Error(`${asUser} sees no message ${source.ts} in ${source.channelId}`)
      const ephemeral = message.ephemeralFor !== undefined
      payload.container = {
        type: 'message',
        message_ts: message.ts,
        channel_id: message.channelId,
        is_ephemeral: ephemeral,
      }
      payload.channel = { id: message.channelId, name: this.channelList.get(message.channelId)?.name ?? '' }
      if (!ephemeral) payload.message = this.messageObject(message)
      payload.state = { values: this.expandFiles(stateValues ?? {}) }
      payload.response_url = this.api.responseUrl(
        this.newResponseUrl({ userId: asUser, channelId: message.channelId, sourceTs: message.ts }),
      )
    }
    await this.send('block_actions', this.interactionBody(payload), undefined, `action ${action.action_id}`)
  }

  async options(
    asUser: string,
    source: ActionSource,
    actionId: string,
    blockId: string,
    value: string,
  ): Promise<OptionsResponse> {
    await this.ensurePerson(asUser)
    const payload: Json = {
      type: 'block_suggestion',
      ...this.common(asUser),
      action_id: actionId,
      block_id: blockId,
      value,
    }
    if ('viewId' in source) {
      const open = this.openView(asUser, source.viewId)
      payload.container = { type: 'view', view_id: open.viewId }
      payload.view = this.viewPayload(open)
    } else {
      const message = this.findMessage(source.channelId, source.ts)
      payload.container = {
        type: 'message',
        message_ts: source.ts,
        channel_id: source.channelId,
        is_ephemeral: message?.ephemeralFor !== undefined,
      }
      payload.channel = { id: source.channelId, name: this.channelList.get(source.channelId)?.name ?? '' }
    }
    const ack = await this.send(
      'block_suggestion',
      this.interactionBody(payload),
      undefined,
      `options ${actionId}`,
    )
    const answer = parseJson(ack ?? '')
    if (!isObject(answer)) return { options: [] }
    const result: OptionsResponse = {}
    if (Array.isArray(answer.options)) result.options = answer.options as OptionsResponse['options']
    if (Array.isArray(answer.option_groups))
      result.option_groups = answer.option_groups as OptionsResponse['option_groups']
    return result
  }

  async submitView(
    asUser: string,
    viewId: string,
    stateValues: ViewStateValues,
  ): Promise<{ errors?: Record<string, string> }> {
    await this.ensurePerson(asUser)
    const open = this.openView(asUser, viewId)
    open.values = structuredClone(stateValues)
    open.errors = {}
    const payload: Json = {
      type: 'view_submission',
      ...this.common(asUser),
      trigger_id: this.newTrigger(asUser),
      view: this.viewPayload(open),
      response_urls: [],
    }
    const ack = await this.send(
      'view_submission',
      this.interactionBody(payload),
      undefined,
      `view_submission ${str(open.view.callback_id)}`,
    )
    if (ack === undefined) return {}
    const answer = parseJson(ack)
    const stack = this.stacks.get(asUser) ?? []
    const at = stack.findIndex((v) => v.viewId === viewId)
    if (!isObject(answer) || answer.response_action === undefined) {
      // An empty ack closes the submitted view (and any pushed above it).
      if (at >= 0) stack.splice(at)
    } else if (answer.response_action === 'errors' && isObject(answer.errors)) {
      const errors: Record<string, string> = {}
      for (const [blockId, message] of Object.entries(answer.errors)) errors[blockId] = str(message)
      if (at >= 0) open.errors = errors
      this.emit({ kind: 'views', forUser: asUser })
      return { errors }
    } else if (answer.response_action === 'update' && at >= 0) {
      const view = this.api.world.storeView(answer.view, open.viewId)
      stack[at] = this.keepValues(open, view)
    } else if (answer.response_action === 'push') {
      const view = this.api.world.storeView(answer.view)
      stack.push({ viewId: str(view.id), view, values: {}, errors: {} })
    } else if (answer.response_action === 'clear') {
      stack.length = 0
    }
    this.stacks.set(asUser, stack)
    this.emit({ kind: 'views', forUser: asUser })
    return {}
  }

  async closeView(asUser: string, viewId: string): Promise<void> {
    const open = this.openView(asUser, viewId)
    const stack = this.stacks.get(asUser) ?? []
    const cleared = open.view.clear_on_close === true
    if (cleared) stack.length = 0
    else stack.splice(stack.indexOf(open))
    this.emit({ kind: 'views', forUser: asUser })
    if (open.view.notify_on_close === true) {
      const payload: Json = {
        type: 'view_closed',
        ...this.common(asUser),
        view: this.viewPayload(open),
        is_cleared: cleared,
      }
      await this.send('block_actions', this.interactionBody(payload), undefined, 'view_closed')
    }
  }

  async openHome(asUser: string): Promise<void> {
    await this.ensurePerson(asUser)
    const eventTime = Math.floor(Date.now() / 1000)
    const eventId = `Ev${randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase()}`
    const home = this.homes.get(asUser)
    const body = {
      token: 'sandbox-verification-token',
      team_id: this.ids.teamId,
      context_team_id: this.ids.teamId,
      context_enterprise_id: null,
      api_app_id: this.ids.appId,
      event: {
        type: 'app_home_opened',
        user: asUser,
        channel: this.api.world.dmChannelFor(asUser),
        tab: 'home',
        ...(home === undefined ? {} : { view: home }),
        event_ts: `${eventTime}.000100`,
      },
      type: 'event_callback',
      event_id: eventId,
      event_time: eventTime,
      authorizations: [
        {
          enterprise_id: null,
          team_id: this.ids.teamId,
          user_id: this.ids.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${Buffer.from(eventId).toString('base64url')}`,
    }
    await this.send('event', JSON.stringify(body), 'application/json', 'event app_home_opened')
  }

  async upload(asUser: string, name: string, bytes: Buffer, mimetype: string): Promise<{ fileId: string }> {
    const fileId = `F${String(this.api.world.next()).padStart(8, '0')}U`
    this.api.addFile({ id: fileId, name, title: name, content: Buffer.from(bytes), mimetype, userId: asUser })
    return { fileId }
  }

  // ── requests to the app ────────────────────────────────────────────────────────────────────────────

  /** POSTs a signed request to the app; returns the ack's body, or undefined when it failed or was off-spec. */
  private async send(
    kind: AckKind,
    body: string,
    contentType = 'application/x-www-form-urlencoded',
    what: string = kind,
  ): Promise<string | undefined> {
    if (this.eventsUrl === undefined) throw new Error('the sandbox is not connected to the app yet')
    const timestamp = Math.floor(Date.now() / 1000)
    const started = performance.now()
    let response: Response
    try {
      response = await fetch(this.eventsUrl, {
        method: 'POST',
        headers: {
          'Content-Type': contentType,
          'X-Slack-Request-Timestamp': String(timestamp),
          'X-Slack-Signature': signSlackRequest(this.config.signingSecret, body, timestamp),
          'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        },
        body,
        signal: AbortSignal.timeout(GIVE_UP_MS),
      })
    } catch (error) {
      this.error(`POST /slack/events (${what})`, `the app did not answer: ${String(error)}`)
      return undefined
    }
    const text = await response.text()
    const elapsed = performance.now() - started
    if (elapsed > ACK_TIMEOUT_MS) {
      this.error(
        `POST /slack/events (${what})`,
        `acked after ${Math.round(elapsed)} ms; Slack gives up after ${ACK_TIMEOUT_MS} ms`,
      )
    }
    if (response.status !== 200) {
      this.error(
        `POST /slack/events (${what})`,
        `the app answered HTTP ${response.status}: ${text.slice(0, 200)}`,
      )
      return undefined
    }
    const problems = validateAckBody(kind, text)
    for (const problem of problems) this.error(`ack ${what}`, problem)
    // Slack does not use an ack it refuses (the person sees an error instead of its message or view).
    return problems.length === 0 ? text : undefined
  }

  private interactionBody(payload: Json): string {
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString()
  }

  private common(asUser: string): Json {
    return {
      user: {
        id: asUser,
        username: this.userName(asUser),
        name: this.userName(asUser),
        team_id: this.ids.teamId,
      },
      api_app_id: this.ids.appId,
      token: 'sandbox-verification-token',
      team: { id: this.ids.teamId, domain: this.ids.teamDomain },
      enterprise: null,
      is_enterprise_install: false,
    }
  }

  private userName(userId: string): string {
    const person = this.known.get(userId)
    return (person?.email?.split('@')[0] ?? userId).toLowerCase()
  }

  private newTrigger(asUser: string): string {
    const trigger = `${Date.now()}.${Math.floor(Math.random() * 1e11)}.${randomUUID().replaceAll('-', '')}`
    this.triggers.set(trigger, asUser)
    return trigger
  }

  private newResponseUrl(context: ResponseUrlContext): string {
    this.responseCounter += 1
    const key = `S${String(this.responseCounter).padStart(5, '0')}`
    this.responseUrls.set(key, context)
    return key
  }

  private viewPayload(open: OpenView): Json {
    return { ...open.view, state: { values: this.expandFiles(open.values) } }
  }

  /** file_input values name files by id; Slack sends the whole file objects. */
  private expandFiles(values: ViewStateValues): ViewStateValues {
    const out = structuredClone(values)
    for (const block of Object.values(out)) {
      for (const value of Object.values(block)) {
        if (value.type !== 'file_input' || !Array.isArray(value.files)) continue
        value.files = value.files.map((f) => {
          const stored = this.api.files.get(str(f.id))
          return stored === undefined ? f : this.api.world.fileObject(stored)
        })
      }
    }
    return out
  }

  private openView(asUser: string, viewId: string): OpenView {
    const open = (this.stacks.get(asUser) ?? []).find((v) => v.viewId === viewId)
    if (open === undefined) throw new Error(`${asUser} has no open view ${viewId}`)
    return open
  }

  /** A view replaced in place keeps the values of the inputs it still has (as Slack does). */
  private keepValues(previous: OpenView, view: Json): OpenView {
    const still = blockIds(view)
    const values: ViewStateValues = {}
    for (const [blockId, value] of Object.entries(previous.values))
      if (still.has(blockId)) values[blockId] = value
    return { viewId: str(view.id), view, values, errors: {} }
  }

  // ── what the app did ───────────────────────────────────────────────────────────────────────────────

  private observed(exchange: Exchange): void {
    if (exchange.kind === 'response') {
      if (exchange.ok) this.applyResponse(exchange.id, exchange.body)
      return
    }
    if (!exchange.ok) return
    const { method, args, answer } = exchange
    switch (method) {
      case 'chat.postMessage': {
        const message = isObject(answer.message) ? answer.message : {}
        this.addMessage({
          channelId: this.ensureChannel(str(answer.channel)),
          ts: str(answer.ts),
          author: 'bot',
          text: str(args.text),
          blocks: blocksOf(message.blocks),
          edited: false,
          threadTs: str(args.thread_ts) || undefined,
          fileLinks: [],
        })
        break
      }
      case 'chat.postEphemeral':
        this.addMessage({
          channelId: this.ensureChannel(str(args.channel)),
          ts: str(answer.message_ts),
          author: 'bot',
          text: str(args.text),
          blocks: blocksOf(args.blocks),
          ephemeralFor: str(args.user),
          edited: false,
          fileLinks: [],
        })
        break
      case 'chat.update': {
        const message = this.findMessage(str(args.channel), str(args.ts))
        if (message === undefined) {
          this.error('chat.update', `no message ${str(args.ts)} in ${str(args.channel)} (message_not_found)`)
        } else if (message.ephemeralFor !== undefined) {
          this.error('chat.update', 'an ephemeral message can only be replaced through its response_url')
        } else {
          message.text = str(args.text)
          message.blocks = blocksOf(args.blocks)
          message.edited = true
          this.emit({ kind: 'message' })
        }
        break
      }
      case 'chat.delete': {
        const list = this.messages.get(str(args.channel)) ?? []
        const at = list.findIndex((m) => m.ts === str(args.ts))
        if (at >= 0) list.splice(at, 1)
        this.emit({ kind: 'message' })
        break
      }
      case 'views.open':
      case 'views.push':
        this.viewOpened(method, args, answer)
        break
      case 'views.update':
        this.viewUpdated(answer)
        break
      case 'views.publish':
        if (isObject(answer.view)) this.homes.set(str(args.user_id), answer.view)
        this.emit({ kind: 'views', forUser: str(args.user_id) })
        break
      case 'conversations.open':
        if (isObject(answer.channel)) this.ensureChannel(str(answer.channel.id))
        break
      case 'files.completeUploadExternal':
        this.filesShared(args)
        break
    }
  }

  private viewOpened(method: string, args: JsonObject, answer: JsonObject): void {
    const trigger = str(args.trigger_id) || str(args.interactivity_pointer)
    const asUser = this.triggers.get(trigger)
    if (asUser === undefined || !isObject(answer.view)) {
      this.error(method, `trigger_id ${trigger} was not issued by this workspace (invalid_trigger_id)`)
      return
    }
    const view = answer.view
    const stack = method === 'views.open' ? [] : (this.stacks.get(asUser) ?? [])
    if (method === 'views.push' && stack.length === 0) {
      this.error(method, 'views.push needs an open modal (push_limit_reached / not_found)')
    }
    stack.push({ viewId: str(view.id), view, values: {}, errors: {} })
    this.stacks.set(asUser, stack)
    this.emit({ kind: 'views', forUser: asUser })
  }

  private viewUpdated(answer: JsonObject): void {
    if (!isObject(answer.view)) return
    const id = str(answer.view.id)
    for (const [userId, stack] of this.stacks) {
      const at = stack.findIndex((v) => v.viewId === id)
      const previous = stack[at]
      if (previous === undefined) continue
      stack[at] = this.keepValues(previous, answer.view)
      this.emit({ kind: 'views', forUser: userId })
      return
    }
    for (const [userId, home] of this.homes) {
      if (str(home.id) === id) {
        this.homes.set(userId, answer.view)
        this.emit({ kind: 'views', forUser: userId })
      }
    }
  }

  private filesShared(args: JsonObject): void {
    const channel = str(args.channel_id) || str(args.channels).split(',')[0] || ''
    if (channel === '') return
    const links: FileLink[] = []
    for (const entry of Array.isArray(args.files) ? args.files.filter(isObject) : []) {
      const file = this.api.files.get(str(entry.id))
      if (file === undefined) continue
      links.push({
        fileId: file.id,
        name: file.name,
        title: file.title ?? file.name,
        mimetype: file.mimetype,
        size: Buffer.byteLength(file.content),
      })
    }
    this.addMessage({
      channelId: this.ensureChannel(channel),
      ts: this.api.world.nextTs(),
      author: 'bot',
      text: str(args.initial_comment),
      edited: false,
      threadTs: str(args.thread_ts) || undefined,
      fileLinks: links,
    })
  }

  /** A response_url post or a command's ack body: a new message, or replacing/deleting the original. */
  private applyResponse(key: string, body: Json): void {
    const context = this.responseUrls.get(key)
    if (context === undefined) {
      this.error('response_url', `${key} was not issued by this workspace`)
      return
    }
    const targetTs = context.sourceTs ?? context.lastTs
    if (body.delete_original === true || body.delete_original === 'true') {
      const list = this.messages.get(context.channelId) ?? []
      const at = list.findIndex((m) => m.ts === targetTs)
      if (at >= 0) list.splice(at, 1)
      this.emit({ kind: 'message', forUser: context.userId })
      return
    }
    const replace = body.replace_original === true || body.replace_original === 'true'
    const target =
      replace && targetTs !== undefined ? this.findMessage(context.channelId, targetTs) : undefined
    if (target !== undefined) {
      target.text = str(body.text)
      target.blocks = blocksOf(body.blocks)
      target.edited = true
      this.emit({ kind: 'message', forUser: target.ephemeralFor })
      return
    }
    const ts = this.api.world.nextTs()
    context.lastTs = ts
    this.addMessage({
      channelId: context.channelId,
      ts,
      author: 'bot',
      text: str(body.text),
      blocks: blocksOf(body.blocks),
      ephemeralFor: body.response_type === 'in_channel' ? undefined : context.userId,
      edited: false,
      threadTs: str(body.thread_ts) || undefined,
      fileLinks: [],
    })
  }

  // ── state ──────────────────────────────────────────────────────────────────────────────────────────

  private remember(person: Person): void {
    this.known.set(person.slackUserId, person)
    this.api.addUser({
      id: person.slackUserId,
      email: person.email ?? '',
      name: person.email?.split('@')[0] ?? person.name,
      realName: person.name,
    })
    const dm = this.api.world.dmChannelFor(person.slackUserId)
    this.channelList.set(dm, { id: dm, name: person.name, kind: 'dm', personId: person.slackUserId })
  }

  private async ensurePerson(userId: string): Promise<void> {
    if (!this.known.has(userId)) await this.people()
  }

  private ensureChannel(id: string): string {
    if (id !== '' && !this.channelList.has(id)) {
      const personId = id.startsWith('D') ? `U${id.slice(1)}` : undefined
      this.channelList.set(
        id,
        personId === undefined
          ? { id, name: id.toLowerCase(), kind: 'channel' }
          : { id, name: this.known.get(personId)?.name ?? personId, kind: 'dm', personId },
      )
    }
    return id
  }

  private findMessage(channelId: string, ts: string): SandboxMessage | undefined {
    return this.messages.get(channelId)?.find((m) => m.ts === ts)
  }

  private messageObject(message: SandboxMessage): Json {
    return {
      type: 'message',
      text: message.text,
      ...(message.author === 'bot'
        ? { user: this.ids.botUserId, bot_id: this.ids.botId, app_id: this.ids.appId }
        : { user: message.author }),
      team: this.ids.teamId,
      ts: message.ts,
      ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
    }
  }

  private addMessage(message: SandboxMessage): void {
    const list = this.messages.get(message.channelId) ?? []
    list.push(message)
    this.messages.set(message.channelId, list)
    this.emit({ kind: 'message', forUser: message.ephemeralFor })
  }

  private error(where: string, message: string): void {
    this.errorCounter += 1
    this.errors.push({ id: this.errorCounter, at: new Date().toISOString(), where, message })
    if (this.errors.length > MAX_ERRORS) this.errors.splice(0, this.errors.length - MAX_ERRORS)
    this.emit({ kind: 'error' })
  }

  private emit(event: ChangeEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch {
        // a page's listener failing must not break the workspace
      }
    }
  }
}
