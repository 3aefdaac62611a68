// The PostgreSQL server path: a connection check that explains a failure in one line (host, port,
// database and user — never the password — and what to check), and a driver adapter whose transactions
// send one query at a time (pg deprecates a second query on a client that is still busy).
import type { SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils'
import pg from 'pg'

export class DatabaseConnectionError extends Error {
  readonly code = 'DATABASE_UNREACHABLE'
}

export interface ServerAddress {
  host: string
  port: number
  database: string
  user: string
}

/** Where a PostgreSQL URL points, with pg's own defaults (localhost, 5432, PGUSER or the OS user). */
export function serverAddress(url: string): ServerAddress {
  const client = new pg.Client({ connectionString: url })
  const user = client.user ?? ''
  return { host: client.host, port: client.port, database: client.database ?? user, user }
}

export const describeServer = (a: ServerAddress) =>
  `PostgreSQL at ${a.host}:${a.port} (database "${a.database}", user "${a.user}")`

interface PgFailure {
  code?: string
  message?: string
}

/** One line for a failure to connect: what happened, where, and what to check. */
export function connectionFailureMessage(error: unknown, a: ServerAddress): string {
  const e = (error ?? {}) as PgFailure
  const where = describeServer(a)
  switch (e.code) {
    case 'ECONNREFUSED':
      return `Cannot reach ${where}: connection refused. Check that the server is running and that DATABASE_URL names its host and port.`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot reach ${where}: the host name "${a.host}" does not resolve. Check the host in DATABASE_URL.`
    case 'ETIMEDOUT':
    case 'TIMEOUT':
      return `Cannot reach ${where}: no answer within ${CONNECT_TIMEOUT_MS / 1000} s. Check the host and port in DATABASE_URL and any firewall in between.`
    case '3D000':
      return `${where}: the database "${a.database}" does not exist. Create it (createdb -h ${a.host} -p ${a.port} -U ${a.user} ${a.database}) or fix the database name in DATABASE_URL.`
    case '28P01':
    case '28000':
      return `${where} refused the login (${e.message ?? e.code}). Check the user and password in DATABASE_URL, and the server's pg_hba.conf.`
    case '53300':
      return `${where} has no free connection slots (${e.message}). Try again, or raise max_connections.`
    case '57P03':
      return `${where} is starting up or shutting down (${e.message}). Try again in a moment.`
    default:
      return `Cannot connect to ${where}: ${e.message || e.code || String(error)}. Check DATABASE_URL.`
  }
}

const CONNECT_TIMEOUT_MS = 10_000

/** Connects once and runs `SELECT 1`; throws DatabaseConnectionError with one clear line if it cannot. */
export async function checkConnection(url: string): Promise<void> {
  const address = serverAddress(url)
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS })
  client.on('error', () => {}) // a connection lost after the check is not this check's business
  try {
    await client.connect()
    await client.query('SELECT 1')
  } catch (error) {
    const e = error as PgFailure
    const timedOut = e.message !== undefined && /timeout/i.test(e.message) && e.code === undefined
    throw new DatabaseConnectionError(
      connectionFailureMessage(timedOut ? { code: 'TIMEOUT' } : error, address),
    )
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * Makes every transaction of `factory` send its queries one at a time. Prisma's query interpreter runs
 * the reads of a nested `select` concurrently; inside a transaction they share one pg client, and pg 8
 * warns (pg 9 will fail) when a query is sent while another is still running on the same client.
 */
export function oneQueryAtATimeInTransactions(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const connect = factory.connect.bind(factory)
  factory.connect = async () => {
    const adapter = await connect()
    const startTransaction = adapter.startTransaction.bind(adapter)
    adapter.startTransaction = async (isolationLevel) => serialize(await startTransaction(isolationLevel))
    return adapter
  }
  return factory
}

function serialize(tx: Transaction): Transaction {
  let tail: Promise<unknown> = Promise.resolve()
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(work)
    tail = result.catch(() => {})
    return result
  }
  const queryRaw = tx.queryRaw.bind(tx)
  const executeRaw = tx.executeRaw.bind(tx)
  const commit = tx.commit.bind(tx)
  const rollback = tx.rollback.bind(tx)
  tx.queryRaw = (query) => inTurn(() => queryRaw(query))
  tx.executeRaw = (query) => inTurn(() => executeRaw(query))
  tx.commit = () => inTurn(commit)
  tx.rollback = () => inTurn(rollback)
  return tx
}
