// Long synchronous work on a big book (validating, building rows, serializing) is cut into slices of a few
// milliseconds with a turn of the event loop between them, so acks, timers and other requests still run
// while an import or an export of 10 000 customers is under way (on the embedded database everything
// shares the main thread). Call `due()` often (it only reads the clock) and `await pause()` when it says so.
import { setImmediate as nextTurn } from 'node:timers/promises'

/** Work between two turns of the loop, at most (about); 8 ms left the loop delay during an import at 20 ms p99. */
export const SLICE_MS = 4

export class TimeSlices {
  private sliceStart = performance.now()

  constructor(private readonly budgetMs = SLICE_MS) {}

  /** Whether this slice's budget is spent. */
  due(): boolean {
    return performance.now() - this.sliceStart >= this.budgetMs
  }

  /** Lets the event loop turn, then starts a new slice. */
  async pause(): Promise<void> {
    await nextTurn()
    this.sliceStart = performance.now()
  }

  /** Pauses when the slice's budget is spent. */
  async maybePause(): Promise<void> {
    if (this.due()) await this.pause()
  }

  /** `f` on each item, pausing between items when a slice is spent. */
  async map<T, R>(items: readonly T[], f: (item: T, index: number) => R): Promise<R[]> {
    const out: R[] = new Array(items.length)
    for (let i = 0; i < items.length; i++) {
      if (this.due()) await this.pause()
      out[i] = f(items[i] as T, i)
    }
    return out
  }

  /** `f` on each item, in order, pausing between items when a slice is spent. */
  async each<T>(items: Iterable<T>, f: (item: T, index: number) => void): Promise<void> {
    let i = 0
    for (const item of items) {
      if (this.due()) await this.pause()
      f(item, i++)
    }
  }
}
