// Bulk imports against a real migrated database: startImport's refusals (roles, scope, files refused at
// once), then the task run as the job runs it — each bad-CSV case in both modes, the export afterwards
// proving exactly which users exist, directory re-imports updating locked users, a run cut off after a
// batch resuming without writing any row twice, reporters (throttled, failing) and /msp tasks.
import { beforeEach, describe, expect, it } from 'vitest'
import { IMPORT_BATCH_ROWS, type ImportMode } from '../../../../src/domain/customer-user-import.ts'
import type { StaffActor } from '../../../../src/services/actor.ts'
import { listTasks, taskDetail } from '../../../../src/services/customer-users/import/list-tasks.ts'
import {
  CUSTOMER_GONE,
  failImportTask,
  type RunImportOptions,
  runImportTask,
  unfinishedImportTasks,
} from '../../../../src/services/customer-users/import/run-import.ts'
import {
  type StartImportInput,
  startImport,
} from '../../../../src/services/customer-users/import/start-import.ts'
import type { ImportTaskView } from '../../../../src/services/customer-users/import/task-view.ts'
import { exportSnapshot } from '../../../../src/services/snapshot/export-snapshot.ts'
import { useTestDatabase } from '../../../support/db.ts'
import { seedWorld } from '../../../support/seed.ts'
import { staffRoster } from '../../../support/worlds.ts'

const db = useTestDatabase()
const prisma = () => db().prisma
const bytes = (text: string) => new TextEncoder().encode(text)
const HEADER = 'Email,First Name,Last Name'

let priya: StaffActor
let tess: StaffActor
let vic: StaffActor
let zylker: number
let acme: number

beforeEach(async () => {
  const w = await seedWorld(prisma(), {
    users: [...staffRoster],
    customers: [{ name: 'Zylker', directUsers: ['Tess', 'Vic'] }, { name: 'Acme' }],
  })
  priya = w.actor('Priya')
  tess = w.actor('Tess')
  vic = w.actor('Vic')
  zylker = w.customerId('Zylker')
  acme = w.customerId('Acme')
})

/** The export's customer users, as `customer email first last source`, sorted. */
async function exported(): Promise<string[]> {
  const snapshot = await exportSnapshot(prisma())
  return (snapshot.customerUsers ?? [])
    .map((u) => `${u.customer} ${u.email} ${u.firstName} ${u.lastName} ${u.source}`)
    .sort()
}

async function existing(...emails: string[]) {
  await prisma().customerUser.createMany({
    data: emails.map((email) => ({
      customerId: zylker,
      email,
      firstName: 'Old',
      lastName: 'User',
      firstNameKey: 'old',
      lastNameKey: 'user',
    })),
  })
}

/** Runs the task as the job does: on PostgreSQL each batch starts while the one before commits. */
const runTask = (taskId: string, options: RunImportOptions = {}) =>
  runImportTask(prisma(), taskId, { overlapBatches: db().kind === 'postgres', ...options })

/** Starts an import as Tess and runs its task to the end, as the job does. */
async function importCsv(
  text: string | Uint8Array,
  mode: ImportMode,
  extra: Partial<StartImportInput> = {},
): Promise<ImportTaskView> {
  const started = await startImport(prisma(), tess, {
    customerId: zylker,
    method: 'csv',
    mode,
    fileName: 'users.csv',
    content: typeof text === 'string' ? bytes(text) : text,
    ...extra,
  } as StartImportInput)
  if (started.status !== 'started') throw new Error(`not started: ${JSON.stringify(started)}`)
  const view = await runTask(started.taskId)
  if (!view) throw new Error('no task')
  return view
}

const csv = (...rows: string[]) => [HEADER, ...rows].join('\n')

