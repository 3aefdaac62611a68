// A bulk import killed with kill -9 in the middle, on the embedded database (a data folder): what the crash
// leaves is whole committed batches and a task saying where it stopped (never a half-written row); after a
// restart the task resumes after its last committed batch and ends with every valid row exactly once.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/client.ts'
import { IMPORT_BATCH_ROWS } from '../../src/domain/customer-user-import.ts'
import { type Started, start } from '../cli/child.ts'

const CHILD = fileURLToPath(new URL('./import-crash-child.ts', import.meta.url))
const ROWS = 3_000
const BAD = Array.from({ length: ROWS }, (_, i) => i).filter((i) => i % 97 === 50)
const VALID = ROWS - BAD.length

const cleanups: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

function child(databaseUrl: string, args: string[] = []): Started {
  const run = start(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    env: { DATABASE_URL: databaseUrl, ROWS: String(ROWS) },
  })
  cleanups.push(() => {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL')
  })
  return run
}

async function inspect<T>(
  databaseUrl: string,
  read: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
) {
  const db = await openDatabase({ url: databaseUrl })
  try {
    return await read(db)
  } finally {
    await db.close()
  }
}

describe('a bulk import across kill -9', () => {
  it('leaves whole batches and resumes after the last one: every valid row once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msp-bot-import-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const url = join(dir, 'pglite')

    const first = child(url, ['start', 'addValid'])
    await first.waitFor(/progress \d+/, 180_000)
    first.child.kill('SIGKILL')
    expect((await first.done).signal).toBe('SIGKILL')

    const cut = await inspect(url, async (db) => ({
      task: await db.prisma.backgroundTask.findFirstOrThrow(),
      users: await db.prisma.customerUser.count(),
    }))
    expect(cut.task.status).toBe('running')
    expect(cut.task.batchesCommitted).toBeGreaterThanOrEqual(1)
    expect(cut.task.batchesCommitted).toBeLessThan(Math.ceil(VALID / IMPORT_BATCH_ROWS))
    // whole batches only, and the task's counters are those of the committed batches
    expect(cut.users).toBe(cut.task.batchesCommitted * IMPORT_BATCH_ROWS)
    expect(cut.task.added).toBe(cut.users)
    expect(cut.task.lastLine).toBeGreaterThan(1)

    const second = child(url)
    const ended = await second.done
    expect(ended.code, ended.stdout + ended.stderr).toBe(0)
    expect(ended.stdout).toContain(`finished succeeded added ${VALID}`)

    const after = await inspect(url, async (db) => ({
      task: await db.prisma.backgroundTask.findFirstOrThrow(),
      users: await db.prisma.customerUser.findMany({
        select: { email: true, firstName: true, lastName: true },
      }),
    }))
    expect(after.task).toMatchObject({
      status: 'succeeded',
      added: VALID,
      rejected: BAD.length,
      rowsDone: ROWS,
    })
    const expected = Array.from({ length: ROWS }, (_, i) => i)
      .filter((i) => i % 97 !== 50)
      .map((i) => `user${i}@zylker.example|First ${i}|Last, ${i}`)
      .sort()
    expect(after.users.map((u) => `${u.email}|${u.firstName}|${u.lastName}`).sort()).toEqual(expected)
  }, 420_000)
})
