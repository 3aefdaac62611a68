// The Bulk Add Users modal (/msp import <customer>, the users list's Bulk add): a CSV or directory export
// uploaded through a file_input, or up to 8 rows typed in the form; "All or nothing" or "Add valid rows";
// Download sample CSV. Also what the form can judge at once on submit (pure: the view's state in, either
// field errors or what to import out).
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types'
import { z } from 'zod'
import { isCustomerUserEmail, normalizeCustomerUserEmail } from '../../domain/customer-users.ts'
import { ACTION, BLOCK, CALLBACK } from '../ids.ts'
import { button, context, plain, section } from './block-kit.ts'
import { mrkdwn } from './mrkdwn.ts'

export const BULK_ADD_TITLE = 'Bulk Add Users'
/** Rows the form offers to type (the rest goes in a CSV). */
export const TYPED_ROWS_MAX = 8
/** One file: a CSV, or a directory export (JSON or CSV). */
export const BULK_FILE_TYPES = ['csv', 'json'] as const
export const BULK_FILE_MAX = 1
/** An email address is at most 254 characters (RFC 5321's path limit). */
export const TYPED_EMAIL_MAX = 254
export const TYPED_NAME_MAX = 100

export const SAMPLE_CSV_NAME = 'bulk-add-users-sample.csv'

export type ImportSource = 'csv' | 'directory'
export type ImportMode = 'allOrNothing' | 'addValid'
export const IMPORT_MODES: readonly ImportMode[] = ['allOrNothing', 'addValid']

export const SOURCE_LABEL: Record<ImportSource, string> = {
  csv: 'CSV (Email, First Name, Last Name) or the rows below',
  directory: 'Directory export: Microsoft 365 or Google Workspace',
}
export const MODE_LABEL: Record<ImportMode, string> = {
  allOrNothing: 'All or nothing',
  addValid: 'Add valid rows',
}
const MODE_HINT: Record<ImportMode, string> = {
  allOrNothing: 'Any bad row: nothing is added.',
  addValid: 'Bad rows are left out and listed; the others are added.',
}

type RowField = 'email' | 'firstName' | 'lastName'
const ROW_FIELDS: readonly { field: RowField; label: string; actionId: string; max: number }[] = [
  { field: 'email', label: 'Primary Email', actionId: ACTION.bulkRowEmail, max: TYPED_EMAIL_MAX },
  { field: 'firstName', label: 'First Name', actionId: ACTION.bulkRowFirstName, max: TYPED_NAME_MAX },
  { field: 'lastName', label: 'Last Name', actionId: ACTION.bulkRowLastName, max: TYPED_NAME_MAX },
]

/** The block of typed row `n` (1-based), field `field`: `bulk_row_3_email`. */
export const rowBlockId = (n: number, field: RowField) => `${BLOCK.bulkRow}_${n}_${field}`

const bulkMetadataSchema = z.object({
  /** The customer the users go to. */
  customerId: z.number().int().positive(),
  /** Where the command or the list was: nothing is posted there (the progress goes to the DM). */
  channel: z.string().optional(),
})
export type BulkAddMetadata = z.infer<typeof bulkMetadataSchema>

export const encodeBulkMetadata = (meta: BulkAddMetadata) => JSON.stringify(meta)

export function decodeBulkMetadata(text: string | undefined): BulkAddMetadata | null {
  try {
    return bulkMetadataSchema.parse(JSON.parse(text || '{}'))
  } catch {
    return null
  }
}

const radio = <V extends string>(value: V, text: string, description?: string): PlainTextOption => ({
  text: plain(text),
  value,
  ...(description ? { description: plain(description) } : {}),
})

function typedRowBlocks(): KnownBlock[] {
  const blocks: KnownBlock[] = []
  for (let n = 1; n <= TYPED_ROWS_MAX; n++) {
    for (const { field, label, actionId, max } of ROW_FIELDS) {
      blocks.push({
        type: 'input',
        block_id: rowBlockId(n, field),
        optional: true,
        label: plain(`Row ${n}: ${label}`),
        element: { type: 'plain_text_input', action_id: actionId, max_length: max },
      })
    }
  }
  return blocks
}

export function bulkAddUsersView(customer: { id: number; name: string }, channel?: string): ModalView {
  const sources: PlainTextOption[] = [
    radio('csv', SOURCE_LABEL.csv),
    radio(
      'directory',
      SOURCE_LABEL.directory,
      'A JSON or CSV user export. These users are locked: edit them there.',
    ),
  ]
  const modes = IMPORT_MODES.map((m) => radio(m, MODE_LABEL[m], MODE_HINT[m]))
  return {
    type: 'modal',
    callback_id: CALLBACK.bulkAddUsers,
    title: plain(BULK_ADD_TITLE),
    submit: plain('Import'),
    close: plain('Cancel'),
    private_metadata: encodeBulkMetadata({ customerId: customer.id, ...(channel ? { channel } : {}) }),
    blocks: [
      section(
        mrkdwn`Add users to *${customer.name}*: upload a CSV with the header \`Email,First Name,Last Name\` (up to 10 000 rows), *or* type up to ${TYPED_ROWS_MAX} users below — not both. The import runs in the background; I'll DM you its progress and the result.`,
      ),
      {
        type: 'actions',
        elements: [button('Download sample CSV', ACTION.bulkSampleCsv, String(customer.id))],
      },
      {
        type: 'input',
        block_id: BLOCK.bulkFile,
        optional: true,
        label: plain('File'),
        hint: plain('A .csv, or a directory export (.json or .csv). One file.'),
        element: {
          type: 'file_input',
          action_id: ACTION.bulkFile,
          filetypes: [...BULK_FILE_TYPES],
          max_files: BULK_FILE_MAX,
        },
      },
      {
        type: 'input',
        block_id: BLOCK.bulkSource,
        label: plain('What is it?'),
        element: {
          type: 'radio_buttons',
          action_id: ACTION.bulkSource,
          options: sources,
          initial_option: sources[0],
        },
      },
      {
        type: 'input',
        block_id: BLOCK.bulkMode,
        label: plain('When some rows are bad'),
        element: {
          type: 'radio_buttons',
          action_id: ACTION.bulkMode,
          options: modes,
          initial_option: modes[0],
        },
      },
      { type: 'header', text: plain(`Or type up to ${TYPED_ROWS_MAX} users`) },
      context(mrkdwn`Each row: Primary Email (needed), First Name, Last Name. Empty rows are ignored.`),
      ...typedRowBlocks(),
    ],
  }
}

