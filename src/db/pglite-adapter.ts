// Prisma's driver adapter over an embedded PGlite (pglite-prisma-adapter 0.6), with two fixes: Postgres
// errors mapped as adapter-pg maps them (P2002, …), and executeScript awaited — the adapter's own starts
// the script and returns at once, so a failing migration was reported applied and its error surfaced
// later as an unhandled rejection.
import type { PGlite } from '@electric-sql/pglite'
import { DriverAdapterError, type SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { PrismaPGlite } from 'pglite-prisma-adapter'

/** The adapter factory every embedded open uses (client.ts, the creating child). */
export function pgliteAdapterFactory(pglite: PGlite): SqlDriverAdapterFactory {
  const factory = new PrismaPGlite(pglite)
  const connect = factory.connect.bind(factory)
  factory.connect = async () => {
    // onError is the adapter's (untyped) hook that turns a driver error into a Prisma one
    const adapter = (await connect()) as Awaited<ReturnType<typeof connect>> & { onError(e: unknown): never }
    const original = adapter.onError.bind(adapter)
    adapter.onError = (raw: unknown) => mapPostgresError(raw, original)
    adapter.executeScript = async (script: string) => {
      try {
        await pglite.exec(script)
      } catch (error) {
        adapter.onError(error)
      }
    }
    return adapter
  }
  return factory as unknown as SqlDriverAdapterFactory
}

interface PgError {
  code?: string
  detail?: string
  constraint?: string
  column?: string
}

/** pglite-prisma-adapter 0.6 passes Postgres errors through raw; map them as adapter-pg does (P2002, …). */
function mapPostgresError(raw: unknown, otherwise: (raw: unknown) => never): never {
  const e = raw as PgError
  const fields = e?.detail?.match(/Key \(([^)]+)\)/)?.[1]?.split(', ')
  if (e?.code === '23505')
    throw new DriverAdapterError({
      kind: 'UniqueConstraintViolation',
      constraint: fields ? { fields } : undefined,
    })
  if (e?.code === '23503')
    throw new DriverAdapterError({
      kind: 'ForeignKeyConstraintViolation',
      constraint: e.constraint ? { index: e.constraint } : undefined,
    })
  if (e?.code === '23502')
    throw new DriverAdapterError({
      kind: 'NullConstraintViolation',
      constraint: e.column ? { fields: [e.column] } : undefined,
    })
  return otherwise(raw)
}
