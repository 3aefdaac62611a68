// Safe HTML for the sandbox page: every interpolated value is escaped for text and attributes unless it
// is Html this module built. Nothing from the app (names, emails, mrkdwn) ever reaches the page unescaped.
//
//   html`<p title="${name}">${name}</p>`   // both escaped
//   html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`   // arrays of Html joined as they are

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text for an HTML text node or a quoted attribute value. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c)

let trusted: (text: string) => Html

/** Markup built by this module's helpers only (not a string, so raw text cannot pass as markup). */
export class Html {
  readonly #text: string
  private constructor(text: string) {
    this.#text = text
  }
  static {
    trusted = (text) => new Html(text)
  }
  get text(): string {
    return this.#text
  }
  toString(): string {
    return this.#text
  }
}

export type HtmlValue = string | number | boolean | null | undefined | Html | readonly HtmlValue[]

const piece = (value: HtmlValue): string => {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof Html) return value.text
  if (Array.isArray(value)) return value.map(piece).join('')
  return escapeHtml(String(value))
}

/** Tagged template: literal parts are markup, interpolations are escaped (Html kept, arrays joined). */
export function html(literals: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let text = literals[0] ?? ''
  values.forEach((value, i) => {
    text += piece(value) + (literals[i + 1] ?? '')
  })
  return trusted(text)
}

export const EMPTY: Html = html``

/** Html from several parts. */
export const join = (parts: readonly HtmlValue[]): Html => trusted(piece(parts))

/** A URL usable as a link target: only http(s) and mailto; anything else gives undefined. */
export function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url)
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : undefined
  } catch {
    return undefined
  }
}
