// A bulk import's messages: the progress message in the starter's DM (updated as rows are done, then to
// the final state) and the summary DM at the end. Pure functions of an ImportTaskView.
import type { KnownBlock } from '@slack/types'
import { context, linesToSections, section } from './block-kit.ts'
import { MESSAGE_BLOCKS_MAX } from './limits.ts'
import { bold, code, type Mrkdwn, mention, mrkdwn } from './mrkdwn.ts'

export type ImportTaskStatus = 'queued' | 'running' | 'succeeded' | 'failed'

/** One rejected row: its line in the file (the header is line 1; a typed row: its row number). */
export interface RejectedLine {
  line: number
  reason: string
}

/** What the messages show of a background import (src/slack/import-task-view.ts builds it from a task). */
export interface ImportTaskView {
  id: string
  customerName: string
  method: 'csv' | 'directory'
  /** The uploaded file's name; null for typed rows. */
  fileName: string | null
  mode: 'allOrNothing' | 'addValid'
  status: ImportTaskStatus
  /** Rows done so far, and the file's rows (null until counted). */
  done: number
  total: number | null
  added: number
  /** Existing users updated (a directory re-import). */
  updated: number
  /** Rows skipped as duplicates of existing users. */
  skipped: number
  /** The first rejected rows (the task keeps a bounded list) and how many there are in all. */
  rejected: readonly RejectedLine[]
  rejectedCount: number
  /** Why the task stopped (the job's error, in words); null when it did not fail or failed on bad rows. */
  failure: string | null
  /** File line of the last row of the last committed batch: where a stopped import stopped. */
  lastLine: number | null
  /** What `line` means: a file line (header = 1), a row of the form, an entry of a JSON list. */
  lineWord: 'line' | 'row' | 'entry'
  startedBy: { name: string; slackUserId: string | null }
  createdAt: Date
  finishedAt: Date | null
}

/** A task's id as shown: `#` and its first 8 characters (ids are UUIDs). */
export const shortId = (id: string) => `#${id.slice(0, 8)}`

/** "1 500": thousands grouped by a space, as the messages write counts. */
export const count = (n: number): string => String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')

const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`

export const MODE_WORDS = { allOrNothing: 'All or nothing', addValid: 'Add valid rows' } as const

/** Where the users come from: `people.csv`, typed rows, a directory export. */
export function sourceWords(task: Pick<ImportTaskView, 'method' | 'fileName'>): Mrkdwn {
  const kind = task.method === 'directory' ? 'directory export ' : ''
  return task.fileName === null ? mrkdwn`typed rows` : mrkdwn`${kind}${code(task.fileName)}`
}

/** The context line under every state: the file, the mode, the task and who started it. */
export function taskContext(task: ImportTaskView): KnownBlock {
  const who = task.startedBy.slackUserId
    ? mention(task.startedBy.slackUserId)
    : mrkdwn`${task.startedBy.name}`
  return context(
    mrkdwn`From ${sourceWords(task)} · ${MODE_WORDS[task.mode]} · task ${shortId(task.id)} · started by ${who} · \`/msp tasks\` lists your imports`,
  )
}

/** The progress line: "1 500 / 10 000 rows" (or the rows done while the total is not known yet). */
export const progressWords = (task: Pick<ImportTaskView, 'done' | 'total'>): string =>
  task.total === null ? `${count(task.done)} rows` : `${count(task.done)} / ${count(task.total)} rows`

/** The counts of a finished import: "3 added, 1 skipped as a duplicate, 2 rejected". */
export function resultWords(task: ImportTaskView): string {
  const parts = [`${count(task.added)} added`]
  if (task.updated > 0) parts.push(`${count(task.updated)} updated`)
  parts.push(`${count(task.skipped)} skipped (already users)`)
  parts.push(`${count(task.rejectedCount)} rejected`)
  return parts.join(', ')
}

/** Nothing was written because of bad rows: the all-or-nothing outcome. */
export const nothingAdded = (task: ImportTaskView) =>
  (task.status === 'succeeded' || task.status === 'failed') &&
  task.mode === 'allOrNothing' &&
  task.rejectedCount > 0 &&
  task.added === 0 &&
  task.updated === 0

