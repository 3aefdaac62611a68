// The sandbox page as server-rendered HTML: the whole document for GET /, and the fragments the script
// swaps in after each change (channel list, the open channel or outbox, the modal on top of the person's
// view stack, the errors Slack would have reported). Pure functions of the emulator's state.
import type { OutboxEntry } from '../../services/mail/list-outbox.ts'
import type { Channel, OpenView, Person, SandboxMessage, SandboxState, SpecError } from '../emulator/types.ts'
import { renderBlocks, textObject } from './blocks.ts'
import { EMPTY, type Html, html, safeHref } from './html.ts'
import { idMaker } from './ids.ts'
import { obj, str } from './json.ts'
import type { MentionNames } from './mrkdwn.ts'
import { mrkdwnToHtml } from './mrkdwn.ts'

/** The tab that shows the outbox instead of a channel. */
export const OUTBOX_TAB = 'outbox'
export const APP_NAME = 'msp-bot'

export interface PageModel {
  state: SandboxState
  people: Person[]
  /** The open tab: a channel id, or OUTBOX_TAB. */
  tab: string
  /** Mail the app would send (newest first); undefined when the page has no outbox. */
  outbox?: OutboxEntry[]
}

export interface Fragments {
  title: string
  channels: string
  main: string
  errors: string
  /** The top of the view stack; `key` changes only when the modal itself changes (not the person's typing). */
  modal: { key: string; html: string } | null
}

const roleWords = (role: string | null) => role ?? 'no MSP account'

export function personLabel(p: Person): string {
  return p.role === null
    ? /no MSP account/i.test(p.name)
      ? p.name
      : `${p.name} (no MSP account)`
    : `${p.name}${p.email ? ` — ${p.email}` : ''} (${roleWords(p.role)})`
}

function namesOf(model: PageModel): MentionNames {
  const people = new Map(model.people.map((p) => [p.slackUserId, p.name]))
  const channels = new Map(model.state.channels.map((c) => [c.id, c.name]))
  return { userName: (id) => people.get(id), channelName: (id) => channels.get(id) }
}

export function channelTitle(channel: Channel, people: Person[]): string {
  if (channel.kind === 'dm') {
    const other = people.find((p) => p.slackUserId === channel.personId)
    return `${APP_NAME} (DM${other ? ` with ${other.name}` : ''})`
  }
  return `#${channel.name}${channel.kind === 'notify' ? ' (notifications)' : ''}`
}

const tabTitle = (model: PageModel): string => {
  if (model.tab === OUTBOX_TAB) return 'Outbox'
  const channel = model.state.channels.find((c) => c.id === model.tab)
  return channel ? channelTitle(channel, model.people) : 'Channel'
}

function channelList(model: PageModel): Html {
  const entry = (id: string, label: string, count?: number) =>
    html`<li><button type="button" data-tab="${id}"${model.tab === id ? html` aria-current="page"` : EMPTY}>${label}${count ? html` <span class="count" aria-hidden="true">(${count})</span>` : EMPTY}</button></li>`
  const group = (heading: string, channels: SandboxState['channels']) =>
    channels.length === 0
      ? EMPTY
      : html`<h2 class="channel-heading">${heading}</h2><ul class="plain">${channels.map((c) => entry(c.id, c.kind === 'dm' ? APP_NAME : `#${c.name}`, c.messages.length))}</ul>`
  const channels = model.state.channels
  return html`${group(
    'Channels',
    channels.filter((c) => c.kind !== 'dm'),
  )}${group(
    'Direct messages',
    channels.filter((c) => c.kind === 'dm'),
  )}${model.outbox ? html`<h2 class="channel-heading">Mail</h2><ul class="plain">${entry(OUTBOX_TAB, 'Outbox', model.outbox.length)}</ul>` : EMPTY}`
}

const timeOf = (ts: string): string => {
  const seconds = Number(ts.split('.')[0])
  return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString().slice(11, 19) : ''
}

