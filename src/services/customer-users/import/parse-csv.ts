// The Bulk Add Users CSV: a header naming the columns "Email" (or "Primary Email"), "First Name" and
// "Last Name" in any order and case (other columns are ignored), then one user per row.
import type { ImportRow } from '../../../domain/customer-user-import.ts'
import { columnOf, decodeUtf8, type Read, readRecords, rowCountProblem } from './read-table.ts'

export const CSV_COLUMNS = {
  email: ['email', 'primary email'],
  firstName: ['first name'],
  lastName: ['last name'],
} as const

/** The sample file "Download sample CSV" posts. */
export const SAMPLE_CSV =
  'Email,First Name,Last Name\r\nli.wu@example.com,Li,Wu\r\n"ana.perez@example.com","Ana","Pérez, Jr."\r\n'

/** The rows of a Bulk Add Users CSV, each with its file line; or why the file cannot be imported at all. */
export async function parseUsersCsv(content: Uint8Array): Promise<Read<ImportRow[]>> {
  const text = decodeUtf8(content)
  if (!text.ok) return text
  const records = await readRecords(text.value)
  if (!records.ok) return records
  const [header, ...rows] = records.value
  if (!header) return { ok: false, problem: { code: 'import.emptyFile' } }
  const email = columnOf(header.cells, CSV_COLUMNS.email)
  const firstName = columnOf(header.cells, CSV_COLUMNS.firstName)
  const lastName = columnOf(header.cells, CSV_COLUMNS.lastName)
  const missing = [
    ...(email === -1 ? ['Email'] : []),
    ...(firstName === -1 ? ['First Name'] : []),
    ...(lastName === -1 ? ['Last Name'] : []),
  ]
  if (missing.length > 0) return { ok: false, problem: { code: 'import.missingColumns', columns: missing } }
  const tooMany = rowCountProblem(rows.length)
  if (tooMany) return { ok: false, problem: tooMany }
  return {
    ok: true,
    value: rows.map(({ line, cells }) => ({
      line,
      email: cells[email] ?? '',
      firstName: cells[firstName] ?? '',
      lastName: cells[lastName] ?? '',
    })),
  }
}

/** Rows typed in the form (up to 8): numbered as lines 2, 3, … as if under a header; blank rows left out. */
export function formRows(
  rows: readonly { email?: string; firstName?: string; lastName?: string }[],
): ImportRow[] {
  return rows
    .map((row, i) => ({
      line: i + 2,
      email: row.email?.trim() ?? '',
      firstName: row.firstName?.trim() ?? '',
      lastName: row.lastName?.trim() ?? '',
    }))
    .filter((row) => row.email !== '' || row.firstName !== '' || row.lastName !== '')
}