// --- What the form can judge at once ---------------------------------------------------------------

export interface TypedRow {
  /** The row's number in the form (1–8): what "line" means for typed rows. */
  line: number
  email: string
  firstName: string
  lastName: string
}

export type BulkSubmission =
  | { kind: 'errors'; errors: Record<string, string> }
  | { kind: 'file'; fileId: string; source: ImportSource; mode: ImportMode }
  | { kind: 'rows'; rows: TypedRow[]; mode: ImportMode }

const submittedFileSchema = z.object({ id: z.string().min(1) }).loose()
const submittedStateSchema = z.record(
  z.string(),
  z.record(
    z.string(),
    z
      .object({
        type: z.string(),
        value: z.string().nullish(),
        selected_option: z.object({ value: z.string() }).nullish(),
        files: z.array(submittedFileSchema).nullish(),
      })
      .loose(),
  ),
)

/** A typed Primary Email, checked as every customer user's email is (trimmed and lower-cased first). */
export const isTypedEmail = (email: string) => isCustomerUserEmail(normalizeCustomerUserEmail(email))

export const FORM_WORDS = {
  nothing: `Upload a file or type at least one user below (Primary Email, First Name, Last Name).`,
  both: 'Upload a file or type users below, not both: remove one of them.',
  rowsAsDirectory:
    'Typed users are not a directory export: choose "CSV" above, or upload the directory export file.',
  badEmail: (email: string) => `"${email}" is not an email address.`,
  noEmail: 'A Primary Email is needed for this row.',
  sameEmail: (n: number) => `Row ${n} has the same email.`,
} as const

const isSource = (v: string | undefined): v is ImportSource => v === 'csv' || v === 'directory'
const isMode = (v: string | undefined): v is ImportMode => IMPORT_MODES.includes(v as ImportMode)

/** The submitted form: field errors under the fields, or the file or typed rows to import. */
export function judgeBulkSubmission(values: unknown): BulkSubmission {
  const state = submittedStateSchema.parse(values)
  const at = (block: string, action: string) => state[block]?.[action]
  const text = (block: string, action: string) => (at(block, action)?.value ?? '').trim()
  const sourceValue = at(BLOCK.bulkSource, ACTION.bulkSource)?.selected_option?.value
  const modeValue = at(BLOCK.bulkMode, ACTION.bulkMode)?.selected_option?.value
  const source: ImportSource = isSource(sourceValue) ? sourceValue : 'csv'
  const mode: ImportMode = isMode(modeValue) ? modeValue : 'allOrNothing'
  const files = at(BLOCK.bulkFile, ACTION.bulkFile)?.files ?? []

  const rows: TypedRow[] = []
  for (let n = 1; n <= TYPED_ROWS_MAX; n++) {
    const row = {
      line: n,
      email: text(rowBlockId(n, 'email'), ACTION.bulkRowEmail),
      firstName: text(rowBlockId(n, 'firstName'), ACTION.bulkRowFirstName),
      lastName: text(rowBlockId(n, 'lastName'), ACTION.bulkRowLastName),
    }
    if (row.email || row.firstName || row.lastName) rows.push(row)
  }

  const errors: Record<string, string> = {}
  const file = files[0]
  if (!file && rows.length === 0) errors[BLOCK.bulkFile] = FORM_WORDS.nothing
  if (file && rows.length > 0) errors[BLOCK.bulkFile] = FORM_WORDS.both
  if (!file && rows.length > 0 && source === 'directory')
    errors[BLOCK.bulkSource] = FORM_WORDS.rowsAsDirectory
  const seen = new Map<string, number>()
  for (const row of rows) {
    const block = rowBlockId(row.line, 'email')
    if (!row.email) errors[block] = FORM_WORDS.noEmail
    else if (!isTypedEmail(row.email)) errors[block] = FORM_WORDS.badEmail(row.email)
    else {
      const key = row.email.toLowerCase()
      const first = seen.get(key)
      if (first !== undefined) errors[block] = FORM_WORDS.sameEmail(first)
      else seen.set(key, row.line)
    }
  }
  if (Object.keys(errors).length > 0) return { kind: 'errors', errors }
  if (file) return { kind: 'file', fileId: file.id, source, mode }
  return { kind: 'rows', rows, mode }
}
