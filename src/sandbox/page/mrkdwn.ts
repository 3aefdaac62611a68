// Slack's mrkdwn as HTML, for the sandbox page. slack-message-parser reads the markup into a tree; this
// module writes the tree out: text is Slack-decoded once (`&amp;` `&lt;` `&gt;`, the only entities Slack
// has) and then HTML-escaped, links become <a> only for http(s)/mailto, mentions show names. No part of
// the text can become HTML markup.
import { type Node, NodeType, parse } from 'slack-message-parser'
import { emojiFor } from './emoji.ts'
import { EMPTY, type Html, html, join, safeHref } from './html.ts'

export interface MentionNames {
  /** A person's display name for `<@U…>`, when known. */
  userName(slackUserId: string): string | undefined
  /** A channel's name for `<#C…>`, when known. */
  channelName(channelId: string): string | undefined
}

export const NO_NAMES: MentionNames = { userName: () => undefined, channelName: () => undefined }

/** Slack's three entities decoded in one pass (so `&amp;lt;` reads `&lt;`, not `<`). */
export const decodeSlackEntities = (text: string): string =>
  text.replace(/&(amp|lt|gt);/g, (_, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'))

/** Decoded text, HTML-escaped, line breaks kept. */
const plainHtml = (text: string): Html =>
  join(
    decodeSlackEntities(text)
      .split('\n')
      .flatMap((line, i) => (i === 0 ? [line] : [html`<br>`, line])),
  )

/**
 * Formatting the parser leaves as text because of what follows the closing mark (it accepts only some
 * punctuation there, Slack any non-word character: "`users.csv`…", "_Zylker_;"): code, bold, italic and
 * strike whose marks are not inside a word.
 */
const LENIENT =
  /(^|[^\p{L}\p{N}])(`([^`\n]+)`|\*([^*\s](?:[^*\n]*[^*\s])?)\*|_([^_\s](?:[^_\n]*[^_\s])?)_|~([^~\s](?:[^~\n]*[^~\s])?)~)(?![\p{L}\p{N}])/u

function textHtml(text: string): Html {
  const match = LENIENT.exec(text)
  if (!match) return plainHtml(text)
  const [whole, before = '', , code, bold, italic, strike] = match
  const start = match.index + before.length
  const rest = text.slice(match.index + whole.length)
  const inner =
    code !== undefined
      ? html`<code>${decodeSlackEntities(code)}</code>`
      : bold !== undefined
        ? html`<strong>${textHtml(bold)}</strong>`
        : italic !== undefined
          ? html`<em>${textHtml(italic)}</em>`
          : html`<del>${textHtml(strike ?? '')}</del>`
  return join([plainHtml(text.slice(0, start)), inner, textHtml(rest)])
}

const labelOr = (label: Node[] | undefined, fallback: string, names: MentionNames): Html =>
  label && label.length > 0 ? nodes(label, names) : html`${fallback}`

const COMMAND_NAMES: Record<string, string> = { here: '@here', channel: '@channel', everyone: '@everyone' }

function node(n: Node, names: MentionNames): Html {
  switch (n.type) {
    case NodeType.Root:
      return nodes(n.children, names)
    case NodeType.Text:
      return textHtml(n.text)
    case NodeType.Bold:
      return html`<strong>${nodes(n.children, names)}</strong>`
    case NodeType.Italic:
      return html`<em>${nodes(n.children, names)}</em>`
    case NodeType.Strike:
      return html`<del>${nodes(n.children, names)}</del>`
    case NodeType.Quote:
      return html`<blockquote>${nodes(n.children, names)}</blockquote>`
    case NodeType.Code:
      return html`<code>${decodeSlackEntities(n.text)}</code>`
    case NodeType.PreText:
      return html`<pre>${decodeSlackEntities(n.text)}</pre>`
    case NodeType.Emoji: {
      const char = emojiFor(n.name)
      return char ? html`<span role="img" aria-label="${n.name}">${char}</span>` : html`${n.source}`
    }
    case NodeType.UserLink: {
      const name = names.userName(n.userID)
      return html`<span class="mention">${labelOr(n.label, `@${name ?? n.userID}`, names)}</span>`
    }
    case NodeType.ChannelLink: {
      const name = names.channelName(n.channelID)
      return html`<span class="mention">${labelOr(n.label, `#${name ?? n.channelID}`, names)}</span>`
    }
    case NodeType.Command: {
      const shown = COMMAND_NAMES[n.name] ?? `@${n.arguments.at(-1) ?? n.name}`
      return html`<span class="mention">${labelOr(n.label, shown, names)}</span>`
    }
    case NodeType.URL: {
      const url = decodeSlackEntities(n.url)
      const href = safeHref(url)
      const label = labelOr(n.label, url, names)
      return href ? html`<a href="${href}" target="_blank" rel="noopener noreferrer">${label}</a>` : label
    }
    default:
      return EMPTY
  }
}

const nodes = (list: readonly Node[], names: MentionNames): Html => join(list.map((n) => node(n, names)))

/** A mrkdwn text as HTML (inline content; block quotes and preformatted text as their elements). */
export function mrkdwnToHtml(text: string, names: MentionNames = NO_NAMES): Html {
  return node(parse(text), names)
}

function plainNode(n: Node, names: MentionNames): string {
  switch (n.type) {
    case NodeType.Root:
    case NodeType.Bold:
    case NodeType.Italic:
    case NodeType.Strike:
    case NodeType.Quote:
      return n.children.map((c) => plainNode(c, names)).join('')
    case NodeType.Text:
    case NodeType.Code:
    case NodeType.PreText:
      return decodeSlackEntities(n.text)
    case NodeType.Emoji:
      return ''
    case NodeType.UserLink:
      return n.label
        ? n.label.map((c) => plainNode(c, names)).join('')
        : `@${names.userName(n.userID) ?? n.userID}`
    case NodeType.ChannelLink:
      return n.label
        ? n.label.map((c) => plainNode(c, names)).join('')
        : `#${names.channelName(n.channelID) ?? n.channelID}`
    case NodeType.Command:
      return n.label
        ? n.label.map((c) => plainNode(c, names)).join('')
        : (COMMAND_NAMES[n.name] ?? `@${n.name}`)
    case NodeType.URL:
      return n.label ? n.label.map((c) => plainNode(c, names)).join('') : decodeSlackEntities(n.url)
    default:
      return ''
  }
}

/** What a person reads in a mrkdwn text, as plain text (for accessible names): no markup, names shown. */
export function mrkdwnPlainText(text: string, names: MentionNames = NO_NAMES): string {
  return plainNode(parse(text), names).replace(/\s+/g, ' ').trim()
}
