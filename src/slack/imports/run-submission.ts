// After Bulk Add Users was acked: the progress message in the person's DM, the uploaded file fetched from
// Slack (never before the ack), then the import started on the job queue with the bytes or the typed
// rows. Whatever stops it here (Slack has no file, not UTF-8, a missing column, too many rows) is said in
// the progress message, and nothing is imported.
import type { WebClient } from '@slack/web-api'
import { IMPORT_MAX_FILE_BYTES } from '../../domain/customer-user-import.ts'
import { fetchProblemWords, fileProblemWords } from '../../messages/bulk-import.ts'
import type { StaffActor } from '../../services/actor.ts'
import type {
  StartImportInput,
  StartImportResult,
} from '../../services/customer-users/import/start-import.ts'
import type { BulkSubmission, TypedRow } from '../blocks/bulk-add-users.ts'
import { TYPED_ROWS_MAX } from '../blocks/bulk-add-users.ts'
import { notStartedMessage, startingMessage } from '../blocks/import-progress.ts'
import { code, escaped, type Mrkdwn, mrkdwn } from '../blocks/mrkdwn.ts'
import { userMessageFor } from '../error-messages.ts'
import { postToDm } from './dm.ts'
import { fetchSlackFile } from './fetch-file.ts'

export type StartImport = (actor: StaffActor, input: StartImportInput) => Promise<StartImportResult>

/** The form's rows in their places (blank ones too): the engine numbers row n as line n + 1. */
function formRows(rows: readonly TypedRow[]) {
  const all = Array.from({ length: TYPED_ROWS_MAX }, () => ({ email: '', firstName: '', lastName: '' }))
  for (const row of rows) all[row.line - 1] = row
  return all
}

export async function runBulkImport(spec: {
  client: WebClient
  userId: string
  actor: StaffActor
  customer: { id: number; name: string }
  submission: Exclude<BulkSubmission, { kind: 'errors' }>
  start: StartImport
  log: (line: string) => void
}): Promise<void> {
  const { client, userId, actor, customer, submission } = spec
  const typed = submission.kind === 'rows'
  const initialSource: Mrkdwn = typed ? mrkdwn`typed rows` : mrkdwn`the uploaded file`
  // Slack refusing the progress message does not stop the import: it then runs without one (the job
  // still DMs the summary), and a problem found before it starts is DM'd on its own.
  let progressMessage: { channel: string; ts: string } | undefined
  try {
    progressMessage = await postToDm(client, userId, startingMessage(customer.name, initialSource))
  } catch (error) {
    spec.log(`bulk import for ${customer.name}: Slack refused the progress message (${String(error)})`)
  }
  const say = async (message: ReturnType<typeof notStartedMessage>) => {
    try {
      if (progressMessage) await client.chat.update({ ...progressMessage, ...message })
      else await postToDm(client, userId, message)
    } catch (error) {
      spec.log(`bulk import for ${customer.name}: Slack refused the progress message (${String(error)})`)
    }
  }
  try {
    let input: StartImportInput
    let source = initialSource
    if (submission.kind === 'file') {
      const fetched = await fetchSlackFile(client, submission.fileId, IMPORT_MAX_FILE_BYTES)
      if (fetched.name) source = code(fetched.name)
      if (!fetched.ok) {
        await say(notStartedMessage(customer.name, source, escaped(fetchProblemWords(fetched.problem))))
        return
      }
      input = {
        customerId: customer.id,
        method: submission.source,
        fileName: fetched.name,
        mode: submission.mode,
        progressMessage,
        content: fetched.bytes,
      }
    } else {
      input = {
        customerId: customer.id,
        method: 'csv',
        mode: submission.mode,
        progressMessage,
        rows: formRows(submission.rows),
      }
    }
    // Said before the job exists: from the start on, only the job's reporter updates this message.
    if (submission.kind === 'file') await say(startingMessage(customer.name, source))
    const started = await spec.start(actor, input)
    if (started.status === 'invalid')
      await say(notStartedMessage(customer.name, source, escaped(fileProblemWords(started.problem))))
  } catch (error) {
    spec.log(`bulk import for ${customer.name} not started: ${String(error)}`)
    await say(notStartedMessage(customer.name, initialSource, userMessageFor(error)))
  }
}
