// The emulated workspace: users, files, views, counters, and the answers Slack gives to valid calls.
import type { JsonObject } from './spec/block-kit-common.ts'
import { isObject } from './spec/block-kit-common.ts'
import { LIMITS } from './spec/limits.ts'

/** A user the emulator answers users.info / users.lookupByEmail with. */
export interface SlackUser {
  id: string
  email: string
  name: string
  /** IANA zone, default UTC. */
  tz?: string
  realName?: string
  isBot?: boolean
  deleted?: boolean
}

/** A file the emulator answers files.info with and serves at url_private_download. */
export interface SlackFile {
  id: string
  name: string
  content: string | Buffer
  mimetype: string
  title?: string
  userId?: string
}

export interface WorldIds {
  teamId: string
  teamDomain: string
  appId: string
  botUserId: string
  botId: string
  baseUrl: string
}

/** What the fake answers one valid call with; `violation` also fails the test (e.g. a reused trigger_id). */
export interface Answer {
  status?: number
  body: JsonObject
  violation?: string
}

interface StoredView {
  id: string
  hash: string
  view: JsonObject
}

const EPOCH = 1_700_000_000

function str(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

/** Offset (seconds) and long name of an IANA time zone, as users.info reports them. */
function zoneInfo(tz: string): { offset: number; label: string } {
  const now = new Date()
  const part = (style: 'longOffset' | 'long') =>
    new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: style })
      .formatToParts(now)
      .find((p) => p.type === 'timeZoneName')?.value ?? ''
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(part('longOffset'))
  const offset =
    match === null ? 0 : (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60)
  return { offset, label: part('long') }
}

/** The workspace: users, files, views, messages counters and the answers built from them. */
export class SlackWorld {
  readonly users = new Map<string, SlackUser>()
  readonly files = new Map<string, SlackFile>()
  private readonly views = new Map<string, StoredView>()
  private readonly usedTriggers = new Set<string>()
  private counter = 0

  constructor(private readonly ids: WorldIds) {}

  /** Forgets views, consumed triggers and counters; keeps users and files. */
  reset(): void {
    this.views.clear()
    this.usedTriggers.clear()
    this.counter = 0
  }

  next(): number {
    this.counter += 1
    return this.counter
  }

  nextTs(): string {
    const n = this.next()
    return `${EPOCH + n}.${String(n).padStart(6, '0')}`
  }

  answer(method: string, args: JsonObject): Answer {
    switch (method) {
      case 'auth.test':
        return { body: this.authTest() }
      case 'chat.postMessage':
        return { body: this.postMessage(args) }
      case 'chat.postEphemeral':
        return { body: { ok: true, message_ts: this.nextTs() } }
      case 'chat.update':
        return {
          body: {
            ok: true,
            channel: args.channel,
            ts: args.ts,
            text: str(args.text),
            message: this.message(args, str(args.ts)),
          },
        }
      case 'chat.delete':
        return { body: { ok: true, channel: args.channel, ts: args.ts } }
      case 'views.open':
      case 'views.push':
        return this.openView(method, args)
      case 'views.update':
        return this.updateView(args)
      case 'views.publish':
        return { body: { ok: true, view: this.storeView(args.view, `home-${str(args.user_id)}`) } }
      case 'users.info':
        return this.usersInfo(str(args.user))
      case 'users.lookupByEmail':
        return this.lookupByEmail(str(args.email))
      case 'conversations.open':
        return { body: this.conversationsOpen(args) }
      case 'conversations.info':
        return { body: { ok: true, channel: this.channel(str(args.channel)) } }
      case 'files.info':
        return this.filesInfo(str(args.file))
      case 'files.getUploadURLExternal':
        return { body: this.getUploadUrl(args) }
      case 'files.completeUploadExternal':
        return { body: this.completeUpload(args) }
      default:
        return { body: { ok: true } }
    }
  }

  private authTest(): JsonObject {
    const { teamId, teamDomain, botUserId, botId } = this.ids
    return {
      ok: true,
      url: `https://${teamDomain}.slack.com/`,
      team: 'MSP Test',
      user: 'msp-bot',
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    }
  }

  dmChannelFor(userId: string): string {
    return `D${userId.slice(1)}`
  }

  private message(args: JsonObject, ts: string): JsonObject {
    const message: JsonObject = {
      type: 'message',
      text: str(args.text),
      user: this.ids.botUserId,
      bot_id: this.ids.botId,
      app_id: this.ids.appId,
      team: this.ids.teamId,
      ts,
    }
    for (const key of ['blocks', 'attachments', 'thread_ts', 'metadata']) {
      if (args[key] !== undefined) message[key] = args[key]
    }
    return message
  }

  private postMessage(args: JsonObject): JsonObject {
    const target = str(args.channel)
    const channel = /^[UW]/.test(target) ? this.dmChannelFor(target) : target
    const ts = this.nextTs()
    return { ok: true, channel, ts, message: this.message(args, ts) }
  }

  /** Stores a view (Slack adds id, hash, …); `key` keeps an existing id (an update). */
  storeView(raw: unknown, key?: string): JsonObject {
    const input = isObject(raw) ? raw : {}
    const existing = key === undefined ? undefined : this.views.get(key)
    const n = this.next()
    const id = existing?.id ?? `V${String(n).padStart(4, '0')}`
    const hash = `${EPOCH + n}.${String(n).padStart(8, '0')}`
    const view: JsonObject = {
      id,
      team_id: this.ids.teamId,
      type: input.type,
      blocks: [],
      private_metadata: '',
      callback_id: '',
      external_id: '',
      state: { values: {} },
      hash,
      title: null,
      close: null,
      submit: null,
      clear_on_close: false,
      notify_on_close: false,
      previous_view_id: null,
      root_view_id: id,
      app_id: this.ids.appId,
      app_installed_team_id: this.ids.teamId,
      bot_id: this.ids.botId,
      ...input,
    }
    const stored = { id, hash, view }
    this.views.set(key ?? id, stored)
    if (key !== undefined) this.views.set(id, stored)
    const externalId = str(input.external_id)
    if (externalId !== '') this.views.set(`external-${externalId}`, stored)
    return view
  }

