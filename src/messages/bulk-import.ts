// A bulk import of customer users in words: why a file could not be read at all, why a row was rejected,
// why the uploaded file could not be fetched from Slack. Plain text: the Slack edge escapes it.
import type { CustomerUserFieldIssue } from '../domain/customer-users.ts'
import type { FileProblem } from '../services/customer-users/import/read-table.ts'

const number = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')
const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`

export function fileProblemWords(p: FileProblem): string {
  switch (p.code) {
    case 'import.notUtf8':
      return 'the file is not UTF-8 text. Save it as "CSV UTF-8" (or UTF-8 JSON) and upload it again.'
    case 'import.emptyFile':
      return 'the file is empty.'
    case 'import.fileTooLarge':
      return `the file is larger than ${megabytes(p.maxBytes)}.`
    case 'import.malformedCsv':
      return `the CSV cannot be read at line ${p.line} (${p.reason}).`
    case 'import.malformedJson':
      return `the JSON cannot be read (${p.reason}).`
    case 'import.missingColumns':
      return `the header has no ${p.columns.join(', ')} column${p.columns.length === 1 ? '' : 's'}. The first line must name the columns: Email, First Name, Last Name.`
    case 'import.tooManyRows':
      return `the file has ${number(p.count)} rows; one import takes at most ${number(p.limit)}. Split it into several files.`
    case 'import.noRows':
      return 'the file has a header but no users.'
    case 'import.unknownFormat':
      return 'this is not a Microsoft 365 or Google Workspace user export (see the README for the fields).'
  }
}

/** Why the uploaded file could not be fetched from Slack. */
export function fetchProblemWords(
  p:
    | { code: 'slack'; error: string }
    | { code: 'tooLarge'; maxBytes: number }
    | { code: 'download'; status: number | null },
): string {
  switch (p.code) {
    case 'slack':
      return p.error === 'file_not_found' || p.error === 'file_deleted'
        ? `Slack no longer has the uploaded file (${p.error}). Upload it again.`
        : `Slack did not give the uploaded file (${p.error}).`
    case 'tooLarge':
      return `the file is larger than ${megabytes(p.maxBytes)}.`
    case 'download':
      return p.status === null
        ? 'the file could not be downloaded from Slack. Try again.'
        : `Slack refused the file's download (HTTP ${p.status}). Try again.`
  }
}

const FIELD = { email: 'Email', firstName: 'First Name', lastName: 'Last Name' } as const

function issueWords(i: CustomerUserFieldIssue, email: string): string {
  switch (i.issue) {
    case 'missing':
      return `${FIELD[i.field]} is empty`
    case 'tooLong':
      return `${FIELD[i.field]} is too long`
    case 'invalid':
      return i.field === 'email' ? `"${email}" is not an email address` : `${FIELD[i.field]} is not valid`
  }
}

/** Why a row was rejected (the engine's ImportRowProblem). */
export type RowProblemWords =
  | { code: 'fields'; issues: CustomerUserFieldIssue[] }
  | { code: 'duplicateInFile'; firstLine: number }
  | { code: 'duplicateIdInFile'; firstLine: number }
  | { code: 'emailTaken' }

export function rowProblemWords(
  p: RowProblemWords,
  email: string,
  lineWord = 'line',
  /** How a line is numbered where it is shown (typed rows: the form's row). */
  shown: (line: number) => number = (line) => line,
): string {
  switch (p.code) {
    case 'fields':
      return p.issues.map((i) => issueWords(i, email)).join('; ')
    case 'duplicateInFile':
      return `${email}: the same email as ${lineWord} ${shown(p.firstLine)}`
    case 'duplicateIdInFile':
      return `the same directory id as ${lineWord} ${shown(p.firstLine)}`
    case 'emailTaken':
      return `${email} already belongs to another user of this customer`
  }
}
