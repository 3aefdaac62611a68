// Bulk Add Users: the modal, what the form judges at once, the progress and summary messages, /msp tasks.
import { describe, expect, it } from 'vitest'
import {
  BULK_ADD_TITLE,
  bulkAddUsersView,
  FORM_WORDS,
  judgeBulkSubmission,
  rowBlockId,
  TYPED_ROWS_MAX,
} from '../../../src/slack/blocks/bulk-add-users.ts'
import {
  count,
  type ImportTaskView,
  notStartedMessage,
  progressMessage,
  summaryMessage,
} from '../../../src/slack/blocks/import-progress.ts'
import { MESSAGE_BLOCKS_MAX } from '../../../src/slack/blocks/limits.ts'
import { code, escaped } from '../../../src/slack/blocks/mrkdwn.ts'
import { taskListMessage } from '../../../src/slack/blocks/task-list.ts'
import { ACTION, BLOCK } from '../../../src/slack/ids.ts'
import { stateValue, type ViewStateValues } from '../../support/slack-payloads.ts'
import { validateBlocks, validateView } from '../../support/slack-spec/block-kit-validator.ts'
import { textOf } from '../forms/helpers.ts'
import { escapedOnce, expectSafe, HOSTILE } from '../hostile-text.ts'

const task = (over: Partial<ImportTaskView> = {}): ImportTaskView => ({
  id: '7',
  customerName: 'Zylker',
  method: 'csv',
  fileName: 'people.csv',
  mode: 'addValid',
  status: 'running',
  done: 1500,
  total: 10000,
  added: 0,
  updated: 0,
  skipped: 0,
  rejected: [],
  rejectedCount: 0,
  failure: null,
  lastLine: null,
  lineWord: 'line',
  startedBy: { name: 'Alex', slackUserId: 'U0ALEX' },
  createdAt: new Date('2026-12-03T12:00:00Z'),
  finishedAt: null,
  ...over,
})

function formValues(over: {
  file?: string
  source?: string
  mode?: string
  rows?: [string, string, string][]
}): ViewStateValues {
  const values: ViewStateValues = {
    [BLOCK.bulkFile]: {
      [ACTION.bulkFile]: { type: 'file_input', files: over.file ? [{ id: over.file }] : [] },
    },
    [BLOCK.bulkSource]: { [ACTION.bulkSource]: stateValue.radio(over.source ?? 'csv') },
    [BLOCK.bulkMode]: { [ACTION.bulkMode]: stateValue.radio(over.mode ?? 'allOrNothing') },
  }
  for (let n = 1; n <= TYPED_ROWS_MAX; n++) {
    const [email, first, last] = over.rows?.[n - 1] ?? [null, null, null]
    values[rowBlockId(n, 'email')] = { [ACTION.bulkRowEmail]: stateValue.text(email) }
    values[rowBlockId(n, 'firstName')] = { [ACTION.bulkRowFirstName]: stateValue.text(first) }
    values[rowBlockId(n, 'lastName')] = { [ACTION.bulkRowLastName]: stateValue.text(last) }
  }
  return values
}

describe('the Bulk Add Users modal', () => {
  it('is valid Block Kit, titled "Bulk Add Users", with one csv/json file, the two choices and 8 rows', () => {
    const view = bulkAddUsersView({ id: 3, name: HOSTILE.customer }, 'C1')
    expect(validateView(view, 'modal')).toEqual([])
    expect(view.title.text).toBe(BULK_ADD_TITLE)
    expect(BULK_ADD_TITLE).toBe('Bulk Add Users')
    const file = view.blocks.find((b) => b.block_id === BLOCK.bulkFile)
    expect(file).toMatchObject({ element: { type: 'file_input', filetypes: ['csv', 'json'], max_files: 1 } })
    const text = textOf(view.blocks)
    expect(text).toContain('All or nothing')
    expect(text).toContain('Add valid rows')
    expect(text).toContain('Download sample CSV')
    expect(text).toContain('Microsoft 365 or Google Workspace')
    expect(view.blocks.filter((b) => b.block_id?.startsWith(`${BLOCK.bulkRow}_`))).toHaveLength(24)
    expectSafe(view, { shownInMrkdwn: [HOSTILE.customer] })
  })
})

