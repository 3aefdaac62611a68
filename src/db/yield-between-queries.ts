// PGlite runs Postgres (compiled to WASM) on the Node main thread, and its queries resolve in microtasks: a
// chain of them (a save, an import, a list) never lets timers or sockets run until it ends. Here every
// query of the embedded database first waits for one turn of the event loop, so acks, the "Working…"
// deadline and other requests get in between any two queries: the main thread is held for one query at a
// time, never for a whole save or import. The cost is one setImmediate per query (microseconds).
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils'

type Queryable = Pick<Transaction, 'queryRaw' | 'executeRaw'>

function yieldFirst<T extends Queryable>(target: T): T {
  const queryRaw = target.queryRaw.bind(target)
  const executeRaw = target.executeRaw.bind(target)
  target.queryRaw = async (query) => {
    await nextTurn()
    return queryRaw(query)
  }
  target.executeRaw = async (query) => {
    await nextTurn()
    return executeRaw(query)
  }
  return target
}

/** Makes every query of `factory`'s connections, in transactions too, start on a fresh event-loop turn. */
export function yieldBeforeEachQuery(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const connect = factory.connect.bind(factory)
  factory.connect = async () => {
    const adapter = yieldFirst(await connect())
    const startTransaction = adapter.startTransaction.bind(adapter)
    adapter.startTransaction = async (isolationLevel) => yieldFirst(await startTransaction(isolationLevel))
    return adapter
  }
  return factory
}
