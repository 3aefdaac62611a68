import type { Db, TransactionClient } from './client.ts'

const TRANSACTION_OPTIONS = { timeout: 60_000, maxWait: 30_000 }

/** Runs `work` in a transaction: a new one on a client, the caller's own when given a transaction. */
export function inTransaction<T>(db: Db, work: (tx: TransactionClient) => Promise<T>): Promise<T> {
  return '$transaction' in db ? db.$transaction(work, TRANSACTION_OPTIONS) : work(db)
}

/** Transactions that already hold the association lock (it is held until the transaction ends). */
const holdingTheLock = new WeakSet<object>()

/** Serializes every association change across processes (held until the transaction ends). */
export async function lockAssociations(tx: TransactionClient): Promise<void> {
  if (holdingTheLock.has(tx)) return
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(7301)`
  holdingTheLock.add(tx)
}

/**
 * `work` in a transaction that holds the association lock: what it reads is what it writes over. Given a
 * transaction that already holds it (a form service calling the shared save), the lock is not taken again.
 */
export function underAssociationLock<T>(db: Db, work: (tx: TransactionClient) => Promise<T>): Promise<T> {
  return inTransaction(db, async (tx) => {
    await lockAssociations(tx)
    return work(tx)
  })
}
