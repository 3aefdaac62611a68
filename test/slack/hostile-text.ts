// Hostile names and the checks that no text from data becomes Slack markup (mrkdwn or a message's
// top-level `text`), while plain_text shows it as it is. Shared by the builder and end-to-end tests.
import { expect } from 'vitest'

/** A book whose names try to ping everyone and disguise a link. */
export const HOSTILE = {
  customer: '<!channel> Evil & <https://phish.example|Bank>',
  user: '<!here> Bob',
  group: 'G <!everyone>',
  email: 'a&b<@x>@evil.example',
  alertGroup: 'Ops <!subteam^S0EVIL|@oncall>',
  portalUser: '<mailto:x@evil.example|Support> & Co',
} as const

/** The entities Slack wants in mrkdwn, written out here (not the app's helper) so the test checks it. */
export const escapedOnce = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')

export interface TextObjects {
  /** Texts of `{ type: 'mrkdwn' }` objects. */
  mrkdwn: string[]
  /** Texts of `{ type: 'plain_text' }` objects. */
  plain: string[]
}

/** Every Block Kit text object in a message, view or block list, by kind. */
export function textObjects(value: unknown): TextObjects {
  const found: TextObjects = { mrkdwn: [], plain: [] }
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk)
    if (typeof v !== 'object' || v === null) return
    const o = v as Record<string, unknown>
    if (typeof o.text === 'string' && o.type === 'mrkdwn') found.mrkdwn.push(o.text)
    if (typeof o.text === 'string' && o.type === 'plain_text') found.plain.push(o.text)
    for (const child of Object.values(o)) walk(child)
  }
  walk(value)
  return found
}

/** The only markup the app builds here: mentions of Slack user ids (`<@U123>`). */
const APP_MARKUP = /^<@[UW][A-Z0-9]+>$/

/**
 * What is wrong with one mrkdwn text (or top-level `text`): a special mention, a link or any other
 * `<…>` that is not an app-built mention, an `&` that is not an entity, or an entity escaped twice.
 */
export function markupProblems(text: string): string[] {
  const problems: string[] = []
  if (text.includes('<!')) problems.push('raw special mention `<!`')
  if (/<(https?|mailto):/i.test(text)) problems.push('raw link `<http`/`<mailto`')
  for (const [sequence] of text.matchAll(/<[^>]*>?/g))
    if (!APP_MARKUP.test(sequence)) problems.push(`markup not built by the app: ${sequence}`)
  if (text.replace(/<@[UW][A-Z0-9]+>/g, '').includes('>')) problems.push('raw `>`')
  if (/&(?!(amp|lt|gt);)/.test(text)) problems.push('unescaped `&`')
  if (/&amp;(amp|lt|gt);/.test(text)) problems.push('escaped twice')
  return problems.map((p) => `${p} in ${JSON.stringify(text)}`)
}

export interface SafeExpectation {
  /** Names that must be shown, escaped exactly once, in the mrkdwn (or top-level) texts. */
  shownInMrkdwn?: readonly string[]
  /** Names that must be shown as they are in some plain_text object. */
  shownInPlain?: readonly string[]
  /** The message's top-level `text`, itself mrkdwn to Slack. */
  topLevelText?: string
}

/**
 * Fails on any markup from data in a message or view's mrkdwn texts (and top-level `text`), on any
 * escaping in its plain_text objects, and when a name is not shown whole, escaped once (mrkdwn) or raw
 * (plain_text). Returns the texts, for further checks.
 */
export function expectSafe(value: unknown, expectation: SafeExpectation = {}): TextObjects {
  const texts = textObjects(value)
  const mrkdwnTexts = [
    ...texts.mrkdwn,
    ...(expectation.topLevelText === undefined ? [] : [expectation.topLevelText]),
  ]
  expect(mrkdwnTexts.flatMap(markupProblems)).toEqual([])
  expect(
    texts.plain.filter((t) => /&(amp|lt|gt);/.test(t)),
    'plain_text is never escaped',
  ).toEqual([])
  const allMrkdwn = mrkdwnTexts.join('\n')
  for (const name of expectation.shownInMrkdwn ?? []) {
    expect(allMrkdwn, `${name} shown escaped once`).toContain(escapedOnce(name))
  }
  const allPlain = texts.plain.join('\n')
  for (const name of expectation.shownInPlain ?? []) expect(allPlain, `${name} shown as is`).toContain(name)
  return texts
}
