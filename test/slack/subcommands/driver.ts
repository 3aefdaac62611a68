// Drives the real app like Slack does, for the end-to-end command tests: a slash command and its
// ephemeral reply or modal, a form submission and its ack, a click, an options load, an App Home event.
// Every ack body is checked against Slack's rules; the fake Slack checks every outgoing call.
import { expect } from 'vitest'
import type { RecordedCall, RecordedResponse } from '../../support/fake-slack.ts'
import { SIGNING_SECRET, type SlackAppHarness } from '../../support/slack-app.ts'
import {
  appHomeOpened,
  blockActions,
  blockSuggestion,
  eventCallback,
  interaction,
  newTriggerId,
  type SignedResponse,
  slashCommand,
  stateValue,
  type ViewStateValues,
  viewPayload,
  viewSubmission,
} from '../../support/slack-request.ts'
import { validateAckBody } from '../../support/slack-spec/response-validator.ts'

export type Json = Record<string, unknown>

/** Every `text` string anywhere in a message, view or block list, in document order. */
export function texts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(texts)
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([key, v]) =>
    key === 'text' && typeof v === 'string' ? [v] : texts(v),
  )
}

/**
 * What a person reads for a mrkdwn text, by Slack's formatting rules: `<…>` is a control sequence
 * (mention, channel, link: its label, or the target when there is none), and `&lt;` `&gt;` `&amp;` are
 * the escaped `<` `>` `&`.
 */
export function shown(mrkdwn: string): string {
  return mrkdwn
    .replace(/<([^<>]*)>/g, (_, inner: string) => {
      const [target = '', label] = inner.split('|')
      if (label !== undefined) return target.startsWith('@') ? `@${label}` : label
      if (target.startsWith('@')) return `@${target.slice(1)}`
      if (target.startsWith('#')) return `#${target.slice(1)}`
      if (target.startsWith('!')) return `@${target.slice(1)}`
      return target
    })
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
}

/** All the text of a message or view as shown, one line per text. */
export const shownText = (value: unknown) => texts(value).map(shown).join('\n')

/** Blocks of a view or message, by block_id. */
export function blockById(view: Json, blockId: string): Json | undefined {
  const blocks = (view.blocks ?? []) as Json[]
  return blocks.find((b) => b.block_id === blockId)
}

/** The label of an input block. */
export function labelOf(view: Json, blockId: string): string | undefined {
  return (blockById(view, blockId)?.label as { text: string } | undefined)?.text
}

/** The element of an input block. */
export function elementOf(view: Json, blockId: string): Json {
  const block = blockById(view, blockId)
  if (block === undefined) throw new Error(`no block ${blockId} in ${JSON.stringify(view).slice(0, 500)}`)
  return block.element as Json
}

/** The title of a view. */
export const titleOf = (view: Json) => (view.title as { text: string }).text

/** The parsed private_metadata of a view (what the form edits, where it answers). */
export const metadataOf = (view: Json) => JSON.parse(String(view.private_metadata)) as Record<string, unknown>

/** Option texts of an options list (initial_options, options). */
export const optionTexts = (options: unknown) =>
  ((options ?? []) as Array<{ text: { text: string } }>).map((o) => o.text.text)

/** Every button (action_id, value, text) in a block list, in order. */
export function buttons(blocks: unknown): Array<{ actionId: string; value?: string; text: string }> {
  const found: Array<{ actionId: string; value?: string; text: string }> = []
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk)
    if (typeof v !== 'object' || v === null) return
    const o = v as Json
    if (o.type === 'button')
      found.push({
        actionId: String(o.action_id),
        value: o.value as string | undefined,
        text: (o.text as { text: string }).text,
      })
    for (const child of Object.values(o)) walk(child)
  }
  walk(blocks)
  return found
}

const responseIdOf = (url: string) => decodeURIComponent(url.split('/').pop() ?? '')

