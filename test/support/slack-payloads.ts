import { randomUUID } from 'node:crypto'
import type { SelectedOption, ViewStateValue, ViewStateValues } from '../../src/sandbox/emulator/types.ts'
import {
  TEST_APP_ID,
  TEST_BOT_ID,
  TEST_BOT_USER_ID,
  TEST_CHANNEL_ID,
  TEST_CHANNEL_NAME,
  TEST_TEAM_DOMAIN,
  TEST_TEAM_ID,
  TEST_VERIFICATION_TOKEN,
} from './slack-ids.ts'

type Json = Record<string, unknown>

// Slack's selection and view-state shapes: one definition, the sandbox emulator's (it speaks the same Slack).
export type { SelectedOption, ViewStateValue, ViewStateValues } from '../../src/sandbox/emulator/types.ts'

export function option(value: string, text: string = value): SelectedOption {
  return { text: { type: 'plain_text', text, emoji: true }, value }
}

/** Builders for `view.state.values` entries, one per input element type. */
export const stateValue = {
  text: (value: string | null): ViewStateValue => ({ type: 'plain_text_input', value }),
  email: (value: string | null): ViewStateValue => ({ type: 'email_text_input', value }),
  url: (value: string | null): ViewStateValue => ({ type: 'url_text_input', value }),
  number: (value: string | null): ViewStateValue => ({ type: 'number_input', value }),
  staticSelect: (value: string | null, text?: string): ViewStateValue => ({
    type: 'static_select',
    selected_option: value === null ? null : option(value, text),
  }),
  externalSelect: (value: string | null, text?: string): ViewStateValue => ({
    type: 'external_select',
    selected_option: value === null ? null : option(value, text),
  }),
  multiStaticSelect: (values: string[]): ViewStateValue => ({
    type: 'multi_static_select',
    selected_options: values.map((v) => option(v)),
  }),
  multiExternalSelect: (values: string[]): ViewStateValue => ({
    type: 'multi_external_select',
    selected_options: values.map((v) => option(v)),
  }),
  user: (id: string | null): ViewStateValue => ({ type: 'users_select', selected_user: id }),
  users: (ids: string[]): ViewStateValue => ({ type: 'multi_users_select', selected_users: ids }),
  conversation: (id: string | null): ViewStateValue => ({
    type: 'conversations_select',
    selected_conversation: id,
  }),
  conversations: (ids: string[]): ViewStateValue => ({
    type: 'multi_conversations_select',
    selected_conversations: ids,
  }),
  channel: (id: string | null): ViewStateValue => ({ type: 'channels_select', selected_channel: id }),
  channels: (ids: string[]): ViewStateValue => ({ type: 'multi_channels_select', selected_channels: ids }),
  checkboxes: (values: string[]): ViewStateValue => ({
    type: 'checkboxes',
    selected_options: values.map((v) => option(v)),
  }),
  radio: (value: string | null, text?: string): ViewStateValue => ({
    type: 'radio_buttons',
    selected_option: value === null ? null : option(value, text),
  }),
  date: (date: string | null): ViewStateValue => ({ type: 'datepicker', selected_date: date }),
  time: (time: string | null): ViewStateValue => ({ type: 'timepicker', selected_time: time }),
  dateTime: (epochSeconds: number | null): ViewStateValue => ({
    type: 'datetimepicker',
    selected_date_time: epochSeconds,
  }),
}

function userObject(userId: string, teamId: string): Json {
  const name = userId.toLowerCase()
  return { id: userId, username: name, name, team_id: teamId }
}

function team(teamId: string): Json {
  return { id: teamId, domain: TEST_TEAM_DOMAIN }
}

function common(userId: string, teamId: string = TEST_TEAM_ID): Json {
  return {
    user: userObject(userId, teamId),
    api_app_id: TEST_APP_ID,
    token: TEST_VERIFICATION_TOKEN,
    team: team(teamId),
    enterprise: null,
    is_enterprise_install: false,
  }
}