describe('what the form judges at once', () => {
  it('neither a file nor rows: an error under the file', () => {
    expect(judgeBulkSubmission(formValues({}))).toEqual({
      kind: 'errors',
      errors: { [BLOCK.bulkFile]: FORM_WORDS.nothing },
    })
  })

  it('a file and rows: an error under the file', () => {
    const judged = judgeBulkSubmission(formValues({ file: 'F1', rows: [['a@b.example', 'A', 'B']] }))
    expect(judged).toEqual({ kind: 'errors', errors: { [BLOCK.bulkFile]: FORM_WORDS.both } })
  })

  it('a bad, a missing and a repeated email: each under its row', () => {
    const judged = judgeBulkSubmission(
      formValues({
        rows: [
          ['ok@zylker.example', 'Ok', 'Row'],
          ['not-an-email', 'Bad', 'Row'],
          ['', 'No', 'Email'],
          ['OK@zylker.example', 'Same', 'Again'],
        ],
      }),
    )
    expect(judged).toEqual({
      kind: 'errors',
      errors: {
        [rowBlockId(2, 'email')]: FORM_WORDS.badEmail('not-an-email'),
        [rowBlockId(3, 'email')]: FORM_WORDS.noEmail,
        [rowBlockId(4, 'email')]: FORM_WORDS.sameEmail(1),
      },
    })
  })

  it('typed rows as a directory export: an error under the choice', () => {
    const judged = judgeBulkSubmission(formValues({ source: 'directory', rows: [['a@b.example', 'A', 'B']] }))
    expect(judged).toEqual({ kind: 'errors', errors: { [BLOCK.bulkSource]: FORM_WORDS.rowsAsDirectory } })
  })

  it('good rows (empty ones skipped, numbered as in the form) and a file', () => {
    const values = formValues({ mode: 'addValid', rows: [['a@b.example', 'A', 'B']] })
    values[rowBlockId(3, 'email')] = { [ACTION.bulkRowEmail]: stateValue.text(' c@d.example ') }
    expect(judgeBulkSubmission(values)).toEqual({
      kind: 'rows',
      mode: 'addValid',
      rows: [
        { line: 1, email: 'a@b.example', firstName: 'A', lastName: 'B' },
        { line: 3, email: 'c@d.example', firstName: '', lastName: '' },
      ],
    })
    expect(judgeBulkSubmission(formValues({ file: 'F9', source: 'directory' }))).toEqual({
      kind: 'file',
      fileId: 'F9',
      source: 'directory',
      mode: 'allOrNothing',
    })
  })
})

