// The embedded database has one client, this process (the data folder is locked), so what it read stays
// true until this process writes. The hot reads (who is this Slack user, `/msp customers`) are kept here
// and served from memory until the next write: a statement through the adapter that is not a plain SELECT,
// or the end of any transaction, clears them all. Measured: a statement through Prisma and PGlite costs
// about 1 ms of CPU, more than the rest of a `/msp customers` answer (see the README's Performance section).
import type { SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils'

/** Beyond this many entries the cache starts over (keys are per user and search text). */
const MAX_ENTRIES = 2000

/** A plain read: no data-modifying statement (WITH … could hide one, so it counts as a write). */
const READ_ONLY = /^\s*SELECT\b/i

export class ReadCache {
  private readonly entries = new Map<string, Promise<unknown>>()

  /**
   * The value kept under `key`, or `load()`'s (kept, and shared by everyone asking until it settles).
   * Callers must not modify what it returns: the next caller gets the same object.
   */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const kept = this.entries.get(key) as Promise<T> | undefined
    if (kept) return kept
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear()
    const loading = load()
    this.entries.set(key, loading)
    // a failed read is not kept (and a write meanwhile has removed it already)
    loading.catch(() => {
      if (this.entries.get(key) === loading) this.entries.delete(key)
    })
    return loading
  }

  /** Something was written: nothing read before can be served again. */
  clear(): void {
    this.entries.clear()
  }
}

/** Clears `cache` after every write through `factory` (and after every transaction, read-only or not). */
export function clearOnWrite(factory: SqlDriverAdapterFactory, cache: ReadCache): SqlDriverAdapterFactory {
  const connect = factory.connect.bind(factory)
  factory.connect = async () => {
    const adapter = await connect()
    const queryRaw = adapter.queryRaw.bind(adapter)
    const executeRaw = adapter.executeRaw.bind(adapter)
    const startTransaction = adapter.startTransaction.bind(adapter)
    // After the statement: a read that started before it and ends after it is removed with the rest.
    adapter.queryRaw = (query) =>
      READ_ONLY.test(query.sql) ? queryRaw(query) : queryRaw(query).finally(() => cache.clear())
    adapter.executeRaw = (query) => executeRaw(query).finally(() => cache.clear())
    adapter.startTransaction = async (isolationLevel) =>
      clearAtEnd(await startTransaction(isolationLevel), cache)
    return adapter
  }
  return factory
}

function clearAtEnd(tx: Transaction, cache: ReadCache): Transaction {
  const commit = tx.commit.bind(tx)
  const rollback = tx.rollback.bind(tx)
  tx.commit = () => commit().finally(() => cache.clear())
  tx.rollback = () => rollback().finally(() => cache.clear())
  return tx
}
