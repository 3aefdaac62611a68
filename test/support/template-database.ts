// Vitest global setup: one migrated embedded database, dumped once per run; each test file's database is a
// copy of it (test/support/db.ts), which skips creating and migrating one (seconds of CPU per file).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../../src/db/client.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'msp-template-'))
  const file = join(dir, 'migrated.tar')
  const db = await openDatabase({ url: 'memory://' })
  let dump: Blob
  try {
    if (db.driver.kind !== 'embedded') throw new Error('the template is an embedded database')
    // without a checkpoint the dump can miss the last migrations (seen: a copy had only the first)
    await db.driver.pglite.exec('CHECKPOINT')
    dump = await db.driver.pglite.dumpDataDir('none')
  } finally {
    await db.close()
  }
  const copy = await openDatabase({ url: 'memory://', copyOf: dump })
  await copy.close()
  if (copy.appliedMigrations.length > 0)
    throw new Error(`the template database missed migrations: ${copy.appliedMigrations.join(', ')}`)
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  project.provide('templateDatabase', file)
  return () => rmSync(dir, { recursive: true, force: true })
}