describe('startImport refuses before writing anything', () => {
  it('a viewer, and a technician on a customer not associated with them', async () => {
    const input = {
      customerId: zylker,
      method: 'csv',
      mode: 'addValid',
      content: bytes(csv('a@x.example,A,B')),
    } as const
    await expect(startImport(prisma(), vic, input)).rejects.toMatchObject({ code: 'staff.forbidden' })
    await expect(startImport(prisma(), tess, { ...input, customerId: acme })).rejects.toMatchObject({
      code: 'staff.notAssociated',
    })
    expect(await prisma().backgroundTask.count()).toBe(0)
  })

  it.each([
    [
      'not UTF-8',
      new Uint8Array([...bytes(`${HEADER}\nz@x.example,Zo`), 0xeb, ...bytes(',W\n')]),
      'import.notUtf8',
    ],
    ['an empty file', bytes(''), 'import.emptyFile'],
    ['a missing column', bytes('Email,First Name\na@x.example,A\n'), 'import.missingColumns'],
    [
      '10 001 rows',
      bytes(csv(...Array.from({ length: 10_001 }, (_, i) => `u${i}@x.example,U,${i}`))),
      'import.tooManyRows',
    ],
  ])('%s: invalid with the problem, no task, nothing added', async (_, content, code) => {
    for (const mode of ['allOrNothing', 'addValid'] as const) {
      const result = await startImport(prisma(), tess, { customerId: zylker, method: 'csv', mode, content })
      expect(result).toMatchObject({ status: 'invalid', problem: { code } })
    }
    expect(await prisma().backgroundTask.count()).toBe(0)
    expect(await exported()).toEqual([])
  })

  it('the missing column is named', async () => {
    const result = await startImport(prisma(), tess, {
      customerId: zylker,
      method: 'csv',
      mode: 'addValid',
      content: bytes('Email,First Name\na@x.example,A\n'),
    })
    expect(result).toEqual({
      status: 'invalid',
      problem: { code: 'import.missingColumns', columns: ['Last Name'] },
    })
  })
})

describe('a CSV import', () => {
  const mixed = csv(
    'ana@zylker.example,Ana,Diaz', // 2
    'not-an-email,Bad,Email', // 3
    'old@zylker.example,Old,Again', // 4: exists already
    'ANA@zylker.example,Ana,Twice', // 5: duplicate of line 2
    'bo@zylker.example,"Bo, Jr.","Berg', // 6–7: quoted comma and line break
    'Lund"',
  )

  it('add valid rows: adds exactly the valid rows, skips the existing, names rejected rows by file line', async () => {
    await existing('old@zylker.example')
    const task = await importCsv(mixed, 'addValid')
    expect(task).toMatchObject({
      status: 'succeeded',
      added: 2,
      skipped: 1,
      rejected: 2,
      totalRows: 5,
      rowsDone: 5,
      error: null,
    })
    expect(task.rejectedRows).toEqual([
      {
        line: 3,
        email: 'not-an-email',
        problem: { code: 'fields', issues: [{ field: 'email', issue: 'invalid' }] },
      },
      { line: 5, email: 'ANA@zylker.example', problem: { code: 'duplicateInFile', firstLine: 2 } },
    ])
    expect(task.skippedRows).toEqual([{ line: 4, email: 'old@zylker.example' }])
    expect(await exported()).toEqual([
      'Zylker ana@zylker.example Ana Diaz csv',
      'Zylker bo@zylker.example Bo, Jr. Berg\nLund csv',
      'Zylker old@zylker.example Old User manual',
    ])
  })

  it('all or nothing: any bad row and nothing is added; the task fails with every rejected row', async () => {
    await existing('old@zylker.example')
    const task = await importCsv(mixed, 'allOrNothing')
    expect(task).toMatchObject({
      status: 'failed',
      added: 0,
      skipped: 0,
      rejected: 2,
      error: 'allOrNothing.rejected',
    })
    expect(task.rejectedRows.map((r) => [r.line, r.problem.code])).toEqual([
      [3, 'fields'],
      [5, 'duplicateInFile'],
    ])
    expect(await exported()).toEqual(['Zylker old@zylker.example Old User manual'])
  })

  it('all or nothing without bad rows: everything added, existing duplicates skipped (not bad rows)', async () => {
    await existing('old@zylker.example')
    const task = await importCsv(
      csv('ana@zylker.example,Ana,Diaz', 'old@zylker.example,Old,Again'),
      'allOrNothing',
    )
    expect(task).toMatchObject({ status: 'succeeded', added: 1, skipped: 1, rejected: 0 })
    expect(await exported()).toEqual([
      'Zylker ana@zylker.example Ana Diaz csv',
      'Zylker old@zylker.example Old User manual',
    ])
  })

  it.each([
    ['a bad email', csv('good@x.example,G,H', 'bad@,B,E')],
    ['a duplicate inside the file', csv('good@x.example,G,H', 'Good@X.example,G,I')],
  ])('%s: all or nothing adds none, add valid rows adds exactly the good row', async (_, file) => {
    expect(await importCsv(file, 'allOrNothing')).toMatchObject({ status: 'failed', added: 0, rejected: 1 })
    expect(await exported()).toEqual([])
    expect(await importCsv(file, 'addValid')).toMatchObject({ status: 'succeeded', added: 1, rejected: 1 })
    expect(await exported()).toEqual(['Zylker good@x.example G H csv'])
  })

  it('a file that is only duplicates of existing users adds nothing and fails nothing', async () => {
    await existing('old@zylker.example')
    for (const mode of ['allOrNothing', 'addValid'] as const)
      expect(await importCsv(csv('OLD@zylker.example,Old,Again'), mode)).toMatchObject({
        status: 'succeeded',
        added: 0,
        skipped: 1,
      })
    expect(await exported()).toEqual(['Zylker old@zylker.example Old User manual'])
  })

  it('rows typed in the form are numbered from line 2', async () => {
    const started = await startImport(prisma(), tess, {
      customerId: zylker,
      method: 'csv',
      mode: 'addValid',
      rows: [
        { email: 'a@x.example', firstName: 'A', lastName: 'B' },
        {},
        { email: 'bad', firstName: 'C', lastName: 'D' },
      ],
    })
    expect(started).toMatchObject({ status: 'started', totalRows: 2 })
    const task = await runTask(started.status === 'started' ? started.taskId : '')
    expect(task?.rejectedRows.map((r) => r.line)).toEqual([4])
    expect(await exported()).toEqual(['Zylker a@x.example A B csv'])
  })

  it('audits the start and each committed batch', async () => {
    await importCsv(csv('a@x.example,A,B'), 'addValid')
    const audit = await prisma().auditLog.findMany({ orderBy: { id: 'asc' } })
    expect(audit.map((a) => [a.action, a.actorName, a.targetName])).toEqual([
      ['customer-users.import.start', 'Tess', 'Zylker'],
      ['customer-users.import.csv', 'Tess', 'Zylker'],
    ])
  })
})