  private openView(method: string, args: JsonObject): Answer {
    const trigger = str(args.trigger_id) || str(args.interactivity_pointer)
    if (LIMITS.triggerSingleUse && this.usedTriggers.has(trigger)) {
      return {
        body: { ok: false, error: 'exchanged_trigger_id' },
        violation: `${method}: trigger_id ${trigger} was already used (trigger_id.expiry: single use)`,
      }
    }
    this.usedTriggers.add(trigger)
    return { body: { ok: true, view: this.storeView(args.view) } }
  }

  private updateView(args: JsonObject): Answer {
    const key = str(args.view_id) || `external-${str(args.external_id)}`
    const current = this.views.get(key)
    const hash = str(args.hash)
    if (current !== undefined && hash !== '' && hash !== current.hash) {
      return { body: { ok: false, error: 'hash_conflict' } }
    }
    const view = this.storeView(args.view, current?.id ?? (str(args.view_id) || undefined))
    return { body: { ok: true, view } }
  }

  private userObject(user: SlackUser): JsonObject {
    const tz = user.tz ?? 'UTC'
    const { offset, label } = zoneInfo(tz)
    const realName = user.realName ?? user.name
    return {
      id: user.id,
      team_id: this.ids.teamId,
      name: user.name,
      deleted: user.deleted ?? false,
      real_name: realName,
      tz,
      tz_label: label,
      tz_offset: offset,
      is_admin: false,
      is_owner: false,
      is_bot: user.isBot ?? false,
      is_app_user: false,
      updated: EPOCH,
      profile: {
        email: user.email,
        real_name: realName,
        real_name_normalized: realName,
        display_name: user.name,
        display_name_normalized: user.name,
        team: this.ids.teamId,
      },
    }
  }

  private usersInfo(id: string): Answer {
    const user = this.users.get(id)
    if (user !== undefined) return { body: { ok: true, user: this.userObject(user) } }
    if (id === this.ids.botUserId) {
      const bot = this.userObject({ id, email: '', name: 'msp-bot', isBot: true })
      return {
        body: {
          ok: true,
          user: { ...bot, profile: { ...(bot.profile as JsonObject), bot_id: this.ids.botId } },
        },
      }
    }
    return { body: { ok: false, error: 'user_not_found' } }
  }

  private lookupByEmail(email: string): Answer {
    const wanted = email.toLowerCase()
    for (const user of this.users.values()) {
      if (user.email.toLowerCase() === wanted) return { body: { ok: true, user: this.userObject(user) } }
    }
    return { body: { ok: false, error: 'users_not_found' } }
  }

  private conversationsOpen(args: JsonObject): JsonObject {
    const users = str(args.users)
      .split(',')
      .filter((u) => u !== '')
    const id =
      str(args.channel) ||
      (users.length === 1 ? this.dmChannelFor(users[0] ?? '') : `G${users.join('').slice(0, 10)}`)
    if (args.return_im !== true && args.return_im !== 'true') return { ok: true, channel: { id } }
    return { ok: true, channel: this.channel(id) }
  }

  channel(id: string): JsonObject {
    const isIm = id.startsWith('D')
    return {
      id,
      name: isIm ? undefined : id.toLowerCase(),
      is_channel: id.startsWith('C'),
      is_group: id.startsWith('G'),
      is_im: isIm,
      is_mpim: false,
      is_private: !id.startsWith('C'),
      is_archived: false,
      is_general: false,
      is_member: true,
      created: EPOCH,
      ...(isIm ? { user: `U${id.slice(1)}` } : {}),
    }
  }

  fileObject(file: SlackFile): JsonObject {
    const url = `${this.ids.baseUrl}files/${file.id}`
    return {
      id: file.id,
      name: file.name,
      title: file.title ?? file.name,
      mimetype: file.mimetype,
      filetype: file.name.includes('.') ? file.name.split('.').pop() : 'text',
      size: Buffer.byteLength(file.content),
      user: file.userId ?? this.ids.botUserId,
      created: EPOCH,
      timestamp: EPOCH,
      url_private: url,
      url_private_download: url,
      is_external: false,
      mode: 'hosted',
    }
  }

  private filesInfo(id: string): Answer {
    const file = this.files.get(id)
    if (file === undefined) return { body: { ok: false, error: 'file_not_found' } }
    return { body: { ok: true, file: this.fileObject(file) } }
  }

  private getUploadUrl(args: JsonObject): JsonObject {
    const id = `F${String(this.next()).padStart(8, '0')}`
    this.files.set(id, { id, name: str(args.filename), content: '', mimetype: 'application/octet-stream' })
    return { ok: true, upload_url: `${this.ids.baseUrl}upload/${id}`, file_id: id }
  }

  private completeUpload(args: JsonObject): JsonObject {
    const files = Array.isArray(args.files) ? args.files : []
    const out = files.filter(isObject).map((f) => {
      const stored = this.files.get(str(f.id))
      if (stored !== undefined && typeof f.title === 'string') stored.title = f.title
      return stored === undefined ? { id: f.id, title: f.title } : this.fileObject(stored)
    })
    return { ok: true, files: out }
  }
}
