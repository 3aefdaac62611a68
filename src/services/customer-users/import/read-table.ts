// A CSV file as text and records, shared by the Bulk Add Users CSV and the directory CSV exports: decoded as
// UTF-8 (with or without a BOM; anything else refused), parsed with csv-parse (quoted fields with commas,
// quotes and line breaks), each record with the FILE line it starts on (the header is line 1).
import { parse } from 'csv-parse/sync'
import { checkRowCount, IMPORT_MAX_FILE_BYTES } from '../../../domain/customer-user-import.ts'

/** Why a file could not be read at all (nothing is imported). */
export type FileProblem =
  | { code: 'import.notUtf8' }
  | { code: 'import.emptyFile' }
  | { code: 'import.fileTooLarge'; maxBytes: number }
  | { code: 'import.malformedCsv'; line: number; reason: string }
  | { code: 'import.malformedJson'; reason: string }
  | { code: 'import.missingColumns'; columns: string[] }
  | { code: 'import.tooManyRows'; limit: number; count: number }
  | { code: 'import.noRows' }
  | { code: 'import.unknownFormat' }

export type Read<T> = { ok: true; value: T } | { ok: false; problem: FileProblem }

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/** The file's text: UTF-8 only (a leading BOM dropped). */
export function decodeUtf8(content: Uint8Array): Read<string> {
  if (content.byteLength > IMPORT_MAX_FILE_BYTES)
    return { ok: false, problem: { code: 'import.fileTooLarge', maxBytes: IMPORT_MAX_FILE_BYTES } }
  let text: string
  try {
    text = utf8.decode(content)
  } catch {
    return { ok: false, problem: { code: 'import.notUtf8' } }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1) // in case a decoder kept it
  if (text.trim() === '') return { ok: false, problem: { code: 'import.emptyFile' } }
  return { ok: true, value: text }
}

export interface TableRecord {
  line: number
  cells: string[]
}

const newlines = (text: string) => {
  let n = 0
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++
  return n
}

const leadingEmptyLines = (raw: string) => {
  const match = /^(?:\r?\n)+/.exec(raw)
  return match ? newlines(match[0]) : 0
}

/**
 * Every record with the file line it starts on. Empty lines and records whose cells are all blank are left
 * out (spreadsheets save trailing `,,` rows); fields are trimmed.
 */
export function readRecords(text: string): Read<TableRecord[]> {
  let parsed: { record: string[]; raw: string }[]
  try {
    // one kind of line end: csv-parse's raw text and line counts are off for CRLF
    parsed = parse(text.replace(/\r\n?/g, '\n'), {
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as { record: string[]; raw: string }[]
  } catch (error) {
    const e = error as { lines?: number; message?: string }
    return {
      ok: false,
      problem: { code: 'import.malformedCsv', line: e.lines ?? 1, reason: String(e.message ?? error) },
    }
  }
  const records: TableRecord[] = []
  let before = 0 // line breaks consumed by the records before this one
  for (const { record, raw } of parsed) {
    const line = 1 + before + leadingEmptyLines(raw)
    before += newlines(raw)
    if (record.every((cell) => cell === '')) continue
    records.push({ line, cells: record })
  }
  return { ok: true, value: records }
}

/** A header cell as compared: lower-case, `[Required]`-style notes and extra spaces dropped. */
export const headerKey = (cell: string) =>
  cell
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/[\s_]+/g, ' ')
    .trim()
    .toLowerCase()

/** The index of the first header cell whose key is one of `names` (already keys), or -1. */
export function columnOf(header: readonly string[], names: readonly string[]): number {
  const keys = header.map(headerKey)
  for (const name of names) {
    const at = keys.indexOf(name)
    if (at !== -1) return at
  }
  return -1
}

/** No rows, or more than an import may hold. */
export function rowCountProblem(count: number): FileProblem | null {
  const problem = checkRowCount(count)
  if (!problem) return null
  return problem.code === 'noRows'
    ? { code: 'import.noRows' }
    : { code: 'import.tooManyRows', limit: problem.limit, count: problem.count }
}