export function messageHtml(m: SandboxMessage, model: PageModel, names: MentionNames): Html {
  const author =
    m.author === 'bot' ? APP_NAME : (model.people.find((p) => p.slackUserId === m.author)?.name ?? m.author)
  const ids = idMaker(`m${m.ts}`)
  const body =
    m.blocks && m.blocks.length > 0
      ? renderBlocks(m.blocks, { names, ids })
      : html`<div class="text">${mrkdwnToHtml(m.text, names)}</div>`
  const files =
    m.fileLinks.length > 0
      ? html`<div class="files">${m.fileLinks.map((f) => html`<a href="/sandbox/files/${encodeURIComponent(f.fileId)}" download="${f.name}">📎 ${f.title || f.name}</a>`)}</div>`
      : EMPTY
  return html`<article class="message" data-channel-id="${m.channelId}" data-ts="${m.ts}" aria-label="${author} at ${timeOf(m.ts)}"><div class="meta"><span class="author">${author}</span><time>${timeOf(m.ts)}</time>${m.ephemeralFor ? html`<span class="badge">Only visible to you</span>` : EMPTY}${m.edited ? html`<span class="badge edited">edited</span>` : EMPTY}</div>${body}${files}</article>`
}

/** Plain mail text with its http(s) links as links (the invitation's accept link opens the real page). */
export function mailTextHtml(text: string): Html {
  const parts: Html[] = []
  let last = 0
  for (const match of text.matchAll(/https?:\/\/[^\s<>"]+/g)) {
    const url = match[0].replace(/[.,;:!?)]+$/, '')
    const at = match.index ?? 0
    parts.push(html`${text.slice(last, at)}`)
    const href = safeHref(url)
    parts.push(href ? html`<a href="${href}" target="_blank" rel="noopener">${url}</a>` : html`${url}`)
    last = at + url.length
  }
  parts.push(html`${text.slice(last)}`)
  return html`${parts}`
}

function outboxHtml(entries: OutboxEntry[]): Html {
  if (entries.length === 0)
    return html`<p class="empty">No mail yet. An invitation (Add portal user) shows up here.</p>`
  return html`<div class="outbox">${entries.map(
    (e) =>
      html`<article aria-label="Mail to ${e.to}: ${e.subject}"><h3>${e.subject}</h3><p><strong>To:</strong> ${e.to} · <strong>State:</strong> ${e.state} · ${e.createdAt.toISOString().slice(0, 19).replace('T', ' ')}</p><pre>${mailTextHtml(e.text)}</pre></article>`,
  )}</div>`
}

function mainHtml(model: PageModel, names: MentionNames): Html {
  if (model.tab === OUTBOX_TAB) return outboxHtml(model.outbox ?? [])
  const channel = model.state.channels.find((c) => c.id === model.tab)
  if (!channel) return html`<p class="empty">No such channel.</p>`
  if (channel.messages.length === 0)
    return html`<p class="empty">No messages yet.${channel.kind === 'channel' ? ' Type /msp help below.' : ''}</p>`
  return html`${channel.messages.map((m) => messageHtml(m, model, names))}`
}

function errorsHtml(errors: SpecError[]): Html {
  if (errors.length === 0)
    return html`<p class="empty">None: every call the app made was one Slack accepts.</p>`
  return html`${[...errors]
    .reverse()
    .map(
      (e) =>
        html`<div class="spec-error" role="status"><strong>${e.where}</strong>: ${e.message} <time>${e.at.slice(11, 19)}</time></div>`,
    )}`
}

/** The modal on top of the stack as a <dialog>: title, blocks with labelled fields, errors, close/submit. */
export function modalHtml(stack: OpenView[], names: MentionNames): { key: string; html: Html } | null {
  const top = stack.at(-1)
  if (!top) return null
  const view = top.view
  const ids = idMaker(`v${top.viewId}`)
  const titleId = ids.next('title')
  const blocks = Array.isArray(view.blocks) ? view.blocks : []
  const body = renderBlocks(blocks, { names, ids, values: top.values, errors: top.errors })
  const submit = obj(view, 'submit')
  const close = obj(view, 'close')
  // The header's ← and × repeat the footer's close button (and Escape) for the mouse: kept out of the tab
  // order and the accessibility tree, so each dialog has one button per name.
  const back =
    stack.length > 1
      ? html`<button type="button" class="icon" data-modal-back tabindex="-1" aria-hidden="true" title="Back">←</button>`
      : EMPTY
  const key = `${top.viewId}:${str(view, 'hash') ?? ''}:${stack.length}:${JSON.stringify(top.errors)}`
  return {
    key,
    html: html`<dialog class="modal" data-view-id="${top.viewId}" aria-labelledby="${titleId}"><header>${back}<h2 id="${titleId}" class="modal-title">${textObject(obj(view, 'title'), names)}</h2><button type="button" class="icon" data-modal-close tabindex="-1" aria-hidden="true" title="Close">×</button></header><div class="modal-body">${body}</div><footer><button type="button" class="btn" data-modal-close>${close ? textObject(close, names) : 'Cancel'}</button>${submit ? html`<button type="button" class="btn primary" data-modal-submit>${textObject(submit, names)}</button>` : EMPTY}</footer></dialog>`,
  }
}

interface Parts {
  title: string
  channels: Html
  main: Html
  errors: Html
  modal: { key: string; html: Html } | null
}

function parts(model: PageModel): Parts {
  const names = namesOf(model)
  return {
    title: tabTitle(model),
    channels: channelList(model),
    main: mainHtml(model, names),
    errors: errorsHtml(model.state.errors),
    modal: modalHtml(model.state.views, names),
  }
}

/** The parts of the page that change, as HTML strings for the script to swap in. */
export function fragments(model: PageModel): Fragments {
  const p = parts(model)
  return {
    title: p.title,
    channels: p.channels.text,
    main: p.main.text,
    errors: p.errors.text,
    modal: p.modal ? { key: p.modal.key, html: p.modal.html.text } : null,
  }
}

function actAs(model: PageModel): Html {
  return html`<label for="act-as">Act as</label><select id="act-as">${model.people.map(
    (p) =>
      html`<option value="${p.slackUserId}"${p.slackUserId === model.state.me ? html` selected` : EMPTY}>${personLabel(p)}</option>`,
  )}</select>`
}

/** The whole page (GET /): the layout with the current parts, the style sheet and the script. */
export function documentHtml(model: PageModel): Html {
  const p = parts(model)
  const composerHidden = model.tab === OUTBOX_TAB
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${APP_NAME} sandbox</title><link rel="stylesheet" href="/sandbox/style.css"><script src="/sandbox/client.js" defer></script></head><body data-as="${model.state.me}" data-current-tab="${model.tab}"><header class="top"><h1>${APP_NAME} sandbox — a local Slack driving the real app</h1>${actAs(model)}</header><div class="layout"><nav id="channels" aria-label="Channels">${p.channels}</nav><main><h2 id="tab-title" class="tab-title">${p.title}</h2><div id="messages" role="log" aria-live="polite" aria-labelledby="tab-title">${p.main}</div><p id="notice" role="status" aria-live="polite"></p><form class="composer" id="composer"${composerHidden ? html` hidden` : EMPTY}><label for="composer-text">Message</label><input id="composer-text" name="text" autocomplete="off" placeholder="Type a /msp command, e.g. /msp help" aria-label="Message: type a /msp command and press Enter"><button type="submit" class="btn primary">Send</button></form></main><aside id="errors" aria-labelledby="errors-title"><h2 id="errors-title" class="errors-title">Slack API errors</h2><div id="error-list">${p.errors}</div></aside></div><div id="modal-root" data-key="${p.modal?.key ?? ''}">${p.modal?.html ?? EMPTY}</div></body></html>`
}
