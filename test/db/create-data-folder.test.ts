// A new embedded database folder is created in a child process (src/db/create-data-folder.ts): an error
// there reaches the caller as it does in-process, and a failed creation leaves no folder behind. A failing
// migration is an error (pglite-prisma-adapter's executeScript did not wait for its script: src/db/pglite-adapter.ts).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { openDatabase } from '../../src/db/client.ts'
import { createDataFolder, needsCreating, stagingFolderOf } from '../../src/db/create-data-folder.ts'
import { MigrationError, migrate } from '../../src/db/migrate.ts'
import { pgliteAdapterFactory } from '../../src/db/pglite-adapter.ts'

const tmp = mkdtempSync(join(tmpdir(), 'msp-create-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const migrations = join(tmp, 'migrations')
mkdirSync(join(migrations, '29990101000000_fine'), { recursive: true })
writeFileSync(join(migrations, '29990101000000_fine', 'migration.sql'), 'CREATE TABLE "fine" ("id" INTEGER);')
mkdirSync(join(migrations, '29990101000001_broken'))
writeFileSync(join(migrations, '29990101000001_broken', 'migration.sql'), 'CREATE TABLE "broken" (;')
const BROKEN = /^migration 29990101000001_broken failed: syntax error at or near/

describe('createDataFolder', () => {
  it('says which folders need creating: missing or empty, not one holding files', () => {
    const empty = join(tmp, 'empty')
    mkdirSync(empty)
    const used = join(tmp, 'used')
    mkdirSync(used)
    writeFileSync(join(used, 'PG_VERSION'), '18\n')
    expect([needsCreating(join(tmp, 'missing')), needsCreating(empty), needsCreating(used)]).toEqual([
      true,
      true,
      false,
    ])
  })

  it('in-process: a failing migration rejects with its name and message, is not recorded, and the session goes on', async () => {
    const db = await openDatabase({
      url: 'memory://',
      copyOf: new Blob([readFileSync(inject('templateDatabase'))]),
    })
    try {
      const failure = await migrate(
        pgliteAdapterFactory(db.driver.kind === 'embedded' ? db.driver.pglite : never()),
        migrations,
      ).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(MigrationError)
      expect((failure as MigrationError).message).toMatch(BROKEN)
      expect((failure as MigrationError).code).toBe('42601') // PostgreSQL's code for a syntax error
      const recorded = await db.prisma.$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM "_prisma_migrations" WHERE migration_name LIKE '2999%' ORDER BY 1`
      expect(recorded.map((r) => r.migration_name)).toEqual(['29990101000000_fine'])
    } finally {
      await db.close()
    }
  })

  it("in a child: rejects with the child's error, and leaves neither the folder nor its staging copy", async () => {
    const dir = join(tmp, 'db')
    const failure = await createDataFolder(dir, { migrate: true, migrationsDir: migrations }).then(
      () => null,
      (error: Error & { code?: string }) => error,
    )
    expect(failure?.name).toBe('MigrationError')
    expect(failure?.message).toMatch(BROKEN)
    expect(failure?.code).toBe('42601')
    expect(failure?.stack).toContain('create-data-folder-child') // the child's own stack comes along
    expect(existsSync(dir)).toBe(false)
    expect(existsSync(stagingFolderOf(dir))).toBe(false)
  }, 120_000)
})

function never(): never {
  throw new Error('expected the embedded database')
}
