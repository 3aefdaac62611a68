// The pure import rules: row checks by file line, duplicates inside the file, existing users skipped,
// the row cap, the two modes, batches, and what a directory batch updates.
import { describe, expect, it } from 'vitest'
import {
  checkImportRows,
  checkRowCount,
  IMPORT_BATCH_ROWS,
  type ImportRow,
  importBatches,
  planBatch,
  planImport,
} from '../../src/domain/customer-user-import.ts'

const row = (
  line: number,
  email: string,
  firstName = 'Li',
  lastName = 'Wu',
  externalId?: string,
): ImportRow => ({
  line,
  email,
  firstName,
  lastName,
  ...(externalId ? { externalId } : {}),
})

describe('checkImportRows', () => {
  it('normalizes good rows and rejects bad ones by line with every field issue', () => {
    const { valid, rejected } = checkImportRows([
      row(2, ' Li@Zylker.Example '),
      row(3, 'not-an-email'),
      row(4, 'ana@zylker.example', '', 'x'.repeat(65)),
    ])
    expect(valid).toEqual([{ line: 2, email: 'li@zylker.example', firstName: 'Li', lastName: 'Wu' }])
    expect(rejected).toEqual([
      {
        line: 3,
        email: 'not-an-email',
        problem: { code: 'fields', issues: [{ field: 'email', issue: 'invalid' }] },
      },
      {
        line: 4,
        email: 'ana@zylker.example',
        problem: {
          code: 'fields',
          issues: [
            { field: 'firstName', issue: 'missing' },
            { field: 'lastName', issue: 'tooLong' },
          ],
        },
      },
    ])
  })

  it('rejects a later duplicate inside the file naming the first line (case-insensitively)', () => {
    const { valid, rejected } = checkImportRows([
      row(2, 'a@x.example'),
      row(3, 'b@x.example'),
      row(7, 'A@X.example'),
    ])
    expect(valid.map((r) => r.line)).toEqual([2, 3])
    expect(rejected).toEqual([
      { line: 7, email: 'A@X.example', problem: { code: 'duplicateInFile', firstLine: 2 } },
    ])
  })

  it('an invalid row does not claim its email: a later valid row with it is kept', () => {
    const { valid, rejected } = checkImportRows([row(2, 'a@x.example', ''), row(3, 'a@x.example')])
    expect(valid.map((r) => r.line)).toEqual([3])
    expect(rejected.map((r) => r.line)).toEqual([2])
  })

  it('rejects a repeated directory id naming the first line', () => {
    const { rejected } = checkImportRows([
      row(1, 'a@x.example', 'A', 'A', 'id-1'),
      row(2, 'b@x.example', 'B', 'B', 'id-1'),
    ])
    expect(rejected).toEqual([
      { line: 2, email: 'b@x.example', problem: { code: 'duplicateIdInFile', firstLine: 1 } },
    ])
  })
})

describe('checkRowCount', () => {
  it('allows 1 to 10 000 rows', () => {
    expect(checkRowCount(0)).toEqual({ code: 'noRows' })
    expect(checkRowCount(1)).toBeNull()
    expect(checkRowCount(10_000)).toBeNull()
    expect(checkRowCount(10_001)).toEqual({ code: 'tooManyRows', limit: 10_000, count: 10_001 })
  })
})

describe('planImport', () => {
  const rows = [row(2, 'new@x.example'), row(3, 'old@x.example'), row(4, 'bad')]
  const existing = new Set(['old@x.example'])

  it('add valid rows: adds the new, skips existing emails (not bad rows), reports the rejected', () => {
    const plan = planImport(rows, existing, 'addValid')
    expect(plan.proceed).toBe(true)
    expect(plan.add.map((r) => r.email)).toEqual(['new@x.example'])
    expect(plan.skip).toEqual([{ line: 3, email: 'old@x.example' }])
    expect(plan.rejected.map((r) => r.line)).toEqual([4])
  })

  it('all or nothing: one rejected row and nothing is added', () => {
    const plan = planImport(rows, existing, 'allOrNothing')
    expect(plan).toMatchObject({ proceed: false, add: [], skip: [] })
    expect(plan.rejected.map((r) => r.line)).toEqual([4])
  })

  it('all or nothing with only existing duplicates still adds the rest', () => {
    const plan = planImport(rows.slice(0, 2), existing, 'allOrNothing')
    expect(plan.proceed).toBe(true)
    expect(plan.add.map((r) => r.line)).toEqual([2])
  })
})

describe('importBatches', () => {
  it('add valid rows: batches of IMPORT_BATCH_ROWS; all or nothing: one', () => {
    const rows = Array.from({ length: IMPORT_BATCH_ROWS * 2 + 1 }, (_, i) => i)
    expect(importBatches(rows, 'addValid').map((b) => b.length)).toEqual([
      IMPORT_BATCH_ROWS,
      IMPORT_BATCH_ROWS,
      1,
    ])
    expect(importBatches(rows, 'allOrNothing').map((b) => b.length)).toEqual([rows.length])
    expect(importBatches([], 'addValid')).toEqual([])
  })
})

describe('planBatch', () => {
  const valid = (rows: ImportRow[]) => checkImportRows(rows).valid
  const user = (
    id: number,
    email: string,
    extra: Partial<{ externalId: string; source: 'manual' | 'directory'; firstName: string }> = {},
  ) => ({
    id,
    email,
    firstName: extra.firstName ?? 'Li',
    lastName: 'Wu',
    source: extra.source ?? ('manual' as const),
    externalId: extra.externalId ?? null,
  })

  it('csv: existing emails are skipped, the rest inserted', () => {
    const plan = planBatch(
      valid([row(2, 'a@x.example'), row(3, 'b@x.example')]),
      [user(1, 'b@x.example')],
      'csv',
    )
    expect(plan.insert.map((r) => r.line)).toEqual([2])
    expect(plan.skip).toEqual([{ line: 3, email: 'b@x.example' }])
  })

  it('directory: matches by id first, then email; up-to-date users skipped; new ones inserted', () => {
    const existing = [
      user(1, 'old@x.example', { externalId: 'id-1', source: 'directory' }),
      user(2, 'manual@x.example'),
      user(3, 'same@x.example', { externalId: 'id-3', source: 'directory' }),
    ]
    const plan = planBatch(
      valid([
        row(1, 'renamed@x.example', 'Li', 'Wu', 'id-1'),
        row(2, 'manual@x.example', 'Li', 'Wu', 'id-2'),
        row(3, 'same@x.example', 'Li', 'Wu', 'id-3'),
        row(4, 'new@x.example', 'Li', 'Wu', 'id-4'),
      ]),
      existing,
      'directory',
    )
    expect(plan.update.map((u) => [u.id, u.row.line])).toEqual([
      [1, 1],
      [2, 2],
    ])
    expect(plan.skip.map((s) => s.line)).toEqual([3])
    expect(plan.insert.map((r) => r.line)).toEqual([4])
    expect(plan.rejected).toEqual([])
  })

  it('directory: a new email held by another user is rejected, never merged', () => {
    const existing = [
      user(1, 'a@x.example', { externalId: 'id-1', source: 'directory' }),
      user(2, 'b@x.example'),
    ]
    const plan = planBatch(valid([row(1, 'b@x.example', 'Li', 'Wu', 'id-1')]), existing, 'directory')
    expect(plan.rejected).toEqual([{ line: 1, email: 'b@x.example', problem: { code: 'emailTaken' } }])
    expect(plan.update).toEqual([])
  })
})
