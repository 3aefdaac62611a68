// Part 8's measurement, in a process of its own per operation (bench/memory-work.ts runs it): opens the
// database (DATABASE_URL; a folder or memory:// for PGlite), settles (GC) and reads the idle RSS, runs ONE
// operation while sampling RSS every 5 ms, settles again and reads the RSS after; prints
// {"idle":…,"peak":…,"after":…} in bytes. `seed` only loads the 10 000-customer book (no figures).
//   seed            import bigBook(10 000) (the database is then closed: its own process's peak is not measured)
//   export          what `export <file>` runs: the book read and written to MEMORY_WORK_FILE
//   import          what `import <file>` runs: MEMORY_WORK_FILE read, checked and imported
//   socket-export   the bot holding a PGlite folder answers a CLI `export` through its admin socket
//   socket-import   the same for a CLI `import`
//   csv             the 10 000-row customer-user CSV import (startImport + runImportTask)
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { openAdminSocket } from '../src/app/admin-socket.ts'
import { readJsonFile } from '../src/cli/commands/import.ts'
import { openDatabase } from '../src/db/client.ts'
import { exportSnapshotToFile } from '../src/services/snapshot/export-snapshot.ts'
import { importSnapshot, importValidSnapshot } from '../src/services/snapshot/import-snapshot.ts'
import { validateSnapshot } from '../src/services/snapshot/validate-snapshot.ts'
import { bigBook } from './book.ts'
import { importCsv, importRows, runBenchImport, seedImportCustomer } from './customer-user-import.ts'

const op = process.argv[2] ?? ''
const file = process.env.MEMORY_WORK_FILE ?? ''
const url = process.env.DATABASE_URL ?? 'memory://'
const CLI = fileURLToPath(new URL('../bin/msp-bot.js', import.meta.url))
/** After the operation: settled this long (GC, then V8's and the allocator's chance to give pages back). */
const AFTER_MS = Number(process.env.MEMORY_WORK_AFTER_MS ?? 3000)

const gc = (globalThis as { gc?: () => void }).gc
async function settle(ms = 150): Promise<void> {
  const rounds = Math.max(3, Math.round(ms / 50))
  for (let i = 0; i < rounds; i++) {
    gc?.()
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** A CLI command in its own process (as a person would run it next to the bot). */
function cli(...args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`msp-bot ${args[0]} exited ${code}`)),
    )
  })
}

const db = await openDatabase({ url })
try {
  if (op === 'seed') {
    const result = await importSnapshot(db.prisma, bigBook(10_000))
    if (!result.ok) throw new Error(`seed refused: ${JSON.stringify(result.problems.slice(0, 3))}`)
  } else {
    let csv: Uint8Array | undefined
    if (op === 'csv') {
      await seedImportCustomer(db.prisma)
      csv = importCsv(importRows())
    }
    const socket = op.startsWith('socket-') ? await openAdminSocket({ db, log: () => {} }) : undefined
    if (socket && socket.path === null) throw new Error('the admin socket could not be served')
    await settle()
    const idle = process.memoryUsage.rss()
    let peak = idle
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss())
    }, 5)
    if (op === 'export') await exportSnapshotToFile(db.prisma, file)
    else if (op === 'import') {
      // what `import <file>` runs when it opens the database itself
      const validation = await validateSnapshot(await readJsonFile(file))
      if (!validation.ok)
        throw new Error(`import refused: ${JSON.stringify(validation.problems.slice(0, 3))}`)
      await importValidSnapshot(db.prisma, validation.snapshot)
    } else if (op === 'socket-export') await cli('export', file)
    else if (op === 'socket-import') await cli('import', file)
    else if (op === 'csv' && csv) await runBenchImport(db, csv)
    else throw new Error(`unknown operation ${op}`)
    peak = Math.max(peak, process.memoryUsage.rss())
    clearInterval(sampler)
    await socket?.close()
    await settle(AFTER_MS)
    const after = process.memoryUsage.rss()
    console.log(JSON.stringify({ idle, peak, after }))
  }
} finally {
  await db.close()
}
