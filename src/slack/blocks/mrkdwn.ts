// Text for Slack's mrkdwn (and a message's top-level `text`), where `<…>` is a mention, a link or a
// broadcast (`<!channel>`) and `&` starts an entity. Text from data (names, emails, reasons, what a
// person typed) must never become markup: it is escaped exactly once, here, and nowhere else.
//
//   mrkdwn`:no_entry: *${user}* cannot leave *${customer}*`   // interpolated strings are escaped
//   mrkdwn`${mention(slackUserId)} tried to save ${bold(subject)}` // built Mrkdwn passes through as is
//
// Block builders take `Mrkdwn`, never a string, so a raw interpolation is a type error. `plain_text`
// objects (labels, buttons, options, modal errors) take plain strings and need no escaping.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }

/** `&`, `<` and `>` as Slack's entities: the text then reads as itself in mrkdwn. */
export const escapeMrkdwn = (text: string): string => text.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c)

let trusted: (text: string) => Mrkdwn

/**
 * Text that is safe as mrkdwn: every part from data escaped, markup only where the app built it. Made only
 * by this module's helpers; not a string, so it cannot be passed where raw text is expected (or the other
 * way round) by mistake. JSON.stringify gives `{}`: put `.text` in a payload.
 */
export class Mrkdwn {
  readonly #text: string
  private constructor(text: string) {
    this.#text = text
  }
  static {
    trusted = (text) => new Mrkdwn(text)
  }
  get text(): string {
    return this.#text
  }
  get length(): number {
    return this.#text.length
  }
}

export type MrkdwnValue = string | number | Mrkdwn

const piece = (value: MrkdwnValue): string =>
  value instanceof Mrkdwn ? value.text : escapeMrkdwn(String(value))

/**
 * Tagged template: the literal parts are the app's own markup; each interpolated string or number is
 * escaped, each Mrkdwn is kept as built (so nothing is escaped twice).
 */
export function mrkdwn(literals: TemplateStringsArray, ...values: readonly MrkdwnValue[]): Mrkdwn {
  let text = literals[0] ?? ''
  values.forEach((value, i) => {
    text += piece(value) + (literals[i + 1] ?? '')
  })
  return trusted(text)
}

/** Plain text (a message from src/messages, a name) as mrkdwn: escaped, no markup of its own. */
export const escaped = (text: string): Mrkdwn => trusted(escapeMrkdwn(text))

export const bold = (value: MrkdwnValue): Mrkdwn => mrkdwn`*${value}*`

/** Inline code: Slack still reads `<…>` and `&` inside backticks, so the text is escaped too. */
export const code = (value: MrkdwnValue): Mrkdwn => mrkdwn`\`${value}\``

/** Parts joined by a separator (itself escaped). */
export function joinMrkdwn(parts: readonly MrkdwnValue[], separator = ', '): Mrkdwn {
  return trusted(parts.map(piece).join(escapeMrkdwn(separator)))
}

/** Slack user ids: `U…` or `W…` (Enterprise Grid), upper-case letters and digits. */
const SLACK_USER_ID = /^[UW][A-Z0-9]+$/

/** `<@U123>`, which Slack shows as the person's name. Anything not shaped like a user id is shown as text. */
export const mention = (slackUserId: string): Mrkdwn =>
  SLACK_USER_ID.test(slackUserId) ? trusted(`<@${slackUserId}>`) : escaped(slackUserId)

/** `<url|label>`, a link the app builds: only http(s) or mailto URLs; the label is escaped. */
export function link(url: string, label: string): Mrkdwn {
  const parsed = new URL(url)
  if (!['https:', 'http:', 'mailto:'].includes(parsed.protocol))
    throw new Error(`link: not an http(s) or mailto URL: ${url}`)
  const href = escapeMrkdwn(parsed.href.replaceAll('|', '%7C'))
  return trusted(`<${href}|${escapeMrkdwn(label)}>`)
}

/**
 * Cuts mrkdwn to at most `max` characters, marking the cut with "…", never inside an entity (`&amp;`) or
 * a control sequence (`<@U123>`): the rest of a name stays text, never half of an escape.
 */
export function clipMrkdwn(value: Mrkdwn, max: number): Mrkdwn {
  const { text } = value
  if (text.length <= max) return value
  let cut = text.slice(0, Math.max(0, max - 1))
  const amp = cut.lastIndexOf('&')
  if (amp >= 0 && !cut.includes(';', amp)) cut = cut.slice(0, amp)
  const open = cut.lastIndexOf('<')
  if (open >= 0 && cut.lastIndexOf('>') < open) cut = cut.slice(0, open)
  return trusted(`${cut}…`)
}

/** A usage as inline code: `/msp customer <name>` must not be read as a link. */
export const codeUsage = (usage: string): Mrkdwn => code(usage)