describe('batches, resuming and reporting', () => {
  const many = (n: number, from = 0) =>
    csv(
      ...Array.from({ length: n }, (_, i) =>
        i === 3 ? 'bad-row,X,Y' : `u${from + i}@x.example,U,${from + i}`,
      ),
    )

  it('a run cut off after its first batch leaves whole batches; the next run resumes and adds each row once', async () => {
    const started = await startImport(prisma(), tess, {
      customerId: zylker,
      method: 'csv',
      mode: 'addValid',
      content: bytes(many(IMPORT_BATCH_ROWS * 2 + 10)),
    })
    const taskId = started.status === 'started' ? started.taskId : ''
    await expect(
      runTask(taskId, {
        afterBatch: () => {
          throw new Error('killed')
        },
      }),
    ).rejects.toThrow('killed')
    const cut = await taskDetail(prisma(), tess, taskId)
    // batch 1 = the first IMPORT_BATCH_ROWS valid rows: file lines 2…IMPORT_BATCH_ROWS + 2 (line 5 is the bad row)
    expect(cut).toMatchObject({
      status: 'running',
      added: IMPORT_BATCH_ROWS,
      rejected: 1,
      lastLine: IMPORT_BATCH_ROWS + 2,
      rowsDone: IMPORT_BATCH_ROWS + 1,
    })
    expect(await prisma().customerUser.count()).toBe(IMPORT_BATCH_ROWS)

    const done = await runTask(taskId)
    expect(done).toMatchObject({
      status: 'succeeded',
      added: IMPORT_BATCH_ROWS * 2 + 9,
      skipped: 0,
      rejected: 1,
      rowsDone: IMPORT_BATCH_ROWS * 2 + 10,
    })
    expect(await prisma().customerUser.count()).toBe(IMPORT_BATCH_ROWS * 2 + 9)
    // a third run of a finished task changes nothing
    await runTask(taskId)
    expect(await prisma().customerUser.count()).toBe(IMPORT_BATCH_ROWS * 2 + 9)
  })

  it('an existing email in a later batch: that batch is written again skipping it, every other row once', async () => {
    // the first batch goes in with plain inserts; the second meets the existing email and is retried with
    // ON CONFLICT DO NOTHING (as are the batches after it)
    await existing(`u${IMPORT_BATCH_ROWS + 7}@x.example`, `u${IMPORT_BATCH_ROWS * 2 + 1}@x.example`)
    const started = await startImport(prisma(), tess, {
      customerId: zylker,
      method: 'csv',
      mode: 'addValid',
      content: bytes(many(IMPORT_BATCH_ROWS * 2 + 10)),
    })
    const done = await runTask(started.status === 'started' ? started.taskId : '')
    expect(done).toMatchObject({
      status: 'succeeded',
      added: IMPORT_BATCH_ROWS * 2 + 7,
      skipped: 2,
      rejected: 1,
      rowsDone: IMPORT_BATCH_ROWS * 2 + 10,
    })
    expect(await prisma().customerUser.count()).toBe(IMPORT_BATCH_ROWS * 2 + 9)
    const detail = await taskDetail(prisma(), tess, done?.id ?? '')
    expect(detail?.skippedRows.map((r) => r.line)).toEqual([IMPORT_BATCH_ROWS + 9, IMPORT_BATCH_ROWS * 2 + 3])
  })

  it('reports progress (throttled) and the end once; a failing reporter never fails the import', async () => {
    const progress: number[] = []
    const finished: ImportTaskView[] = []
    const started = await startImport(prisma(), tess, {
      customerId: zylker,
      method: 'csv',
      mode: 'addValid',
      content: bytes(many(IMPORT_BATCH_ROWS * 3)),
      progressMessage: { channel: 'D123', ts: '1.2' },
    })
    const taskId = started.status === 'started' ? started.taskId : ''
    const logged: string[] = []
    const task = await runTask(taskId, {
      progressEveryMs: 0,
      log: (line) => logged.push(line),
      reporter: {
        progress: async (t) => {
          progress.push(t.rowsDone)
          throw new Error('Slack said ratelimited')
        },
        finished: async (t) => {
          finished.push(t)
        },
      },
    })
    expect(task).toMatchObject({ status: 'succeeded', added: IMPORT_BATCH_ROWS * 3 - 1 })
    expect(progress).toEqual([IMPORT_BATCH_ROWS + 1, IMPORT_BATCH_ROWS * 2 + 1])
    expect(finished.map((t) => [t.status, t.progressMessage])).toEqual([
      ['succeeded', { channel: 'D123', ts: '1.2' }],
    ])
    expect(logged.some((l) => l.includes('ratelimited'))).toBe(true)
  })
})

