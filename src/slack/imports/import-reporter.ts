// The import job's Slack side (the engine's ImportReporter port; src/app wires it into the job): progress
// → chat.update of the progress message; finished → its final state, and the summary DM'd to the person
// who started the import (chat.postMessage to their user id). Slack's refusals (rate limits, channel_not_found, …) are logged, never thrown:
// the import goes on whatever Slack says.
import { ErrorCode, WebClient } from '@slack/web-api'
import type {
  ImportTaskView as EngineTaskView,
  ImportReporter,
} from '../../services/customer-users/import/task-view.ts'
import { progressMessage, summaryMessage } from '../blocks/import-progress.ts'
import { postToDm } from './dm.ts'
import { importTaskView } from './task-view.ts'

/** The longest Retry-After the summary DM waits for before its one retry. */
const SUMMARY_RETRY_MAX_S = 30

const describe = (error: unknown) => {
  const e = error as { data?: { error?: string }; code?: string; message?: string }
  return e?.data?.error ?? e?.code ?? e?.message ?? String(error)
}

export function slackImportReporter(client: WebClient, log: (line: string) => void): ImportReporter {
  const attempt = async (what: string, task: EngineTaskView, call: () => Promise<unknown>) => {
    try {
      await call()
      return true
    } catch (error) {
      log(`import ${task.id}: Slack refused the ${what} (${describe(error)})`)
      return false
    }
  }
  const updateProgress = (task: EngineTaskView) => {
    const where = task.progressMessage
    if (!where) return Promise.resolve(true)
    return attempt('progress message update', task, () =>
      client.chat.update({ channel: where.channel, ts: where.ts, ...progressMessage(importTaskView(task)) }),
    )
  }
  const sendSummary = async (task: EngineTaskView) => {
    const user = task.requestedBy.slackUserId
    if (!user) return
    const post = () => postToDm(client, user, summaryMessage(importTaskView(task)))
    try {
      await post()
    } catch (error) {
      const retryAfter = error as { code?: string; retryAfter?: number }
      if (
        retryAfter.code === ErrorCode.RateLimitedError &&
        (retryAfter.retryAfter ?? 0) <= SUMMARY_RETRY_MAX_S
      ) {
        // Rate limited: the summary is the one message the person waits for; try once more when Slack says.
        await new Promise((resolve) => setTimeout(resolve, (retryAfter.retryAfter ?? 1) * 1000))
        await attempt('summary DM', task, post)
        return
      }
      log(`import ${task.id}: Slack refused the summary DM (${describe(error)})`)
    }
  }
  return {
    async progress(task) {
      await updateProgress(task)
    },
    async finished(task) {
      await updateProgress(task)
      await sendSummary(task)
    },
  }
}

/** A reporter with a client of its own (the job runs with or without the Bolt app); none without a token. */
export function importReporterFor(target: {
  botToken?: string
  slackApiUrl?: string
  log: (line: string) => void
}): ImportReporter | null {
  if (!target.botToken) return null
  const client = new WebClient(target.botToken, {
    slackApiUrl: target.slackApiUrl,
    // A rate limit answers at once (the progress message is updated again soon; the summary retries once).
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  })
  return slackImportReporter(client, target.log)
}
