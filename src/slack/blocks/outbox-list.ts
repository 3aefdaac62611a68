// The `/msp outbox` reply: the kept mail, newest first, each with its state and its text. Addresses,
// subjects, texts and errors come from data: every one is escaped.
import type { KnownBlock } from '@slack/types'
import type { OutboxEntry, OutboxPage } from '../../services/mail/list-outbox.ts'
import { context, divider, section } from './block-kit.ts'
import { MESSAGE_BLOCKS_MAX } from './limits.ts'
import { clipMrkdwn, escaped, type Mrkdwn, mrkdwn } from './mrkdwn.ts'

/** A mail's text shown at most this long (the section's limit is 3000). */
export const OUTBOX_TEXT_MAX = 1500

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`

function stateLine(e: OutboxEntry): Mrkdwn {
  const error = e.lastError ? mrkdwn` — ${clipMrkdwn(escaped(e.lastError), 300)}` : mrkdwn``
  switch (e.state) {
    case 'sent':
      return mrkdwn`:white_check_mark: sent ${utc(e.sentAt ?? e.createdAt)}`
    case 'waiting':
      return mrkdwn`:hourglass: not sent yet`
    case 'retrying':
      return mrkdwn`:warning: not sent after ${e.attempts} attempt(s), next try ${utc(e.nextAttemptAt)}${error}`
    case 'given up':
      return mrkdwn`:no_entry: given up after ${e.attempts} attempt(s)${error}`
  }
}

function headline(page: OutboxPage, sending: boolean): Mrkdwn {
  const kept = sending
    ? mrkdwn`Mail is sent over SMTP; ${page.unsent} not sent yet.`
    : mrkdwn`SMTP_URL is not set: mail is kept here and not sent (${page.unsent} unsent).`
  return mrkdwn`*Outbox* — ${page.total} mail(s), the newest ${page.entries.length} below. ${kept}`
}

export function outboxBlocks(page: OutboxPage, sending: boolean): KnownBlock[] {
  const blocks: KnownBlock[] = [section(headline(page, sending))]
  for (const e of page.entries) {
    if (blocks.length + 3 > MESSAGE_BLOCKS_MAX) break
    blocks.push(divider())
    blocks.push(
      section(mrkdwn`*${e.subject}*\nTo: ${e.to} · queued ${utc(e.createdAt)}\n${stateLine(e)}`),
      section(clipMrkdwn(escaped(e.text), OUTBOX_TEXT_MAX)),
    )
  }
  if (page.entries.length === 0) blocks.push(context(mrkdwn`No mail yet.`))
  return blocks
}

export const outboxSummary = (page: OutboxPage, sending: boolean): Mrkdwn => headline(page, sending)