describe('a task that cannot finish', () => {
  it('after the last failed attempt: marked failed once, committed batches kept, where it stopped shown', async () => {
    const started = await startImport(prisma(), tess, {
      customerId: zylker,
      method: 'csv',
      mode: 'addValid',
      content: bytes(
        csv(...Array.from({ length: IMPORT_BATCH_ROWS + 5 }, (_, i) => `u${i}@x.example,U,${i}`)),
      ),
    })
    const taskId = started.status === 'started' ? started.taskId : ''
    expect(await unfinishedImportTasks(prisma())).toEqual([taskId])
    await expect(
      runTask(taskId, {
        afterBatch: () => {
          throw new Error('database went away')
        },
      }),
    ).rejects.toThrow()
    const finished: ImportTaskView[] = []
    const reporter = {
      progress: async () => {},
      finished: async (t: ImportTaskView) => void finished.push(t),
    }
    await failImportTask(prisma(), taskId, 'database went away', { reporter })
    await failImportTask(prisma(), taskId, 'again', { reporter })
    expect(finished.map((t) => [t.status, t.error, t.added, t.lastLine])).toEqual([
      ['failed', 'database went away', IMPORT_BATCH_ROWS, IMPORT_BATCH_ROWS + 1],
    ])
    expect(await unfinishedImportTasks(prisma())).toEqual([])
    expect(await prisma().customerUser.count()).toBe(IMPORT_BATCH_ROWS)
  })

  it('a customer deleted before the task ran: failed, nothing written', async () => {
    const started = await startImport(prisma(), tess, {
      customerId: zylker,
      method: 'csv',
      mode: 'addValid',
      content: bytes(csv('a@x.example,A,B')),
    })
    await prisma().customer.delete({ where: { id: zylker } })
    const task = await runTask(started.status === 'started' ? started.taskId : '')
    expect(task).toMatchObject({ status: 'failed', error: CUSTOMER_GONE, customerName: 'Zylker', added: 0 })
    expect(await prisma().customerUser.count()).toBe(0)
  })
})