/** The headline of the progress message for each state. */
export function progressHeadline(task: ImportTaskView): Mrkdwn {
  const into = bold(task.customerName)
  switch (task.status) {
    case 'queued':
      return mrkdwn`:hourglass_flowing_sand: Import into ${into} queued: ${progressWords(task)}`
    case 'running':
      return mrkdwn`:arrows_counterclockwise: Importing users into ${into}: ${progressWords(task)}`
    case 'succeeded':
    case 'failed':
      if (nothingAdded(task))
        return mrkdwn`:no_entry: Nothing added to ${into} (all or nothing): ${plural(task.rejectedCount, 'row')} rejected`
      if (task.status === 'succeeded')
        return mrkdwn`:white_check_mark: Import into ${into} done: ${resultWords(task)}`
      return mrkdwn`:x: Import into ${into} stopped at ${progressWords(task)}${task.lastLine === null ? mrkdwn`` : mrkdwn` (committed up to ${task.lineWord} ${task.lastLine})`}${task.failure ? mrkdwn`: ${task.failure}` : mrkdwn``}`
  }
}

/** The progress message (posted at the start, then chat.update'd): headline and context. */
export function progressMessage(task: ImportTaskView): { text: string; blocks: KnownBlock[] } {
  const headline = progressHeadline(task)
  return { text: headline.text, blocks: [section(headline), taskContext(task)] }
}

/** Before the task exists: the file is being fetched. */
export function startingMessage(
  customerName: string,
  source: Mrkdwn,
): { text: string; blocks: KnownBlock[] } {
  const text = mrkdwn`:hourglass_flowing_sand: Preparing the import into ${bold(customerName)} from ${source}…`
  return { text: text.text, blocks: [section(text)] }
}

/** A problem known before any row was read (not UTF-8, empty, a missing column, too many rows, no file). */
export function notStartedMessage(
  customerName: string,
  source: Mrkdwn,
  reason: Mrkdwn,
): { text: string; blocks: KnownBlock[] } {
  const text = mrkdwn`:x: Nothing imported into ${bold(customerName)} from ${source}: ${reason}`
  return {
    text: text.text,
    blocks: [section(text), context(mrkdwn`Fix the file and run \`/msp import\` again.`)],
  }
}

/** Rejected lines listed in the summary; the rest are counted ("…and N more"). */
export const REJECTED_LINES_SHOWN = 100
/** Blocks the rejected lines may take in the summary (the rest of it takes at most 4). */
const REJECTED_BLOCKS_MAX = MESSAGE_BLOCKS_MAX - 6

const LINE_WORD = { line: 'Line', row: 'Row', entry: 'Entry' } as const
const rejectedLine = (r: RejectedLine, word: ImportTaskView['lineWord']) =>
  mrkdwn`• ${LINE_WORD[word]} ${r.line}: ${r.reason}`

const REJECTED_HEADING = {
  line: mrkdwn`*Rejected rows* (by file line; the header is line 1):`,
  row: mrkdwn`*Rejected rows* (numbered as in the form):`,
  entry: mrkdwn`*Rejected entries* (numbered from 1 in the file's list):`,
} as const

/** The summary DM'd to the person who started the import. */
export function summaryMessage(task: ImportTaskView): { text: string; blocks: KnownBlock[] } {
  const headline = progressHeadline(task)
  const blocks: KnownBlock[] = [section(headline)]
  if (task.status === 'succeeded' || task.status === 'failed') {
    blocks.push(
      section(
        mrkdwn`*Added:* ${count(task.added)}${task.updated > 0 ? mrkdwn` · *Updated:* ${count(task.updated)}` : mrkdwn``} · *Skipped* (already users of ${task.customerName}): ${count(task.skipped)} · *Rejected:* ${count(task.rejectedCount)}`,
      ),
    )
  }
  if (task.rejectedCount > 0) {
    blocks.push(section(REJECTED_HEADING[task.lineWord]))
    const shown = task.rejected.slice(0, REJECTED_LINES_SHOWN)
    blocks.push(
      ...linesToSections(
        shown.map((r) => rejectedLine(r, task.lineWord)),
        REJECTED_BLOCKS_MAX,
        { total: task.rejectedCount },
      ),
    )
    if (nothingAdded(task))
      blocks.push(context(mrkdwn`Nothing was added (all or nothing): fix these rows and import again.`))
    else if (task.mode === 'addValid')
      blocks.push(context(mrkdwn`The other rows were added; fix these rows and import them again.`))
  }
  blocks.push(taskContext(task))
  return { text: headline.text, blocks }
}
