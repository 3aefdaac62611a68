// PGlite runs Postgres (compiled to WASM) on the Node main thread, and its queries resolve in microtasks: a
// chain of them (a save, an import, a list) never lets timers or sockets run until it ends. Worse, PGlite
// hands its lock from one waiting query to the next in microtasks too, so after a long transaction every
// request queued behind it ran back to back, holding the thread for all of them (measured: tens of seconds
// after an import under load). Here the embedded database's queries pass through one gate of our own,
// handed on only after a turn of the event loop: a transaction holds it from start to commit, any other
// query for itself. So acks, the "Working…" deadline and other requests get in between any two queries, and
// the main thread is held for one query at a time. The cost is one setImmediate per query (microseconds).
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils'

/** A FIFO lock whose release lets the event loop turn before the next holder runs. */
class Gate {
  private held = false
  private readonly waiting: Array<() => void> = []

  /**
   * Free: taken at once, then one turn of the loop before the holder runs. Held: queued, and handed the gate
   * by leave() through setImmediate, so a turn of the loop always comes between two holders (a plain
   * setImmediate per query would not do: immediates queued together all run in the same turn).
   */
  async enter(): Promise<void> {
    if (this.held) {
      await new Promise<void>((resolve) => this.waiting.push(resolve))
      return
    }
    this.held = true
    await nextTurn()
  }

  leave(): void {
    const next = this.waiting.shift()
    if (!next) {
      this.held = false
      return
    }
    setImmediate(next) // stays held: handed on to the next waiter, after a turn of the loop
  }

  async around<T>(work: () => Promise<T>): Promise<T> {
    await this.enter()
    try {
      return await work()
    } finally {
      this.leave()
    }
  }
}

type Queryable = Pick<Transaction, 'queryRaw' | 'executeRaw'>

/** Queries inside a transaction (which holds the gate): one loop turn before each. */
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

function holdUntilEnd(tx: Transaction, gate: Gate): Transaction {
  const commit = tx.commit.bind(tx)
  const rollback = tx.rollback.bind(tx)
  let left = false
  const leaveOnce = () => {
    if (left) return
    left = true
    gate.leave()
  }
  tx.commit = () => commit().finally(leaveOnce)
  tx.rollback = () => rollback().finally(leaveOnce)
  return yieldFirst(tx)
}

/**
 * Makes `factory`'s queries take turns through one gate that lets the event loop run between any two (a
 * transaction's queries each get a turn too). For the embedded database only: a server's pool runs
 * queries concurrently, and its I/O lets the loop run anyway.
 */
export function yieldBeforeEachQuery(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const connect = factory.connect.bind(factory)
  const gate = new Gate()
  factory.connect = async () => {
    const adapter = await connect()
    const queryRaw = adapter.queryRaw.bind(adapter)
    const executeRaw = adapter.executeRaw.bind(adapter)
    const startTransaction = adapter.startTransaction.bind(adapter)
    adapter.queryRaw = (query) => gate.around(() => queryRaw(query))
    adapter.executeRaw = (query) => gate.around(() => executeRaw(query))
    adapter.startTransaction = async (isolationLevel) => {
      await gate.enter()
      try {
        return holdUntilEnd(await startTransaction(isolationLevel), gate)
      } catch (error) {
        gate.leave()
        throw error
      }
    }
    return adapter
  }
  return factory
}