describe('a directory import', () => {
  const graph = (users: { id: string; mail: string; givenName: string; surname: string }[]) =>
    bytes(JSON.stringify({ value: users }))

  async function importDirectory(content: Uint8Array, mode: ImportMode = 'addValid') {
    const started = await startImport(prisma(), tess, {
      customerId: zylker,
      method: 'directory',
      mode,
      content,
    })
    if (started.status !== 'started') throw new Error(JSON.stringify(started))
    return runTask(started.taskId)
  }

  it('adds locked users; a re-import updates them by id (renames, email changes) instead of skipping', async () => {
    await existing('kim@zylker.example')
    const first = await importDirectory(
      graph([
        { id: 'g-1', mail: 'li@zylker.example', givenName: 'Li', surname: 'Wu' },
        { id: 'g-2', mail: 'kim@zylker.example', givenName: 'Kim', surname: 'Lee' },
      ]),
    )
    expect(first).toMatchObject({ status: 'succeeded', added: 1, updated: 1 })
    expect(await exported()).toEqual([
      'Zylker kim@zylker.example Kim Lee directory',
      'Zylker li@zylker.example Li Wu directory',
    ])
    const second = await importDirectory(
      graph([
        { id: 'g-1', mail: 'li.wu@zylker.example', givenName: 'Li', surname: 'Wu-Chen' },
        { id: 'g-2', mail: 'kim@zylker.example', givenName: 'Kim', surname: 'Lee' },
        { id: 'g-3', mail: 'kim@zylker.example', givenName: 'Other', surname: 'Kim' },
      ]),
    )
    expect(second).toMatchObject({ status: 'succeeded', added: 0, updated: 1, skipped: 1, rejected: 1 })
    expect(second?.rejectedRows).toEqual([
      { line: 3, email: 'kim@zylker.example', problem: { code: 'duplicateInFile', firstLine: 2 } },
    ])
    expect(await exported()).toEqual([
      'Zylker kim@zylker.example Kim Lee directory',
      'Zylker li.wu@zylker.example Li Wu-Chen directory',
    ])
    const ids = await prisma().customerUser.findMany({
      select: { externalId: true },
      orderBy: { externalId: 'asc' },
    })
    expect(ids.map((u) => u.externalId)).toEqual(['g-1', 'g-2'])
  })

  it('all or nothing: an email that belongs to another user rejects the file, nothing changes', async () => {
    await existing('taken@zylker.example')
    await importDirectory(graph([{ id: 'g-1', mail: 'li@zylker.example', givenName: 'Li', surname: 'Wu' }]))
    const before = await exported()
    const task = await importDirectory(
      graph([
        { id: 'g-1', mail: 'taken@zylker.example', givenName: 'Li', surname: 'Wu' },
        { id: 'g-9', mail: 'new@zylker.example', givenName: 'New', surname: 'One' },
      ]),
      'allOrNothing',
    )
    expect(task).toMatchObject({ status: 'failed', added: 0, updated: 0, rejected: 1 })
    expect(task?.rejectedRows).toEqual([
      { line: 1, email: 'taken@zylker.example', problem: { code: 'emailTaken' } },
    ])
    expect(await exported()).toEqual(before)
  })
})

describe('listTasks', () => {
  it('lists one’s own tasks newest first; admins see all', async () => {
    await importCsv(csv('a@x.example,A,B'), 'addValid')
    await importCsv(csv('b@x.example,A,B'), 'addValid')
    const own = await listTasks(prisma(), tess)
    expect(own.tasks.map((t) => [t.status, t.added, t.requestedBy.name, t.customerName])).toEqual([
      ['succeeded', 1, 'Tess', 'Zylker'],
      ['succeeded', 1, 'Tess', 'Zylker'],
    ])
    expect(own.tasks[0]?.createdAt.getTime()).toBeGreaterThanOrEqual(own.tasks[1]?.createdAt.getTime() ?? 0)
    expect((await listTasks(prisma(), vic)).tasks).toEqual([])
    expect((await listTasks(prisma(), priya)).tasks).toHaveLength(2)
    expect(await taskDetail(prisma(), vic, own.tasks[0]?.id ?? '')).toBeNull()
  })
})
