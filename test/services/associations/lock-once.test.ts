// The association lock is taken once per transaction (a form service and the shared save both ask for it),
// and every new transaction takes it again.
import { describe, expect, it } from 'vitest'
import { lockAssociations, underAssociationLock } from '../../../src/db/transaction.ts'
import { useTestDatabase } from '../../support/db.ts'

const db = useTestDatabase()
const prisma = () => db().prisma

/** Statements run on `tx` while `work` runs, counted through $executeRaw. */
async function countingLocks<T>(tx: { $executeRaw: unknown }, work: () => Promise<T>): Promise<number> {
  const original = tx.$executeRaw as (...args: unknown[]) => unknown
  let count = 0
  tx.$executeRaw = (...args: unknown[]) => {
    if (String((args[0] as string[]).join('?')).includes('pg_advisory_xact_lock')) count++
    return original.apply(tx, args)
  }
  try {
    await work()
  } finally {
    tx.$executeRaw = original
  }
  return count
}

const lockHeld = async (tx: { $queryRaw: (s: TemplateStringsArray) => Promise<{ n: number }[]> }) =>
  (
    await tx.$queryRaw`SELECT count(*)::int AS n FROM pg_locks
      WHERE locktype = 'advisory' AND objid = 7301 AND pid = pg_backend_pid() AND granted`
  )[0]?.n

describe('underAssociationLock', () => {
  it('takes the lock once in a transaction that already holds it', async () => {
    const locks = await prisma().$transaction(async (tx) =>
      countingLocks(tx, async () => {
        await underAssociationLock(tx, async (inner) => {
          expect(await lockHeld(inner)).toBe(1)
          await underAssociationLock(inner, async () => {})
          await lockAssociations(inner)
        })
      }),
    )
    expect(locks).toBe(1)
  })

  it('takes it again in each new transaction', async () => {
    for (let i = 0; i < 3; i++) {
      await underAssociationLock(prisma(), async (tx) => {
        expect(await lockHeld(tx)).toBe(1)
      })
    }
    // and a transaction that never asked for it does not hold it
    await prisma().$transaction(async (tx) => {
      expect(await lockHeld(tx)).toBe(0)
    })
  })
})