export interface SentCommand {
  res: SignedResponse
  responseUrl: string
  responseId: string
  triggerId: string
}

export interface SubmitOptions {
  /** The view id Slack gives the submitted view (default: the payload builder's). */
  viewId?: string
}

let viewCounter = 0

/** A view as Slack sends it back in interactions, from what the app opened/pushed (`args.view`). */
export function asShownView(view: Json, values: ViewStateValues = {}, id?: string): Json {
  viewCounter += 1
  return viewPayload({
    id: id ?? `V0SHOWN${viewCounter}`,
    type: (view.type as 'modal' | 'home' | undefined) ?? 'modal',
    callbackId: (view.callback_id as string | undefined) ?? '',
    privateMetadata: (view.private_metadata as string | undefined) ?? '',
    blocks: (view.blocks as Json[] | undefined) ?? [],
    title: (view.title as { text: string } | undefined)?.text,
    values,
  })
}

export interface GroupForm {
  name: string
  customerIds?: number[]
  userIds?: number[]
  isDefault?: boolean
}

/** `view.state.values` of Add/Edit Customer Group as Slack sends them. */
export function groupValues(group: GroupForm): ViewStateValues {
  return {
    name: { group_name: stateValue.text(group.name) },
    customers: { pick_customers: stateValue.multiExternalSelect((group.customerIds ?? []).map(String)) },
    users: { pick_users: stateValue.multiExternalSelect((group.userIds ?? []).map(String)) },
    is_default: { is_default: stateValue.checkboxes(group.isDefault ? ['default'] : []) },
  }
}

/** `view.state.values` of Edit User; `role` only when the form shows the role select. */
export function userValues(groupIds: number[], role?: string): ViewStateValues {
  return {
    ...(role === undefined ? {} : { role: { pick_role: stateValue.staticSelect(role) } }),
    groups: { pick_groups: stateValue.multiExternalSelect(groupIds.map(String)) },
  }
}

