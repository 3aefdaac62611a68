// Pure view tests: build blocks/views and check them with the Block Kit validators of the fake Slack.
import type { KnownBlock } from '@slack/types'

/** The mrkdwn text of every section, in order. */
export function sectionTexts(blocks: readonly KnownBlock[]): string[] {
  return blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []))
}

/** Every line shown in sections, in order. */
export const shownLines = (blocks: readonly KnownBlock[]) =>
  sectionTexts(blocks).flatMap((t) => t.split('\n'))

export const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8')
