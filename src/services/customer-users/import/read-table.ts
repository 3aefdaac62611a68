// A CSV file as text and records, shared by the Bulk Add Users CSV and the directory CSV exports: decoded as
// UTF-8 (with or without a BOM; anything else refused), parsed with csv-parse (quoted fields with commas,
// quotes and line breaks), each record with the FILE line it starts on (the header is line 1).
import { finished } from 'node:stream/promises'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { parse } from 'csv-parse'
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

/** Bytes parsed per turn of the event loop: a 10 MB file never holds the main thread in one go. */
export const PARSE_CHUNK_BYTES = 64 * 1024

type RawRecord = { record: string[]; raw: string }

/** csv-parse's records with their raw text, fed PARSE_CHUNK_BYTES at a time with a loop turn between. */
async function parseInChunks(bytes: Buffer): Promise<RawRecord[]> {
  const parser = parse({ raw: true, skip_empty_lines: true, relax_column_count: true, trim: true })
  const records: RawRecord[] = []
  const drain = () => {
    for (let r = parser.read() as RawRecord | null; r !== null; r = parser.read() as RawRecord | null)
      records.push(r)
  }
  parser.on('readable', drain)
  const done = finished(parser)
  done.catch(() => {}) // awaited below; a parse error may come while the loop waits for its turn
  for (let at = 0; at < bytes.length && !parser.destroyed; at += PARSE_CHUNK_BYTES) {
    parser.write(bytes.subarray(at, at + PARSE_CHUNK_BYTES))
    drain()
    await nextTurn()
  }
  parser.end()
  await done
  drain()
  return records
}

/**
 * Every record with the file line it starts on. Empty lines and records whose cells are all blank are left
 * out (spreadsheets save trailing `,,` rows); fields are trimmed.
 */
export async function readRecords(text: string): Promise<Read<TableRecord[]>> {
  let parsed: RawRecord[]
  try {
    // one kind of line end: csv-parse's raw text and line counts are off for CRLF
    parsed = await parseInChunks(Buffer.from(text.replace(/\r\n?/g, '\n')))
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
