// The sandbox's Slack, as the page (src/sandbox/page) sees it: people, channels, messages, view stacks,
// files and the errors Slack would have reported. Plain data, JSON-serialisable.

export type Json = Record<string, unknown>

/** Someone the page can act as: an MSP user of the book, or the outsider (role null). */
export interface Person {
  slackUserId: string
  name: string
  email: string | null
  /** The MSP role; null for the outsider (no MSP account). */
  role: string | null
}

export type ChannelKind = 'channel' | 'notify' | 'dm'

export interface Channel {
  id: string
  /** `msp` for the public channel, `msp-notify` for the notify channel, the person's name for a DM. */
  name: string
  kind: ChannelKind
  /** For a DM: whose DM with the app it is. */
  personId?: string
}

/** A link to a file the app uploaded (files.completeUploadExternal) or a person uploaded. */
export interface FileLink {
  fileId: string
  name: string
  title: string
  mimetype: string
  size: number
}

export interface SandboxMessage {
  channelId: string
  ts: string
  /** `bot` for the app's messages; a person's Slack id for what they typed (their slash commands). */
  author: 'bot' | string
  text: string
  /** The blocks as the app sent them (absent for text-only messages). */
  blocks?: Json[]
  /** Set when only this person sees it (ephemeral replies, their own slash commands). */
  ephemeralFor?: string
  /** True after chat.update or a replace_original. */
  edited: boolean
  threadTs?: string
  fileLinks: FileLink[]
}

/** One modal of a person's view stack, bottom first. */
export interface OpenView {
  viewId: string
  /** The view JSON as the app sent it, with Slack's fields (id, hash, …) added. */
  view: Json
  /** The input values the page last sent for this view (`view.state.values`). */
  values: ViewStateValues
  /** From the last submission answered with response_action: errors (block_id → message). */
  errors: Record<string, string>
}

/** An error Slack would have reported (an off-spec Web API call, a bad ack, the app not answering …). */
export interface SpecError {
  id: number
  at: string
  /** e.g. `chat.postMessage`, `response_url`, `ack view_submission`, `POST /slack/events`. */
  where: string
  message: string
}

/** Everything one person sees. */
export interface SandboxState {
  me: string
  channels: Array<Channel & { messages: SandboxMessage[] }>
  /** The modal stack, bottom first; empty when no modal is open. */
  views: OpenView[]
  /** Their App Home tab as last published (views.publish), if any. */
  home: Json | null
  /** The most recent spec errors (newest last), for everyone. */
  errors: SpecError[]
}

/** An option as Slack echoes it in selections. */
export interface SelectedOption {
  text: { type: 'plain_text' | 'mrkdwn'; text: string; emoji?: boolean }
  value: string
  description?: { type: 'plain_text' | 'mrkdwn'; text: string }
}

/**
 * One input's entry in `view.state.values[blockId][actionId]`, as Slack sends it. For a file_input the
 * page sends `{ type: 'file_input', files: [{ id }] }` with ids from `upload`; the emulator fills in the
 * file objects as Slack does.
 */
export interface ViewStateValue {
  type: string
  value?: string | null
  selected_option?: SelectedOption | null
  selected_options?: SelectedOption[]
  selected_user?: string | null
  selected_users?: string[]
  selected_conversation?: string | null
  selected_conversations?: string[]
  selected_channel?: string | null
  selected_channels?: string[]
  selected_date?: string | null
  selected_time?: string | null
  selected_date_time?: number | null
  rich_text_value?: Json
  files?: Json[]
}

export type ViewStateValues = Record<string, Record<string, ViewStateValue>>

/**
 * The action a person took, as Slack reports it in `actions[0]`: the element's `type`, `action_id`,
 * `block_id` and what was chosen (`value` of a button, `selected_option` of a select/overflow/radio,
 * `selected_options` of checkboxes/multi-selects …). The emulator adds `action_ts` (and a button's `text`
 * when missing).
 */
export interface SlackAction {
  type: string
  action_id: string
  block_id: string
  value?: string
  text?: { type: 'plain_text'; text: string; emoji?: boolean }
  selected_option?: SelectedOption | null
  selected_options?: SelectedOption[]
  [key: string]: unknown
}

/** Where an action or an options load came from: a message in a channel, or an open modal. */
export type ActionSource = { channelId: string; ts: string } | { viewId: string }

/** What the app answered a block_suggestion with (options or option_groups). */
export interface OptionsResponse {
  options?: SelectedOption[]
  option_groups?: Array<{ label: { type: 'plain_text'; text: string }; options: SelectedOption[] }>
}

export type ChangeKind = 'message' | 'views' | 'error' | 'outbox' | 'people'

/** Something changed; `forUser` when it concerns one person only (their ephemeral, their views). */
export interface ChangeEvent {
  kind: ChangeKind
  forUser?: string
}

export interface StoredFile {
  id: string
  name: string
  title: string
  mimetype: string
  content: Buffer
  /** Who uploaded it (a person, or the bot). */
  userId: string
}