describe('the progress message and the summary', () => {
  it('counts are grouped by spaces', () => {
    expect([count(0), count(999), count(1500), count(10000), count(1234567)]).toEqual([
      '0',
      '999',
      '1 500',
      '10 000',
      '1 234 567',
    ])
  })

  it('shows "rows done / total", escaped', () => {
    const message = progressMessage(task({ customerName: HOSTILE.customer, fileName: HOSTILE.email }))
    expect(validateBlocks(message.blocks, 'message')).toEqual([])
    expect(message.text).toContain('1 500 / 10 000 rows')
    expectSafe(message, { shownInMrkdwn: [HOSTILE.customer, HOSTILE.email], topLevelText: message.text })
  })

  it('a summary of 10 001 rejected rows stays within Slack limits and says how many more', () => {
    const rejected = Array.from({ length: 10001 }, (_, i) => ({
      line: i + 2,
      reason: `"${HOSTILE.email}" is not an email address`,
    }))
    const done = task({
      status: 'failed',
      mode: 'allOrNothing',
      done: 10001,
      total: 10001,
      rejected: rejected.slice(0, 200),
      rejectedCount: 10001,
    })
    const message = summaryMessage(done)
    expect(validateBlocks(message.blocks, 'message')).toEqual([])
    expect(message.blocks.length).toBeLessThanOrEqual(MESSAGE_BLOCKS_MAX)
    const text = textOf(message.blocks)
    expect(text).toContain('Line 2: ')
    expect(text).toMatch(/…and \d[\d ]* more/)
    expect(text).toContain('Nothing was added (all or nothing): fix these rows and import again.')
    expect(text).toContain(escapedOnce(HOSTILE.email))
    expectSafe(message, { topLevelText: message.text })
  })

  it('an add-valid summary: added, skipped as duplicates, rejected by line', () => {
    const done = task({
      status: 'succeeded',
      done: 5,
      total: 5,
      added: 3,
      skipped: 1,
      rejected: [{ line: 4, reason: 'the same email as line 2' }],
      rejectedCount: 1,
    })
    const text = textOf(summaryMessage(done).blocks)
    expect(text).toContain('Added: 3')
    expect(text).toContain('Skipped (already users of Zylker): 1')
    expect(text).toContain('Rejected: 1')
    expect(text).toContain('Line 4: the same email as line 2')
    expect(text).toContain('the header is line 1')
  })

  it('a task cut off for good says where it stopped and why', () => {
    const stopped = task({ status: 'failed', done: 1000, lastLine: 1001, failure: 'the database went away' })
    const message = progressMessage(stopped)
    expect(validateBlocks(message.blocks, 'message')).toEqual([])
    expect(message.text).toContain(
      'stopped at 1 000 / 10 000 rows (committed up to line 1001): the database went away',
    )
  })

  it('a problem known at once names the file and the reason, escaped', () => {
    const message = notStartedMessage(
      HOSTILE.customer,
      code(HOSTILE.portalUser),
      escaped('the file is empty'),
    )
    expect(validateBlocks(message.blocks, 'message')).toEqual([])
    expect(message.text).toContain('Nothing imported')
    expectSafe(message, { shownInMrkdwn: [HOSTILE.customer, HOSTILE.portalUser], topLevelText: message.text })
  })
})

describe('/msp tasks', () => {
  it('lists tasks newest first with status, progress, who and when; escaped; within 50 blocks', () => {
    const now = new Date('2026-12-03T12:30:00Z')
    const tasks = Array.from({ length: 60 }, (_, i) =>
      task({
        id: String(100 - i),
        customerName: HOSTILE.customer,
        fileName: HOSTILE.portalUser,
        status: 'succeeded',
      }),
    )
    const message = taskListMessage(tasks, now, 5)
    expect(validateBlocks(message.blocks, 'message')).toEqual([])
    expect(message.blocks.length).toBeLessThanOrEqual(MESSAGE_BLOCKS_MAX)
    const text = textOf(message.blocks)
    expect(text).toContain('65 tasks')
    expect(text).toContain('Done')
    expect(text).toContain('30 minutes ago')
    expect(text.indexOf('#100')).toBeLessThan(text.indexOf('#99'))
    expect(text).toMatch(/…and \d+ older/)
    expectSafe(message.blocks, {
      shownInMrkdwn: [HOSTILE.customer, HOSTILE.portalUser],
      topLevelText: message.text.text,
    })
  })

  it('an all-or-nothing import with bad rows reads as nothing added, not as a crash', () => {
    const refused = task({ status: 'failed', mode: 'allOrNothing', done: 3, total: 3, rejectedCount: 1 })
    const text = textOf(taskListMessage([refused], new Date('2026-12-03T13:00:00Z')).blocks)
    expect(text).toContain('3 / 3 rows · nothing added (all or nothing), 1 rejected')
    expect(text).not.toContain('stopped')
  })

  it('no tasks: says how to start one', () => {
    const message = taskListMessage([], new Date())
    expect(validateBlocks(message.blocks, 'message')).toEqual([])
    expect(textOf(message.blocks)).toContain('/msp import')
  })
})
