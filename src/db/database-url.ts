// What DATABASE_URL may name, checked before anything is opened or created. Anything else is refused
// with one line naming the variable (a `mysql://…` URL must not become a folder called `mysql:`).
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const DEFAULT_DATA_DIR = './data/pglite'

export type DatabaseTarget =
  /** A PostgreSQL server (`postgresql://` or `postgres://`). */
  | { kind: 'postgres'; url: string }
  /** The embedded database (PGlite) in a folder: a plain path, or a `file:` URL or `file:` path. */
  | { kind: 'embedded'; dir: string }
  /** The embedded database in memory only (`memory://`); gone when the process ends. */
  | { kind: 'memory' }

export class DatabaseUrlError extends Error {
  readonly code = 'DATABASE_URL_INVALID'
}

export const DATABASE_URL_FORMS =
  'postgresql://user:password@host:5432/database (or postgres://…) for a PostgreSQL server, ' +
  'a folder path such as ./data/pglite or file:./data/pglite for the embedded database, or memory://'

/** `scheme:` at the start of a value, as in a URL (a single letter is a Windows drive, i.e. a path). */
const SCHEME = /^([a-z][a-z0-9+.-]+):/i

/** Parses DATABASE_URL (undefined or blank → the default folder); throws DatabaseUrlError naming it. */
export function parseDatabaseUrl(value: string | undefined): DatabaseTarget {
  const url = value?.trim() || DEFAULT_DATA_DIR
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase()
  if (scheme === undefined) return { kind: 'embedded', dir: resolve(url) }
  if (scheme === 'postgresql' || scheme === 'postgres') {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      throw new DatabaseUrlError(`DATABASE_URL is not a valid PostgreSQL URL; use ${DATABASE_URL_FORMS}`)
    }
    if (!url.slice(scheme.length + 1).startsWith('//') || parsed.hostname === '')
      throw new DatabaseUrlError(`DATABASE_URL names no PostgreSQL host; use ${DATABASE_URL_FORMS}`)
    return { kind: 'postgres', url }
  }
  if (scheme === 'memory') {
    if (url.slice('memory:'.length).replace(/^\/\//, '') !== '')
      throw new DatabaseUrlError('DATABASE_URL memory:// takes nothing after it')
    return { kind: 'memory' }
  }
  if (scheme === 'file') {
    // file:///abs/path and file://localhost/abs/path are URLs; file:./rel and file:rel are paths
    if (url.startsWith('file://')) {
      try {
        return { kind: 'embedded', dir: fileURLToPath(url) }
      } catch (error) {
        throw new DatabaseUrlError(`DATABASE_URL is not a valid file: URL (${(error as Error).message})`)
      }
    }
    const path = url.slice('file:'.length)
    if (path === '') throw new DatabaseUrlError('DATABASE_URL file: needs a folder, e.g. file:./data/pglite')
    return { kind: 'embedded', dir: resolve(path) }
  }
  throw new DatabaseUrlError(
    `DATABASE_URL uses "${scheme}:", which msp-bot does not support; use ${DATABASE_URL_FORMS}`,
  )
}

/** The URL without its password, for messages and logs. */
export function withoutPassword(url: string): string {
  try {
    const safe = new URL(url)
    if (safe.password !== '') safe.password = ''
    return safe.toString()
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1@')
  }
}
