// Bulk import of customer users (CSV or a directory export), the pure part: which rows are checked and how,
// which are duplicates inside the file, which already exist, the size limit, the two modes and the batches.
// Rows carry their FILE line (the header is line 1) so every refusal can be named where the person sees it.
import {
  CUSTOMER_USER_IMPORT_MAX_ROWS,
  type CustomerUserFieldIssue,
  type CustomerUserFields,
  checkCustomerUserFields,
  normalizeCustomerUserEmail,
} from './customer-users.ts'

/** "All or nothing": any bad row → nothing is added. "Add valid rows": bad rows are reported, the rest added. */
export const IMPORT_MODES = ['allOrNothing', 'addValid'] as const
export type ImportMode = (typeof IMPORT_MODES)[number]
export const isImportMode = (value: string): value is ImportMode =>
  (IMPORT_MODES as readonly string[]).includes(value)

/** `csv`: the Bulk Add Users file or form rows; `directory`: a Microsoft 365 / Google Workspace export. */
export const IMPORT_METHODS = ['csv', 'directory'] as const
export type ImportMethod = (typeof IMPORT_METHODS)[number]

/** Rows one transaction writes ("add valid rows"): a crash leaves whole batches of this size. */
export const IMPORT_BATCH_ROWS = 1_000
/** Rows one INSERT/UPDATE statement carries (one statement holds the main thread on the embedded database). */
export const IMPORT_STATEMENT_ROWS = 500
/** Rejected and skipped rows a task keeps by line; the rest are only counted. */
export const IMPORT_KEPT_ROWS = 1_000
/** Largest file accepted (10 000 rows of long names and emails fit easily). */
export const IMPORT_MAX_FILE_BYTES = 10 * 1024 * 1024

/** One row as read from a file or the form: raw text, and its file line (the header is line 1). */
export interface ImportRow {
  line: number
  email: string
  firstName: string
  lastName: string
  /** The directory's immutable id (directory imports only; absent when the format has none). */
  externalId?: string
}

/** A row that passed: normalized fields. */
export interface ValidImportRow extends CustomerUserFields {
  line: number
  externalId?: string
}

/** Why a row was refused. */
export type ImportRowProblem =
  /** A field is empty, too long or (the email) not an address. */
  | { code: 'fields'; issues: CustomerUserFieldIssue[] }
  /** The same email appears on an earlier line of the same file. */
  | { code: 'duplicateInFile'; firstLine: number }
  /** The same directory id appears on an earlier line of the same file. */
  | { code: 'duplicateIdInFile'; firstLine: number }
  /** Directory re-import: the new email already belongs to another of the customer's users. */
  | { code: 'emailTaken' }

export interface RejectedImportRow {
  line: number
  /** The email as written in the file (trimmed), for the report. */
  email: string
  problem: ImportRowProblem
}

export interface SkippedImportRow {
  line: number
  email: string
}

export interface CheckedImportRows {
  valid: ValidImportRow[]
  rejected: RejectedImportRow[]
}

/** Too many rows for one import: the limit and how many the file has. */
export type RowCountProblem = { code: 'tooManyRows'; limit: number; count: number } | { code: 'noRows' }

export function checkRowCount(count: number): RowCountProblem | null {
  if (count === 0) return { code: 'noRows' }
  if (count > CUSTOMER_USER_IMPORT_MAX_ROWS)
    return { code: 'tooManyRows', limit: CUSTOMER_USER_IMPORT_MAX_ROWS, count }
  return null
}

/**
 * Checks every row on its own (fields), then against the earlier rows of the same file: the first row with
 * an email (or a directory id) wins, a later one is rejected naming the first one's line. Rows keep their
 * order.
 */
export function checkImportRows(rows: readonly ImportRow[]): CheckedImportRows {
  const valid: ValidImportRow[] = []
  const rejected: RejectedImportRow[] = []
  const lineOfEmail = new Map<string, number>()
  const lineOfId = new Map<string, number>()
  for (const row of rows) {
    const checked = checkCustomerUserFields(row)
    const shownEmail = row.email.trim()
    if (!checked.ok) {
      rejected.push({
        line: row.line,
        email: shownEmail,
        problem: { code: 'fields', issues: checked.issues },
      })
      continue
    }
    const externalId = row.externalId?.trim() || undefined
    const firstWithId = externalId === undefined ? undefined : lineOfId.get(externalId)
    if (firstWithId !== undefined) {
      rejected.push({
        line: row.line,
        email: shownEmail,
        problem: { code: 'duplicateIdInFile', firstLine: firstWithId },
      })
      continue
    }
    const firstWithEmail = lineOfEmail.get(checked.user.email)
    if (firstWithEmail !== undefined) {
      rejected.push({
        line: row.line,
        email: shownEmail,
        problem: { code: 'duplicateInFile', firstLine: firstWithEmail },
      })
      continue
    }
    lineOfEmail.set(checked.user.email, row.line)
    if (externalId !== undefined) lineOfId.set(externalId, row.line)
    valid.push({ line: row.line, ...checked.user, ...(externalId === undefined ? {} : { externalId }) })
  }
  return { valid, rejected }
}

