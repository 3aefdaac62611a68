// A new embedded database folder is created (initdb) and migrated in a short-lived child process
// (create-data-folder-child.ts), then moved into place: PGlite's initdb peaks at ~800 MB of RSS, which an
// app process doing it itself keeps for its whole life (see README → Performance → Memory). The caller
// holds the folder's lock (database-lock.ts) throughout; the child builds `<folder>.new` beside it and the
// folder appears, complete, by one rename — so a crash half-way leaves no half-made database.
import { fork } from 'node:child_process'
import { existsSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

/** What the child sends back: the migrations it applied, or its error's parts. */
export type ChildOutcome =
  | { ok: true; applied: string[] }
  | { ok: false; error: { name: string; message: string; stack?: string; code?: string } }

/** Whether `dir` holds no database yet (missing, or an empty folder), so opening it would run initdb. */
export function needsCreating(dir: string): boolean {
  if (!existsSync(dir)) return true
  try {
    return readdirSync(dir).length === 0
  } catch {
    return false // not a folder, or unreadable: let PGlite say what is wrong, as before
  }
}

/** Where the child builds the folder before it is renamed into place. */
export const stagingFolderOf = (dir: string) => `${dir}.new`

// Compiled (dist/…/*.js) the child is plain JavaScript; from the sources it needs tsx's loader.
const fromSources = import.meta.url.endsWith('.ts')
const CHILD = new URL(`./create-data-folder-child.${fromSources ? 'ts' : 'js'}`, import.meta.url)
const childExecArgv = () =>
  fromSources ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : []

function rebuild(error: ChildOutcome & { ok: false }): Error {
  const { name, message, stack, code } = error.error
  const rebuilt = new Error(message) as Error & { code?: string }
  rebuilt.name = name
  if (stack) rebuilt.stack = stack
  if (code) rebuilt.code = code
  return rebuilt
}

/** Runs the child on `staging`; resolves with what it applied, rejects with its error (or how it died). */
function runChild(staging: string, options: CreateOptions): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const args = [
      staging,
      options.migrate ? '1' : '0',
      ...(options.migrationsDir ? [options.migrationsDir] : []),
    ]
    const child = fork(CHILD, args, {
      execArgv: childExecArgv(),
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000)
    })
    let outcome: ChildOutcome | undefined
    child.on('message', (message) => {
      outcome = message as ChildOutcome
    })
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      if (outcome?.ok) resolve(outcome.applied)
      else if (outcome) reject(rebuild(outcome))
      else
        reject(
          new Error(
            `creating the embedded database at ${staging} failed: its process ended ` +
              `(${signal ?? `exit ${code}`}) without a result${stderr ? `:\n${stderr.trim()}` : ''}`,
          ),
        )
    })
  })
}

export interface CreateOptions {
  /** Apply the migrations (else only initdb, as `migrate status` opens a database). */
  migrate: boolean
  /** The migrations folder (default prisma/migrations, as migrate.ts). */
  migrationsDir?: string
}

/**
 * Creates the database in `dir` (which must need creating, with its lock held by the caller) in a child
 * process and migrates it unless `migrate` is false. Returns the migrations applied; an error in the child
 * rejects with its name, message, code and stack.
 */
export async function createDataFolder(dir: string, options: CreateOptions): Promise<string[]> {
  const staging = stagingFolderOf(dir)
  rmSync(staging, { recursive: true, force: true }) // left by a start that was killed half-way
  try {
    const applied = await runChild(staging, options)
    if (existsSync(dir)) rmdirSync(dir) // the empty folder it replaces (rmdir refuses a non-empty one)
    renameSync(staging, dir)
    return applied
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}
