// A write refused by a unique constraint: Prisma's own queries say P2002; raw statements say P2010 and
// carry the driver adapter's error kind; statements run on the adapter directly (src/db/direct-statements.ts)
// throw the adapter's error itself.
interface PrismaErrorShape {
  code?: string
  name?: string
  cause?: { kind?: string }
  meta?: { driverAdapterError?: { cause?: { kind?: string } } }
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as PrismaErrorShape | undefined
  return (
    e?.code === 'P2002' ||
    (e?.code === 'P2010' && e.meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation') ||
    (e?.name === 'DriverAdapterError' && e.cause?.kind === 'UniqueConstraintViolation')
  )
}