/** Unique trigger id shaped like Slack's (`<digits>.<digits>.<hex>`). */
export function newTriggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e11)}.${randomUUID().replaceAll('-', '')}`
}

function actionTs(): string {
  return `${(Date.now() / 1000).toFixed(6)}`
}

export interface ViewOptions {
  id?: string
  type?: 'modal' | 'home'
  callbackId?: string
  privateMetadata?: string
  values?: ViewStateValues
  hash?: string
  externalId?: string
  blocks?: Json[]
  title?: string
  submit?: string
  close?: string
  rootViewId?: string
  previousViewId?: string | null
  teamId?: string
}

function plain(text: string): Json {
  return { type: 'plain_text', text, emoji: true }
}

/** A view object as Slack sends it inside interaction payloads (with `state.values`). */
export function viewPayload(options: ViewOptions = {}): Json {
  const id = options.id ?? 'V0TESTVIEW'
  const type = options.type ?? 'modal'
  const isModal = type === 'modal'
  return {
    id,
    team_id: options.teamId ?? TEST_TEAM_ID,
    type,
    blocks: options.blocks ?? [],
    private_metadata: options.privateMetadata ?? '',
    callback_id: options.callbackId ?? '',
    state: { values: options.values ?? {} },
    hash: options.hash ?? '1700000000.abcdef12',
    title: isModal ? plain(options.title ?? 'Test modal') : null,
    clear_on_close: false,
    notify_on_close: false,
    close: isModal ? plain(options.close ?? 'Cancel') : null,
    submit: isModal ? plain(options.submit ?? 'Submit') : null,
    previous_view_id: options.previousViewId ?? null,
    root_view_id: options.rootViewId ?? id,
    app_id: TEST_APP_ID,
    external_id: options.externalId ?? '',
    app_installed_team_id: options.teamId ?? TEST_TEAM_ID,
    bot_id: TEST_BOT_ID,
  }
}

export interface BlockActionsOptions {
  userId: string
  actionId: string
  value?: string
  blockId?: string
  /** Element type; default button. */
  actionType?: string
  /** Extra/overriding fields of the action (selected_option, selected_user, text, …). */
  action?: Json
  responseUrl?: string
  triggerId?: string
  /** When given the action comes from this view (container type view); build it with viewPayload(). */
  view?: Json
  container?: Json
  /** The message the action came from (default: a bot message in TEST_CHANNEL_ID). */
  message?: Json
  /** Action from an ephemeral message: no message object, container.is_ephemeral. */
  ephemeral?: boolean
  channelId?: string
  teamId?: string
  /** `state.values` of the message/view inputs. */
  state?: ViewStateValues
}

/** A `block_actions` interaction payload. */
export function blockActions(options: BlockActionsOptions): Json {
  const type = options.actionType ?? 'button'
  const action: Json = {
    action_id: options.actionId,
    block_id: options.blockId ?? `block-${options.actionId}`,
    type,
    action_ts: actionTs(),
    ...(options.value === undefined ? {} : { value: options.value }),
    ...(type === 'button' ? { text: plain(options.value ?? options.actionId) } : {}),
    ...options.action,
  }
  const payload: Json = {
    type: 'block_actions',
    ...common(options.userId, options.teamId),
    trigger_id: options.triggerId ?? newTriggerId(),
    actions: [action],
  }
  if (options.view !== undefined) {
    payload.container = options.container ?? { type: 'view', view_id: options.view.id }
    payload.view = options.view
    payload.state = options.view.state ?? { values: options.state ?? {} }
  } else {
    const channelId = options.channelId ?? TEST_CHANNEL_ID
    const message = options.message ?? {
      type: 'message',
      user: TEST_BOT_USER_ID,
      bot_id: TEST_BOT_ID,
      app_id: TEST_APP_ID,
      team: options.teamId ?? TEST_TEAM_ID,
      ts: '1700000000.000100',
      text: '',
      blocks: [],
    }
    payload.container = options.container ?? {
      type: 'message',
      message_ts: message.ts,
      channel_id: channelId,
      is_ephemeral: options.ephemeral === true,
    }
    payload.channel = {
      id: channelId,
      name: channelId === TEST_CHANNEL_ID ? TEST_CHANNEL_NAME : channelId.toLowerCase(),
    }
    if (options.ephemeral !== true) payload.message = message
    payload.state = { values: options.state ?? {} }
  }
  if (options.responseUrl !== undefined) payload.response_url = options.responseUrl
  return payload
}

export interface ViewSubmissionOptions {
  userId: string
  callbackId: string
  privateMetadata?: string
  values: ViewStateValues
  viewId?: string
  viewHash?: string
  triggerId?: string
  externalId?: string
  blocks?: Json[]
  title?: string
  rootViewId?: string
  previousViewId?: string | null
  /** response_urls of conversations_select/channels_select with response_url_enabled. */
  responseUrls?: Array<{ block_id: string; action_id: string; channel_id: string; response_url: string }>
  teamId?: string
}

/** A `view_submission` payload (values in the real `view.state.values` shape). */
export function viewSubmission(options: ViewSubmissionOptions): Json {
  return {
    type: 'view_submission',
    ...common(options.userId, options.teamId),
    trigger_id: options.triggerId ?? newTriggerId(),
    view: viewPayload({
      id: options.viewId,
      callbackId: options.callbackId,
      privateMetadata: options.privateMetadata,
      values: options.values,
      hash: options.viewHash,
      externalId: options.externalId,
      blocks: options.blocks,
      title: options.title,
      rootViewId: options.rootViewId,
      previousViewId: options.previousViewId,
      teamId: options.teamId,
    }),
    response_urls: options.responseUrls ?? [],
  }
}

export interface ViewClosedOptions {
  userId: string
  callbackId: string
  privateMetadata?: string
  viewId?: string
  isCleared?: boolean
}

/** A `view_closed` payload (sent only for views with notify_on_close). */
export function viewClosed(options: ViewClosedOptions): Json {
  return {
    type: 'view_closed',
    ...common(options.userId),
    view: viewPayload({
      id: options.viewId,
      callbackId: options.callbackId,
      privateMetadata: options.privateMetadata,
    }),
    is_cleared: options.isCleared ?? false,
  }
}

export interface BlockSuggestionOptions {
  userId: string
  actionId: string
  blockId: string
  /** What the user typed. */
  value: string
  /** The view containing the external select (build with viewPayload()); default: a message container. */
  view?: Json
}

/** A `block_suggestion` (external select options load) payload. */
export function blockSuggestion(options: BlockSuggestionOptions): Json {
  const payload: Json = {
    type: 'block_suggestion',
    ...common(options.userId),
    action_id: options.actionId,
    block_id: options.blockId,
    value: options.value,
  }
  if (options.view !== undefined) {
    payload.container = { type: 'view', view_id: options.view.id }
    payload.view = options.view
  } else {
    payload.container = {
      type: 'message',
      message_ts: '1700000000.000100',
      channel_id: TEST_CHANNEL_ID,
      is_ephemeral: false,
    }
    payload.channel = { id: TEST_CHANNEL_ID, name: TEST_CHANNEL_NAME }
  }
  return payload
}

/** A global shortcut payload. */
export function globalShortcut(options: { userId: string; callbackId: string; triggerId?: string }): Json {
  return {
    type: 'shortcut',
    ...common(options.userId),
    callback_id: options.callbackId,
    trigger_id: options.triggerId ?? newTriggerId(),
    action_ts: actionTs(),
  }
}

/** An `app_home_opened` event (for eventCallback). */
export function appHomeOpened(
  userId: string,
  options: { tab?: 'home' | 'messages'; view?: Json } = {},
): Json {
  return {
    type: 'app_home_opened',
    user: userId,
    channel: `D${userId.slice(1)}`,
    tab: options.tab ?? 'home',
    ...(options.view === undefined ? {} : { view: options.view }),
  }
}
