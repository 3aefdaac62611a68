// Directory exports (the "endpoint" method): users as Microsoft 365 or Google Workspace list them. Users
// imported this way are locked (source `directory`) and a re-import updates them, matched by the directory's
// id, else by email.
//
// Accepted formats (the fields read; everything else is ignored):
// - Microsoft 365 admin center, Users → Active users → Export users (CSV): "User principal name",
//   "First name", "Last name", "Object Id".
// - Microsoft Graph `GET /users` (JSON): `{ "value": [ { "id", "userPrincipalName", "mail", "givenName",
//   "surname" } ] }` (`mail` is used when set, else `userPrincipalName`).
// - Google Workspace Admin console, Users → Download users (CSV): "Email Address [Required]",
//   "First Name [Required]", "Last Name [Required]" (it has no immutable id: users are matched by email).
// - Google Admin SDK Directory API `users.list` (JSON): `{ "users": [ { "id", "primaryEmail",
//   "name": { "givenName", "familyName" } } ] }`.
import type { ImportRow } from '../../../domain/customer-user-import.ts'
import { columnOf, decodeUtf8, type Read, readRecords, rowCountProblem } from './read-table.ts'

export type DirectoryFormat = 'microsoft-csv' | 'google-csv' | 'directory-csv' | 'graph-json' | 'google-json'

export interface DirectoryFile {
  format: DirectoryFormat
  /** CSV: `line` is the file line (header = 1); JSON: the entry's position in its list (1, 2, …). */
  rows: ImportRow[]
}

const DIRECTORY_COLUMNS = {
  email: [
    'user principal name',
    'userprincipalname',
    'email address',
    'primary email',
    'primaryemail',
    'email',
    'mail',
  ],
  firstName: ['first name', 'given name', 'givenname'],
  lastName: ['last name', 'surname', 'family name', 'familyname'],
  externalId: ['object id', 'objectid', 'id'],
} as const

const text = (value: unknown): string => (typeof value === 'string' ? value : '')
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}

async function fromCsv(content: string): Promise<Read<DirectoryFile>> {
  const records = await readRecords(content)
  if (!records.ok) return records
  const [header, ...rows] = records.value
  if (!header) return { ok: false, problem: { code: 'import.emptyFile' } }
  const email = columnOf(header.cells, DIRECTORY_COLUMNS.email)
  const firstName = columnOf(header.cells, DIRECTORY_COLUMNS.firstName)
  const lastName = columnOf(header.cells, DIRECTORY_COLUMNS.lastName)
  const externalId = columnOf(header.cells, DIRECTORY_COLUMNS.externalId)
  const missing = [
    ...(email === -1 ? ['User principal name (or Email Address)'] : []),
    ...(firstName === -1 ? ['First name'] : []),
    ...(lastName === -1 ? ['Last name'] : []),
  ]
  if (missing.length > 0) return { ok: false, problem: { code: 'import.missingColumns', columns: missing } }
  const tooMany = rowCountProblem(rows.length)
  if (tooMany) return { ok: false, problem: tooMany }
  const emailHeader = header.cells[email]?.toLowerCase() ?? ''
  const format: DirectoryFormat = emailHeader.includes('principal')
    ? 'microsoft-csv'
    : emailHeader.includes('[required]')
      ? 'google-csv'
      : 'directory-csv'
  return {
    ok: true,
    value: {
      format,
      rows: rows.map(({ line, cells }) => {
        const id = externalId === -1 ? '' : (cells[externalId] ?? '')
        return {
          line,
          email: cells[email] ?? '',
          firstName: cells[firstName] ?? '',
          lastName: cells[lastName] ?? '',
          ...(id === '' ? {} : { externalId: id }),
        }
      }),
    },
  }
}

function fromJson(content: string): Read<DirectoryFile> {
  let parsed: unknown
  try {
    parsed = JSON.parse(content)
  } catch (error) {
    return { ok: false, problem: { code: 'import.malformedJson', reason: (error as Error).message } }
  }
  const top = record(parsed)
  let format: DirectoryFormat
  let entries: unknown[]
  if (Array.isArray(top.users)) {
    format = 'google-json'
    entries = top.users
  } else if (Array.isArray(top.value)) {
    format = 'graph-json'
    entries = top.value
  } else if (Array.isArray(parsed)) {
    const first = record(parsed[0])
    format = 'primaryEmail' in first ? 'google-json' : 'graph-json'
    entries = parsed
  } else {
    return { ok: false, problem: { code: 'import.unknownFormat' } }
  }
  const tooMany = rowCountProblem(entries.length)
  if (tooMany) return { ok: false, problem: tooMany }
  const rows = entries.map((entry, i): ImportRow => {
    const user = record(entry)
    const id = typeof user.id === 'string' || typeof user.id === 'number' ? String(user.id) : ''
    const base =
      format === 'google-json'
        ? {
            email: text(user.primaryEmail),
            firstName: text(record(user.name).givenName),
            lastName: text(record(user.name).familyName),
          }
        : {
            email: text(user.mail) || text(user.userPrincipalName),
            firstName: text(user.givenName),
            lastName: text(user.surname),
          }
    return { line: i + 1, ...base, ...(id === '' ? {} : { externalId: id }) }
  })
  return { ok: true, value: { format, rows } }
}

/** The users of a directory export, JSON or CSV (told apart by the first character). */
export async function parseDirectoryExport(content: Uint8Array): Promise<Read<DirectoryFile>> {
  const decoded = decodeUtf8(content)
  if (!decoded.ok) return decoded
  const start = decoded.value.trimStart()[0]
  return start === '{' || start === '[' ? fromJson(decoded.value) : await fromCsv(decoded.value)
}

/** Whether a format's `line` is a file line (CSV) or an entry's position (JSON). */
export const rowsAreLines = (format: DirectoryFormat | 'csv') => !format.endsWith('-json')
