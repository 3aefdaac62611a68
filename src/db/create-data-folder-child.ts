// The short-lived process that creates a new embedded database folder (create-data-folder.ts): PGlite's
// initdb (and the migrations) peak at ~800 MB of RSS that a long-lived process would keep for its life;
// here it goes back to the OS when this process exits. Run with the folder, '1' to migrate or '0',
// and optionally the migrations folder.
// Sends one IPC message: { ok: true, applied } or { ok: false, error }.
import { PGlite } from '@electric-sql/pglite'
import type { ChildOutcome } from './create-data-folder.ts'
import { embeddedOptions } from './embedded-settings.ts'
import { migrate } from './migrate.ts'
import { pgliteAdapterFactory } from './pglite-adapter.ts'

// The parent went away (killed): stop, so no orphan goes on writing a folder nobody will use.
let finished = false
process.on('disconnect', () => {
  if (!finished) process.exit(1)
})

async function create(dir: string, runMigrations: boolean, migrationsDir?: string): Promise<string[]> {
  const pglite = new PGlite(dir, embeddedOptions())
  try {
    await pglite.waitReady
    if (!runMigrations) return []
    return await migrate(pgliteAdapterFactory(pglite), migrationsDir)
  } finally {
    await pglite.close()
  }
}

const [dir, migrateFlag, migrationsDir] = process.argv.slice(2)
let outcome: ChildOutcome
try {
  if (!dir) throw new Error('create-data-folder-child: no folder given')
  outcome = { ok: true, applied: await create(dir, migrateFlag === '1', migrationsDir) }
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error))
  const code = (e as { code?: unknown }).code
  outcome = {
    ok: false,
    error: {
      name: e.name,
      message: e.message,
      stack: e.stack,
      code: typeof code === 'string' ? code : undefined,
    },
  }
}
finished = true
process.send?.(outcome, () => process.disconnect())
