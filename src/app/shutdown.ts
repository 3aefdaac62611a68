// Clean shutdown: the first SIGTERM/SIGINT drains (no new requests, in-flight ones finish, within a bound)
// and then closes the database; a second signal exits at once with 128 + the signal's number.
import { constants } from 'node:os'

/** How long in-flight work may take to finish after a stop signal before the database is closed anyway. */
export const DRAIN_MS = 10_000

/** Counts work in progress (Slack requests, from arrival through their listeners) and waits for none. */
export class InFlight {
  private running = 0
  private waiters: (() => void)[] = []

  get count(): number {
    return this.running
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.running += 1
    try {
      return await work()
    } finally {
      this.running -= 1
      if (this.running === 0) for (const wake of this.waiters.splice(0)) wake()
    }
  }

  /** Resolves with the number still running: 0 once all have finished, more if `ms` passed first. */
  idle(ms: number): Promise<number> {
    if (this.running === 0) return Promise.resolve(0)
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.running), ms)
      this.waiters.push(() => {
        clearTimeout(timer)
        resolve(0)
      })
    })
  }
}

/** The exit code of a process killed by `signal` (SIGINT 130, SIGTERM 143), as shells report it. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0)
}

/**
 * Calls `onFirst` at the first SIGTERM/SIGINT; at a second one calls `onSecond` (which should exit at
 * once). Returns a function that removes the handlers.
 */
export function onStopSignals(
  onFirst: (signal: NodeJS.Signals) => void,
  onSecond: (signal: NodeJS.Signals) => void,
): () => void {
  let received = false
  const handler = (signal: NodeJS.Signals) => {
    if (received) return onSecond(signal)
    received = true
    onFirst(signal)
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
}

/** `promise`, or `fallback` after `ms` (the timer does not keep the process alive). */
export function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(fallback), Math.max(0, ms))
    timer.unref()
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}
