import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { Prisma, PrismaClient } from '../generated/prisma/client.ts'
import { createDataFolder, needsCreating } from './create-data-folder.ts'
import { lockDataDir } from './database-lock.ts'
import { DEFAULT_DATA_DIR, parseDatabaseUrl, withoutPassword } from './database-url.ts'
import { runStatementsOn } from './direct-statements.ts'
import { embeddedOptions } from './embedded-settings.ts'
import { migrate } from './migrate.ts'
import { pgliteAdapterFactory } from './pglite-adapter.ts'
import { checkConnection, oneQueryAtATimeInTransactions } from './postgres.ts'
import { clearOnWrite, ReadCache } from './read-cache.ts'
import { compileWasmLean } from './wasm-tiers.ts'
import { yieldBeforeEachQuery } from './yield-between-queries.ts'

export { Prisma, PrismaClient }
export type TransactionClient = Prisma.TransactionClient
/** Services accept either, so a caller can compose them inside its own transaction. */
export type Db = PrismaClient | TransactionClient

export { DEFAULT_DATA_DIR }

export interface Database {
  prisma: PrismaClient
  /** 'embedded' (PGlite) or 'postgres'. */
  kind: 'embedded' | 'postgres'
  /** Where the data lives, for log lines (password removed). */
  location: string
  /** Migrations this open applied (empty when the database was up to date). */
  appliedMigrations: string[]
  /**
   * What the job queue (src/jobs) runs its own SQL on: the embedded PGlite instance (one session, shared
   * with Prisma: PGlite serializes its queries and transactions) or the server's URL (its own pool).
   */
  driver: { kind: 'embedded'; pglite: PGlite } | { kind: 'postgres'; url: string }
  /** The embedded database's hot reads, kept until this process writes (read-cache.ts); none on a server. */
  readCache?: ReadCache
  ping(): Promise<boolean>
  close(): Promise<void>
}

export interface OpenOptions {
  /**
   * `postgresql://…` or `postgres://…`, a PGlite folder (plain path or `file:`), `memory://`, or undefined
   * for the default folder. Anything else throws DatabaseUrlError before anything is created.
   */
  url?: string
  /** Apply pending migrations (default true). */
  migrate?: boolean
  /**
   * For `memory://`: start from this copy of an embedded database (PGlite's dumpDataDir) instead of creating
   * one. Creating and migrating costs seconds of CPU; the test suite opens copies of one migrated database.
   */
  copyOf?: Blob
}

/**
 * Opens the database, migrates it and returns a Prisma client bound to it. A server that cannot be
 * reached (or refuses the login, or lacks the database) throws DatabaseConnectionError with one line.
 */
export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const target = parseDatabaseUrl(options.url)
  const runMigrations = options.migrate ?? true
  if (target.kind === 'postgres') return openPostgres(target.url, runMigrations)
  if (options.copyOf && target.kind !== 'memory') throw new Error('copyOf is for memory:// databases only')
  return openEmbedded(target.kind === 'memory' ? 'memory://' : target.dir, runMigrations, options.copyOf)
}

async function openPostgres(url: string, runMigrations: boolean): Promise<Database> {
  compileWasmLean(true)
  await checkConnection(url)
  // one pool for Prisma and the statements that skip its engine (direct-statements.ts)
  const pool = new pg.Pool({ connectionString: url })
  const factory = oneQueryAtATimeInTransactions(new PrismaPg(pool))
  const appliedMigrations = runMigrations
    ? await migrate(factory).catch(async (error: unknown) => {
        await pool.end()
        throw error
      })
    : []
  const prisma = new PrismaClient({ adapter: factory })
  runStatementsOn(prisma, factory.connect())
  return {
    prisma,
    kind: 'postgres',
    location: withoutPassword(url),
    appliedMigrations,
    driver: { kind: 'postgres', url },
    ping: () => pingWith(prisma),
    async close() {
      await prisma.$disconnect()
      await pool.end()
    },
  }
}

async function openEmbedded(location: string, runMigrations: boolean, copyOf?: Blob): Promise<Database> {
  const inMemory = location === 'memory://'
  const dir = location
  let release = () => {}
  if (!inMemory) {
    mkdirSync(dirname(dir), { recursive: true }) // PGlite does not create parent folders
    release = lockDataDir(dir)
  }
  try {
    // A new folder is made in a child process, so initdb's memory peak ends with it (create-data-folder.ts).
    const created =
      !inMemory && needsCreating(dir) ? await createDataFolder(dir, { migrate: runMigrations }) : []
    compileWasmLean(false)
    const pglite = new PGlite(dir, { ...embeddedOptions(), ...(copyOf ? { loadDataDir: copyOf } : {}) })
    const readCache = new ReadCache()
    const factory = clearOnWrite(yieldBeforeEachQuery(pgliteAdapterFactory(pglite)), readCache)
    const appliedMigrations = [...created, ...(runMigrations ? await migrate(factory) : [])]
    const prisma = new PrismaClient({ adapter: factory })
    runStatementsOn(prisma, factory.connect())
    return {
      prisma,
      kind: 'embedded',
      location: dir,
      appliedMigrations,
      driver: { kind: 'embedded', pglite },
      readCache,
      ping: () => pingWith(prisma),
      async close() {
        await prisma.$disconnect()
        await pglite.close() // an open PGlite keeps node alive for seconds
        release()
      },
    }
  } catch (error) {
    release()
    throw error
  }
}

async function pingWith(prisma: PrismaClient): Promise<boolean> {
  try {
    await prisma.$queryRaw`SELECT 1`
    return true
  } catch {
    return false
  }
}