export function driver(t: SlackAppHarness) {
  const d = {
    /** Sends `/msp <text>` as `userId`; the ack (empty, or the answer) must be a valid 200 within Slack's 3 s. */
    async command(userId: string, text: string): Promise<SentCommand> {
      const responseUrl = t.fake.responseUrl()
      const triggerId = newTriggerId()
      const res = await slashCommand(t.url(), SIGNING_SECRET, { text, userId, responseUrl, triggerId })
      expect(res.status).toBe(200)
      expect(validateAckBody('slash_command', res.text)).toEqual([])
      expect(res.elapsedMs).toBeLessThan(3000)
      return { res, responseUrl, responseId: responseIdOf(responseUrl), triggerId }
    },

    /** The (first) reply posted to a response_url. */
    async responseTo(responseUrl: string): Promise<RecordedResponse> {
      const id = responseIdOf(responseUrl)
      return t.fake.waitForResponse((r) => r.id === id)
    },

    /** The first answer to a command: in its ack when it had it ready, else posted to its response_url. */
    async answerTo(sent: SentCommand): Promise<Json> {
      if (sent.res.text.trim() !== '') return sent.res.json as Json
      return (await d.responseTo(sent.responseUrl)).body
    },

    /** `/msp <text>` and its reply, which must be ephemeral. */
    async reply(userId: string, text: string): Promise<{ body: Json; shown: string; sent: SentCommand }> {
      const sent = await d.command(userId, text)
      const body = await d.answerTo(sent)
      expect(body.response_type).toBe('ephemeral')
      return { body, shown: shownText(body), sent }
    },

    /** `/msp <text>` that must open a modal (views.open with the command's trigger_id); returns the view. */
    async openModal(userId: string, text: string): Promise<{ view: Json; sent: SentCommand }> {
      const sent = await d.command(userId, text)
      const call = await t.fake.waitFor(
        (e) =>
          (e.kind === 'call' && e.method === 'views.open' && e.args.trigger_id === sent.triggerId) ||
          (e.kind === 'response' && e.id === sent.responseId),
      )
      if (call.kind !== 'call') throw new Error(`expected a modal, got a reply: ${JSON.stringify(call.body)}`)
      return { view: call.args.view as Json, sent }
    },

    /** Submits a view the app opened, with `values`; returns the ack (its JSON body, validated). */
    async submit(
      userId: string,
      view: Json,
      values: ViewStateValues,
      options: SubmitOptions = {},
    ): Promise<{ status: number; ack: Json }> {
      const payload = viewSubmission({
        userId,
        callbackId: String(view.callback_id ?? ''),
        privateMetadata: (view.private_metadata as string | undefined) ?? '',
        values,
        blocks: (view.blocks as Json[] | undefined) ?? [],
        title: (view.title as { text: string } | undefined)?.text,
        viewId: options.viewId,
      })
      const res = await interaction(t.url(), SIGNING_SECRET, payload)
      expect(res.status).toBe(200)
      expect(validateAckBody('view_submission', res.text)).toEqual([])
      expect(res.elapsedMs).toBeLessThan(3000)
      return { status: res.status, ack: (res.json ?? {}) as Json }
    },

    /** Clicks a button; `view` when it sits in a view (modal or home), else in a message with `responseUrl`. */
    async click(
      userId: string,
      actionId: string,
      value: string,
      where: { view?: Json; responseUrl?: string } = {},
    ): Promise<{ triggerId: string }> {
      const triggerId = newTriggerId()
      const res = await interaction(
        t.url(),
        SIGNING_SECRET,
        blockActions({
          userId,
          actionId,
          value,
          view: where.view,
          responseUrl: where.responseUrl,
          triggerId,
        }),
      )
      expect(res.status).toBe(200)
      expect(validateAckBody('block_actions', res.text)).toEqual([])
      return { triggerId }
    },

    /** An external select's options load; returns the option texts and values. */
    async suggest(
      userId: string,
      actionId: string,
      blockId: string,
      value: string,
      view?: Json,
    ): Promise<Array<{ text: string; value: string }>> {
      const res = await interaction(
        t.url(),
        SIGNING_SECRET,
        blockSuggestion({ userId, actionId, blockId, value, view }),
      )
      expect(res.status).toBe(200)
      expect(validateAckBody('block_suggestion', res.text)).toEqual([])
      const options = ((res.json as { options?: Array<{ text: { text: string }; value: string }> })
        ?.options ?? []) as Array<{ text: { text: string }; value: string }>
      return options.map((o) => ({ text: o.text.text, value: o.value }))
    },

    /** An `app_home_opened` event delivery (a retry when `retryNum` is given). */
    async homeOpened(
      userId: string,
      eventId: string,
      retryNum?: number,
      tab: 'home' | 'messages' = 'home',
    ): Promise<void> {
      const res = await eventCallback(t.url(), SIGNING_SECRET, appHomeOpened(userId, { tab }), {
        eventId,
        retryNum,
        retryReason: retryNum === undefined ? undefined : 'http_timeout',
      })
      expect(res.status).toBe(200)
      expect(validateAckBody('event', res.text)).toEqual([])
    },

    /** The first views.publish for `userId`. */
    async published(userId: string): Promise<RecordedCall> {
      return t.fake.waitForCall('views.publish', (c) => c.args.user_id === userId)
    },

    /** `/msp group add`, then submits the form; returns the ack. */
    async addGroup(userId: string, group: GroupForm): Promise<Json> {
      const { view, sent } = await d.openModal(userId, 'group add')
      expect(view.callback_id).toBe('add_customer_group')
      const { ack } = await d.submit(userId, view, groupValues(group))
      if (ack.response_action === 'clear') await d.responseTo(sent.responseUrl) // the result
      return ack
    },
  }
  return d
}

/** Waits a little for anything still in flight (to assert that nothing more happened). */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms))
