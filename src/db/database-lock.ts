// PGlite takes no lock on its data folder, and two processes on one folder silently lose rows.
// A pid file beside the folder lets exactly one process open it.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'

export class DatabaseLockedError extends Error {
  readonly code = 'DATABASE_LOCKED'
  constructor(
    readonly dir: string,
    readonly pid: number,
    readonly holder: string,
  ) {
    super(
      `The embedded database at ${dir} is in use by process ${pid} (${holder}). ` +
        'Stop that process first, or set DATABASE_URL to a PostgreSQL server to run several processes.',
    )
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim() || 'unknown command'
  } catch {
    return 'unknown command'
  }
}

/** Takes the lock for `dir`, or throws DatabaseLockedError naming the live holder. Returns the release. */
export function lockDataDir(dir: string): () => void {
  const lockFile = `${dir}.lock`
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' })
      return () => rmSync(lockFile, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const pid = Number(readFileSync(lockFile, 'utf8').trim())
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DatabaseLockedError(dir, pid, commandLineOf(pid))
      }
      rmSync(lockFile, { force: true }) // left by a process that died
    }
  }
  throw new Error(`could not lock ${dir}`)
}