/** Valid rows split by whether their email already belongs to one of the customer's users (skipped then). */
export function splitExisting(
  valid: readonly ValidImportRow[],
  existingEmails: ReadonlySet<string>,
): { add: ValidImportRow[]; skip: SkippedImportRow[] } {
  const add: ValidImportRow[] = []
  const skip: SkippedImportRow[] = []
  for (const row of valid) {
    if (existingEmails.has(normalizeCustomerUserEmail(row.email)))
      skip.push({ line: row.line, email: row.email })
    else add.push(row)
  }
  return { add, skip }
}

export interface ImportPlan {
  /** False in "all or nothing" when any row was rejected: nothing is added. */
  proceed: boolean
  add: ValidImportRow[]
  skip: SkippedImportRow[]
  rejected: RejectedImportRow[]
}

/** A CSV import decided as a whole (given the customer's existing emails, lower-cased). */
export function planImport(
  rows: readonly ImportRow[],
  existingEmails: ReadonlySet<string>,
  mode: ImportMode,
): ImportPlan {
  const { valid, rejected } = checkImportRows(rows)
  const proceed = mode === 'addValid' || rejected.length === 0
  const { add, skip } = splitExisting(valid, existingEmails)
  return { proceed, add: proceed ? add : [], skip: proceed ? skip : [], rejected }
}

/**
 * How the valid rows are cut into batches: in "add valid rows" one batch per IMPORT_BATCH_ROWS rows, each
 * its own transaction; in "all or nothing" one batch of all of them. The same rows give the same batches on
 * every run, so a resumed task skips exactly the batches it committed.
 */
export function importBatches<T>(rows: readonly T[], mode: ImportMode): T[][] {
  if (rows.length === 0) return []
  if (mode === 'allOrNothing') return [[...rows]]
  const batches: T[][] = []
  for (let i = 0; i < rows.length; i += IMPORT_BATCH_ROWS) batches.push(rows.slice(i, i + IMPORT_BATCH_ROWS))
  return batches
}

/** The first IMPORT_KEPT_ROWS entries (a task keeps those by line; the rest only counted). */
export const keptRows = <T>(rows: readonly T[]): T[] => rows.slice(0, IMPORT_KEPT_ROWS)

/** One of the customer's users as a batch sees it (matched by email, or by directory id). */
export interface ExistingCustomerUser {
  id: number
  email: string
  firstName: string
  lastName: string
  source: 'manual' | 'csv' | 'directory'
  externalId: string | null
}

export interface BatchPlan {
  insert: ValidImportRow[]
  /** Directory rows matching a user whose fields differ: that user's id and the row. */
  update: { id: number; row: ValidImportRow }[]
  /** CSV: the email already exists. Directory: the matched user is already up to date. */
  skip: SkippedImportRow[]
  rejected: RejectedImportRow[]
}

/**
 * What one batch of valid rows does, given the customer's users its rows match. CSV rows whose email
 * exists are skipped (duplicates, not bad rows). Directory rows update the user they match — by directory
 * id, else by email — and make it a directory user; a row whose email belongs to another user, or a second
 * row matching the same user, is rejected.
 */
export function planBatch(
  rows: readonly ValidImportRow[],
  existing: readonly ExistingCustomerUser[],
  method: ImportMethod,
): BatchPlan {
  const byEmail = new Map(existing.map((u) => [u.email.toLowerCase(), u]))
  const plan: BatchPlan = { insert: [], update: [], skip: [], rejected: [] }
  if (method === 'csv') {
    for (const row of rows) {
      if (byEmail.has(row.email)) plan.skip.push({ line: row.line, email: row.email })
      else plan.insert.push(row)
    }
    return plan
  }
  const byId = new Map(existing.flatMap((u) => (u.externalId === null ? [] : [[u.externalId, u] as const])))
  const matched = new Set<number>()
  for (const row of rows) {
    const user =
      (row.externalId === undefined ? undefined : byId.get(row.externalId)) ?? byEmail.get(row.email)
    const holder = byEmail.get(row.email)
    if (!user) {
      plan.insert.push(row)
      continue
    }
    if ((holder && holder.id !== user.id) || matched.has(user.id)) {
      plan.rejected.push({ line: row.line, email: row.email, problem: { code: 'emailTaken' } })
      continue
    }
    matched.add(user.id)
    const same =
      user.email === row.email &&
      user.firstName === row.firstName &&
      user.lastName === row.lastName &&
      user.source === 'directory' &&
      (row.externalId === undefined || user.externalId === row.externalId)
    if (same) plan.skip.push({ line: row.line, email: row.email })
    else plan.update.push({ id: user.id, row })
  }
  return plan
}
