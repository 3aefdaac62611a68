// The embedded database has one client, this process (the data folder is locked), so what it read stays
// true until this process writes. The hot reads (who is this Slack user, `/msp customers`) are kept here
// and served from memory until a write that could change them: a statement through the adapter that is not
// a plain SELECT clears the entries that depend on a table it names (entries that name no tables, and
// statements that are not plain INSERT/UPDATE/DELETE, clear everything); in a transaction, at its end.
// Measured: a statement through Prisma and PGlite costs about 1 ms of CPU, more than the rest of a
// `/msp customers` answer (see the README's Performance section), and a save no longer re-reads its actor.
import type { SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils'

/** Beyond this many entries the cache starts over (keys are per user and search text). */
const MAX_ENTRIES = 2000

/** A plain read: no data-modifying statement (WITH … could hide one, so it counts as a write). */
const READ_ONLY = /^\s*SELECT\b/i
/** Statements whose effect is limited to the tables they name (foreign keys aside: see `get`). */
const DML = /^\s*(INSERT|UPDATE|DELETE|WITH)\b/i
const QUOTED_NAME = /"([^"]+)"/g

/** What a statement may have changed: the quoted names it mentions (tables, and columns: harmless), or all. */
export type Written = ReadonlySet<string> | 'all'

export function writtenBy(sql: string): Written | null {
  if (READ_ONLY.test(sql)) return null
  if (!DML.test(sql)) return 'all' // DDL, TRUNCATE, COPY, SET, …
  return new Set(Array.from(sql.matchAll(QUOTED_NAME), (m) => m[1] as string))
}

interface Entry {
  value: Promise<unknown>
  /** The tables it was read from; undefined: any write clears it. */
  tables?: readonly string[]
}

export class ReadCache {
  private readonly entries = new Map<string, Entry>()

  /**
   * The value kept under `key`, or `load()`'s (kept, and shared by everyone asking until it settles).
   * Callers must not modify what it returns: the next caller gets the same object. `tables` names every
   * table whose rows the result depends on, including any a foreign key's ON DELETE/UPDATE action writes
   * into from elsewhere; without it, any write clears the entry.
   */
  get<T>(key: string, load: () => Promise<T>, tables?: readonly string[]): Promise<T> {
    const kept = this.entries.get(key)
    if (kept) return kept.value as Promise<T>
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear()
    const loading = load()
    const entry: Entry = { value: loading, tables }
    this.entries.set(key, entry)
    // a failed read is not kept (and a write meanwhile has removed it already)
    loading.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key)
    })
    return loading
  }

  /** Something was written: what it may have changed cannot be served again. */
  clear(written: Written = 'all'): void {
    for (const [key, { tables }] of this.entries)
      if (written === 'all' || !tables || tables.some((table) => written.has(table))) this.entries.delete(key)
  }
}

/** Clears what each write through `factory` may have changed from `cache` (in a transaction, at its end). */
export function clearOnWrite(factory: SqlDriverAdapterFactory, cache: ReadCache): SqlDriverAdapterFactory {
  const connect = factory.connect.bind(factory)
  factory.connect = async () => {
    const adapter = await connect()
    // After the statement: a read that started before it and ends after it is removed with the rest.
    clearAfterWrites(adapter, (written) => cache.clear(written))
    const startTransaction = adapter.startTransaction.bind(adapter)
    adapter.startTransaction = async (isolationLevel) =>
      clearAtEnd(await startTransaction(isolationLevel), cache)
    return adapter
  }
  return factory
}

type Queryable = Pick<Transaction, 'queryRaw' | 'executeRaw'>

function clearAfterWrites(on: Queryable, wrote: (written: Written) => void): void {
  const queryRaw = on.queryRaw.bind(on)
  const executeRaw = on.executeRaw.bind(on)
  const after = <T>(sql: string, run: Promise<T>): Promise<T> => {
    const written = writtenBy(sql)
    return written ? run.finally(() => wrote(written)) : run
  }
  on.queryRaw = (query) => after(query.sql, queryRaw(query))
  on.executeRaw = (query) => after(query.sql, executeRaw(query))
}

/** A transaction's writes are cleared when it ends (its reads, too, may have been kept meanwhile). */
function clearAtEnd(tx: Transaction, cache: ReadCache): Transaction {
  const written = new Set<string>()
  let all = false
  clearAfterWrites(tx, (w) => {
    if (w === 'all') all = true
    else for (const name of w) written.add(name)
  })
  const end = () => cache.clear(all ? 'all' : written)
  const commit = tx.commit.bind(tx)
  const rollback = tx.rollback.bind(tx)
  tx.commit = () => commit().finally(end)
  tx.rollback = () => rollback().finally(end)
  return tx
}
