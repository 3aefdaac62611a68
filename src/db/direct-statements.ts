// The hottest single statements skip Prisma's query engine on the embedded database: it costs about 0.5 ms
// of CPU per statement there, as much as PGlite running the statement (README, Performance). They go to a
// driver adapter of the same factory Prisma uses, so through the same turn-taking gate, read-cache clearing
// and error mapping (client.ts). In a transaction, or on PostgreSQL, they go through Prisma as before.
import type { SqlQueryable } from '@prisma/driver-adapter-utils'
// from the generated client, not client.ts: client.ts registers the adapters here (no import cycle)
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts'

type Db = PrismaClient | Prisma.TransactionClient

const adapters = new WeakMap<object, Promise<SqlQueryable>>()

/** Statements given `prisma` itself (not one of its transactions) run on `adapter`. */
export function runStatementsOn(prisma: object, adapter: Promise<SqlQueryable>): void {
  adapters.set(prisma, adapter)
}

/** `$executeRaw(statement)`: the number of rows it changed. */
export async function executeStatement(db: Db, statement: Prisma.Sql): Promise<number> {
  const adapter = adapters.get(db)
  if (!adapter) return db.$executeRaw(statement)
  // the PGlite adapter infers types from the values (argTypes are for adapters that need them)
  return (await adapter).executeRaw({ sql: statement.text, args: statement.values, argTypes: [] })
}
