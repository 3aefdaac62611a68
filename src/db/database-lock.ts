// PGlite takes no lock on its data folder, and two processes on one folder silently lose rows.
// A pid file beside the folder lets exactly one process open it.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'

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

/** The lock file of the embedded database in `dir` (beside the folder). */
export const lockFileOf = (dir: string) => `${dir}.lock`

/** The live process holding `dir`: its pid, command line and the uid owning the lock file. */
export interface LockHolder {
  pid: number
  command: string
  uid: number
}

/** Who holds `dir` now, or null when nobody does (no lock file, or one left by a process that died). */
export function lockHolder(dir: string): LockHolder | null {
  const lockFile = lockFileOf(dir)
  let text: string
  let uid: number
  try {
    text = readFileSync(lockFile, 'utf8')
    uid = statSync(lockFile).uid
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  const pid = Number(text.trim())
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null
  return { pid, command: commandLineOf(pid), uid }
}

/** Takes the lock for `dir`, or throws DatabaseLockedError naming the live holder. Returns the release. */
export function lockDataDir(dir: string): () => void {
  const lockFile = lockFileOf(dir)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' })
      return () => rmSync(lockFile, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = lockHolder(dir)
      if (holder && holder.pid !== process.pid) throw new DatabaseLockedError(dir, holder.pid, holder.command)
      rmSync(lockFile, { force: true }) // left by a process that died
    }
  }
  throw new Error(`could not lock ${dir}`)
}
