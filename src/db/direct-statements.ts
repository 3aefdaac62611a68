// The hottest statements, and those that carry the most bytes, skip Prisma's query engine: it costs about
// 0.5 ms of CPU per statement (as much as PGlite running it) plus time in proportion to the parameter bytes
// it carries (a 560 kB text parameter: ~30 ms). They go to a driver adapter of the same factory Prisma uses,
// so through the same pool (PostgreSQL) or turn-taking gate and read-cache clearing (embedded), and the
// same error mapping (client.ts). In a transaction they go through Prisma, in that transaction.
import type { ArgType, SqlQueryable } from '@prisma/driver-adapter-utils'
// from the generated client, not client.ts: client.ts registers the adapters here (no import cycle)
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts'

type Db = PrismaClient | Prisma.TransactionClient

const adapters = new WeakMap<object, Promise<SqlQueryable>>()

/** Statements given `prisma` itself (not one of its transactions) run on `adapter`. */
export function runStatementsOn(prisma: object, adapter: Promise<SqlQueryable>): void {
  adapters.set(prisma, adapter)
}

/** Values as the driver takes them: adapter-pg maps each by its type, and "unknown" leaves it as it is. */
const AS_GIVEN: ArgType = { scalarType: 'unknown', arity: 'scalar' }

const query = (statement: Prisma.Sql) => ({
  sql: statement.text,
  args: statement.values,
  argTypes: statement.values.map(() => AS_GIVEN),
})

/** `$executeRaw(statement)`: the number of rows it changed. */
export async function executeStatement(db: Db, statement: Prisma.Sql): Promise<number> {
  const adapter = adapters.get(db)
  if (!adapter) return db.$executeRaw(statement)
  return (await adapter).executeRaw(query(statement))
}

/**
 * `$queryRaw(statement)`: its rows as objects. Only for columns of type text, integer or boolean, which
 * both drivers and Prisma give alike (cast others in the SQL, e.g. `"input"::text`).
 */
export async function queryStatement<T>(db: Db, statement: Prisma.Sql): Promise<T[]> {
  const adapter = adapters.get(db)
  if (!adapter) return db.$queryRaw<T[]>(statement)
  const result = await (await adapter).queryRaw(query(statement))
  return result.rows.map(
    (row) => Object.fromEntries(result.columnNames.map((name, i) => [name, row[i]])) as T,
  )
}
