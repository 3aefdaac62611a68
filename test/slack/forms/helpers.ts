// Shared steps of the Edit-form tests: drive the real app like Slack does, and read what it answered.
//   const form = await openForm(t, 'U1', 'customer Zylker')       // /msp … → the views.open'd modal
//   const ack = await submit(t, 'U1', form.view, preferencesValues(w, { groups: ['Site24x7'] }))
//   const reply = await replyTo(t, form)                            // the ephemeral result via response_url
import { expect } from 'vitest'
import type { RecordedCall, RecordedResponse } from '../../support/fake-slack.ts'
import type { SeededWorld } from '../../support/seed.ts'
import { SIGNING_SECRET, type SlackAppHarness } from '../../support/slack-app.ts'
import {
  type BlockActionsOptions,
  blockActions,
  interaction,
  newTriggerId,
  option,
  type PostSignedOptions,
  type SignedResponse,
  slashCommand,
  type ViewStateValues,
  viewSubmission,
} from '../../support/slack-request.ts'
import { type AckKind, validateAckBody } from '../../support/slack-spec/response-validator.ts'

type Json = Record<string, unknown>

/** Slack gives up on an ack after 3 s (block-kit-limits.json ack.timeout): a deadline, not a perf target. */
export const ACK_DEADLINE_MS = 3000

/** An acked request: status, the parsed ack body, and how long it took. */
export interface Ack {
  status: number
  body: Json
  text: string
  elapsedMs: number
}

/** Checks what every answered request must satisfy: 200, within Slack's deadline, an ack Slack accepts. */
export function expectAck(kind: AckKind, res: SignedResponse): Ack {
  expect(res.status, res.text).toBe(200)
  expect(res.elapsedMs).toBeLessThan(ACK_DEADLINE_MS)
  expect(validateAckBody(kind, res.text)).toEqual([])
  const body = res.json !== null && typeof res.json === 'object' ? (res.json as Json) : {}
  return { status: res.status, body, text: res.text, elapsedMs: res.elapsedMs }
}

/** Every `text` string in a Block Kit structure, joined by newlines, with mrkdwn bold marks removed. */
export function textOf(value: unknown): string {
  const out: string[] = []
  const walk = (v: unknown) => {
    if (Array.isArray(v)) for (const item of v) walk(item)
    else if (v !== null && typeof v === 'object') {
      for (const [key, inner] of Object.entries(v)) {
        if (key === 'text' && typeof inner === 'string') out.push(inner)
        else walk(inner)
      }
    }
  }
  walk(value)
  return out.join('\n').replace(/\*/g, '')
}

/** Every element with `action_id` in a list of blocks (buttons, selects, …). */
export function elementsOf(blocks: unknown): Json[] {
  const out: Json[] = []
  const walk = (v: unknown) => {
    if (Array.isArray(v)) for (const item of v) walk(item)
    else if (v !== null && typeof v === 'object') {
      const o = v as Json
      if (typeof o.action_id === 'string') out.push(o)
      for (const inner of Object.values(o)) walk(inner)
    }
  }
  walk(blocks)
  return out
}

/** The first element with this action_id; fails the test when there is none. */
export function elementOf(blocks: unknown, actionId: string): Json {
  const found = elementsOf(blocks).find((e) => e.action_id === actionId)
  if (!found) throw new Error(`no element ${actionId} in ${JSON.stringify(blocks).slice(0, 2000)}`)
  return found
}

/** A modal as the app sent it (views.open/push, or an ack's `view`). */
export interface SentView {
  callback_id?: string
  private_metadata?: string
  title?: { text: string }
  submit?: { text: string }
  notify_on_close?: boolean
  blocks: Json[]
}

export function asView(value: unknown): SentView {
  expect(value, 'expected a view').toMatchObject({ type: 'modal', blocks: expect.any(Array) })
  return value as SentView
}

/** The response_url id (`R0001`) of a URL from `fake.responseUrl()`. */
export const responseIdOf = (url: string) => decodeURIComponent(url.split('/response/')[1] ?? '')

export interface Command {
  ack: Ack
  responseUrl: string
  responseId: string
  triggerId: string
}

/** Sends `/msp <text>` as `userId`; checks the ack. */
export async function command(
  t: SlackAppHarness,
  userId: string,
  text: string,
  options: { triggerId?: string; responseUrl?: string } = {},
): Promise<Command> {
  const responseUrl = options.responseUrl ?? t.fake.responseUrl()
  const triggerId = options.triggerId ?? newTriggerId()
  const res = await slashCommand(t.url(), SIGNING_SECRET, { text, userId, responseUrl, triggerId })
  return {
    ack: expectAck('slash_command', res),
    responseUrl,
    responseId: responseIdOf(responseUrl),
    triggerId,
  }
}

export interface OpenedForm extends Command {
  call: RecordedCall
  view: SentView
}

