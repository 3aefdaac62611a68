// `/msp tasks`: the background imports the person may see, newest first — status with an icon, progress,
// who started it, when, and the result. Pure: the tasks and the time "now" in, the message out.
import type { KnownBlock } from '@slack/types'
import { formatDistanceStrict } from 'date-fns/formatDistanceStrict'
import { context, section } from './block-kit.ts'
import {
  count,
  type ImportTaskStatus,
  type ImportTaskView,
  nothingAdded,
  progressWords,
  resultWords,
  shortId,
  sourceWords,
} from './import-progress.ts'
import { MESSAGE_BLOCKS_MAX } from './limits.ts'
import { bold, escaped, type Mrkdwn, mention, mrkdwn } from './mrkdwn.ts'

/** Tasks one `/msp tasks` shows (the newest): one section each, within a message's 50 blocks. */
export const TASKS_SHOWN = Math.min(40, MESSAGE_BLOCKS_MAX - 4)

export const STATUS_ICON: Record<ImportTaskStatus, string> = {
  queued: ':hourglass_flowing_sand:',
  running: ':arrows_counterclockwise:',
  succeeded: ':white_check_mark:',
  failed: ':x:',
}
export const STATUS_WORD: Record<ImportTaskStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
}

const ago = (at: Date, now: Date) => `${formatDistanceStrict(at, now)} ago`

function taskLine(task: ImportTaskView, now: Date): Mrkdwn {
  const who = task.startedBy.slackUserId ? mention(task.startedBy.slackUserId) : escaped(task.startedBy.name)
  const status = mrkdwn`${STATUS_ICON[task.status]} *${STATUS_WORD[task.status]}*`
  const head = mrkdwn`${status} · ${shortId(task.id)} · import into ${bold(task.customerName)} from ${sourceWords(task)}`
  const progress = progressWords(task)
  const outcome = nothingAdded(task)
    ? mrkdwn` · nothing added (all or nothing), ${count(task.rejectedCount)} rejected`
    : task.status === 'succeeded'
      ? mrkdwn` · ${resultWords(task)}`
      : task.status === 'failed'
        ? mrkdwn` · stopped${task.failure ? mrkdwn`: ${task.failure}` : mrkdwn``}`
        : mrkdwn``
  return mrkdwn`${head}\n${progress}${outcome} · started by ${who} ${ago(task.createdAt, now)}`
}

export function taskListMessage(
  tasks: readonly ImportTaskView[],
  now: Date,
  more = 0,
): { text: Mrkdwn; blocks: KnownBlock[] } {
  if (tasks.length === 0) {
    const text = mrkdwn`No background tasks yet. \`/msp import <customer>\` starts a bulk import.`
    return { text, blocks: [section(text)] }
  }
  const shown = tasks.slice(0, TASKS_SHOWN)
  const total = tasks.length + more
  const title = mrkdwn`*Background tasks* (newest first): ${total === 1 ? '1 task' : `${total} tasks`}`
  const hidden = total - shown.length
  return {
    text: title,
    blocks: [
      section(title),
      ...shown.map((t) => section(taskLine(t, now))),
      ...(hidden > 0 ? [context(mrkdwn`…and ${hidden} older`)] : []),
      context(mrkdwn`Each import's result is also DM'd to the person who started it.`),
    ],
  }
}
