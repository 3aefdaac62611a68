// The CLI's way to the embedded database: open the folder itself when nobody holds it (as always), and
// when a live process holds it, send the command to that process's admin socket (src/app/admin-socket.ts)
// — never a second database client on the same folder. PostgreSQL and memory:// are opened directly.
import { readFileSync, statSync } from 'node:fs'
import { connect } from 'node:net'
import { type AdminRequest, type AdminResponse, adminSocketPath } from '../app/admin-socket.ts'
import { DatabaseLockedError, type LockHolder, lockFileOf, lockHolder } from '../db/database-lock.ts'
import { parseDatabaseUrl } from '../db/database-url.ts'
import type { CliEnv } from './env.ts'
import { CliError } from './errors.ts'

/** The process holding the embedded database's folder, reached through its admin socket. */
export interface HeldDatabase {
  dir: string
  holder: LockHolder
  /** Sends one request; resolves to the response header and the bytes after it (export's JSON). */
  send(request: AdminRequest): Promise<{ response: AdminResponse; body: Buffer }>
}

/**
 * Runs `direct` when the CLI may open the database itself (PostgreSQL, memory://, a folder nobody holds);
 * runs `held` with the holder's admin socket when a live process holds the folder.
 */
export async function onDatabase<T>(
  env: CliEnv,
  direct: () => Promise<T>,
  held: (database: HeldDatabase) => Promise<T>,
): Promise<T> {
  const target = parseDatabaseUrl(env.DATABASE_URL)
  if (target.kind !== 'embedded') return direct()
  let holder = lockHolder(target.dir)
  if (holder === null || holder.pid === process.pid) {
    try {
      return await direct()
    } catch (error) {
      // Taken between the look and the open: the lock is taken before PGlite is opened, so nothing ran.
      if (!(error instanceof DatabaseLockedError)) throw error
      holder = lockHolder(target.dir)
      if (holder === null) throw error
    }
  }
  return held(reach(target.dir, holder))
}

function userName(uid: number): string | null {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.split(':')[2] === String(uid))
    return line?.split(':')[0] || null
  } catch {
    return null
  }
}

function ownerOf(path: string): number | null {
  try {
    return statSync(path).uid
  } catch {
    return null
  }
}

const holderText = (h: LockHolder) => `process ${h.pid} (${h.command})`

function otherUserError(dir: string, holder: LockHolder, uid: number): CliError {
  const name = userName(uid)
  return new CliError(
    `The embedded database at ${dir} is held by ${holderText(holder)} of another user ` +
      `(${name ? `${name}, ` : ''}uid ${uid}): run this command as that user, or stop that process first.`,
  )
}

function notServingError(dir: string, holder: LockHolder, why: string): CliError {
  return new CliError(
    `The embedded database at ${dir} is in use by ${holderText(holder)}, which does not take CLI commands ` +
      `(${why}). Try again once it has started, or stop it first; ` +
      'or set DATABASE_URL to a PostgreSQL server to run several processes.',
  )
}

function reach(dir: string, holder: LockHolder): HeldDatabase {
  const path = adminSocketPath(dir)
  const me = process.getuid?.()
  const check = () => {
    const owner = ownerOf(path) ?? ownerOf(lockFileOf(dir)) ?? holder.uid
    if (me !== undefined && owner !== me) throw otherUserError(dir, holder, owner)
    if (ownerOf(path) === null) throw notServingError(dir, holder, `no ${path}`)
  }
  return {
    dir,
    holder,
    async send(request) {
      check() // refused before connecting: the socket is its owner's only
      return exchange(path, request).catch((error: NodeJS.ErrnoException) => {
        if (error instanceof CliError) throw error
        if (error.code === 'EACCES' || error.code === 'EPERM')
          throw otherUserError(dir, holder, ownerOf(path) ?? holder.uid)
        if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT')
          throw notServingError(dir, holder, `nothing answers on ${path}`)
        throw new CliError(`${holderText(holder)} did not answer on ${path}: ${error.message}`)
      })
    },
  }
}

/** One request, one response: the header line, then (for export) `bytes` bytes of body. */
function exchange(path: string, request: AdminRequest): Promise<{ response: AdminResponse; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const socket = connect(path)
    const chunks: Buffer[] = []
    socket.once('error', reject)
    socket.once('connect', () => socket.write(`${JSON.stringify(request)}\n`)) // the server ends it
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.once('end', () => {
      const all = Buffer.concat(chunks)
      const newline = all.indexOf(0x0a)
      if (newline === -1) return reject(new CliError(`the running msp-bot closed ${path} without an answer`))
      let response: AdminResponse
      try {
        response = JSON.parse(all.subarray(0, newline).toString('utf8')) as AdminResponse
      } catch {
        return reject(new CliError(`the running msp-bot answered on ${path} with something other than JSON`))
      }
      const body = all.subarray(newline + 1)
      if (response.ok && response.command === 'export' && body.length !== response.bytes)
        return reject(
          new CliError(`the export was cut off: ${body.length} of ${response.bytes} bytes arrived`),
        )
      resolve({ response, body })
    })
  })
}

/** A failed response as a one-line error (snapshot problems are the import command's to word). */
export function responseError(response: AdminResponse & { ok: false }, holder: LockHolder): CliError {
  return new CliError(
    'error' in response
      ? `The running msp-bot (process ${holder.pid}) could not do it: ${response.error}`
      : `The running msp-bot (process ${holder.pid}) refused the request`,
  )
}