/** `/msp <text>` that opens a modal: the views.open call made with this command's trigger_id. */
export async function openForm(t: SlackAppHarness, userId: string, text: string): Promise<OpenedForm> {
  const cmd = await command(t, userId, text)
  const call = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === cmd.triggerId)
  return { ...cmd, call, view: asView(call.args.view) }
}

/** The next reply posted to a command's response_url after `skip` earlier ones. */
/**
 * The command's answer number `skip`: a command that had its first answer ready put it in the ack (then
 * any further answers are posted to its response_url).
 */
export async function replyTo(
  t: SlackAppHarness,
  cmd: { responseId: string; ack?: Ack },
  skip = 0,
): Promise<Pick<RecordedResponse, 'id' | 'body'>> {
  const inAck = cmd.ack !== undefined && cmd.ack.text.trim() !== ''
  if (inAck && skip === 0) return { id: cmd.responseId, body: cmd.ack?.body ?? {} }
  let seen = 0
  const posted = inAck ? skip - 1 : skip
  return t.fake.waitForResponse((r) => r.id === cmd.responseId && seen++ === posted)
}

export const repliesTo = (t: SlackAppHarness, cmd: { responseId: string }) =>
  t.fake.responses.filter((r) => r.id === cmd.responseId)

export interface SubmitOptions {
  triggerId?: string
  viewId?: string
  signed?: PostSignedOptions
}

/** Submits a modal the app sent (its callback_id and private_metadata) with these input values. */
export async function submit(
  t: SlackAppHarness,
  userId: string,
  view: SentView,
  values: ViewStateValues,
  options: SubmitOptions = {},
): Promise<Ack> {
  const res = await interaction(t.url(), SIGNING_SECRET, submissionPayload(userId, view, values, options), {
    ...options.signed,
  })
  return expectAck('view_submission', res)
}

export function submissionPayload(
  userId: string,
  view: SentView,
  values: ViewStateValues,
  options: SubmitOptions = {},
): Json {
  return viewSubmission({
    userId,
    callbackId: view.callback_id ?? '',
    privateMetadata: view.private_metadata ?? '',
    values,
    blocks: view.blocks,
    title: view.title?.text,
    viewId: options.viewId,
    triggerId: options.triggerId,
  })
}

/** Clicks a button. */
export async function click(t: SlackAppHarness, options: BlockActionsOptions): Promise<Ack> {
  const res = await interaction(t.url(), SIGNING_SECRET, blockActions(options))
  return expectAck('block_actions', res)
}

/** The `response_action` view of a view_submission ack. */
export function ackedView(ack: Ack, action: 'push' | 'update'): SentView {
  expect(ack.body.response_action, ack.text).toBe(action)
  return asView(ack.body.view)
}

const selected = (ids: number[], names: string[]) => ids.map((id, i) => option(String(id), names[i]))

/** Edit Customer Preferences values, by names. */
export function preferencesValues(
  w: SeededWorld,
  fields: { groups?: string[]; users?: string[]; contact?: string | null },
): ViewStateValues {
  const groups = fields.groups ?? []
  const users = fields.users ?? []
  const contact = fields.contact ?? null
  return {
    groups: {
      pick_groups: {
        type: 'multi_external_select',
        selected_options: selected(w.groupIds(...groups), groups),
      },
    },
    direct_users: {
      pick_users: { type: 'multi_external_select', selected_options: selected(w.userIds(...users), users) },
    },
    account_contact: {
      pick_account_contact: {
        type: 'external_select',
        selected_option: contact === null ? null : option(String(w.userId(contact)), contact),
      },
    },
  }
}

/** Edit Customer Group values, by names. */
export function groupValues(
  w: SeededWorld,
  fields: { name: string; customers?: string[]; users?: string[]; isDefault?: boolean },
): ViewStateValues {
  const customers = fields.customers ?? []
  const users = fields.users ?? []
  return {
    name: { group_name: { type: 'plain_text_input', value: fields.name } },
    customers: {
      pick_customers: {
        type: 'multi_external_select',
        selected_options: selected(w.customerIds(...customers), customers),
      },
    },
    users: {
      pick_users: { type: 'multi_external_select', selected_options: selected(w.userIds(...users), users) },
    },
    is_default: {
      is_default: {
        type: 'checkboxes',
        selected_options: fields.isDefault ? [option('default', 'Default group (listed first)')] : [],
      },
    },
  }
}

/** Counts of the rows a save writes, for "nothing written" / "written once" checks. */
export async function writes(t: SlackAppHarness) {
  const db = t.db()
  const [audit, pending, actions] = await Promise.all([
    db.auditLog.count(),
    db.pendingPlan.count(),
    db.auditLog.findMany({ select: { action: true }, orderBy: { id: 'asc' } }),
  ])
  return { audit, pending, actions: actions.map((a) => a.action) }
}
