// Which of V8's WebAssembly compilers the process uses. On the PostgreSQL path the only WebAssembly is
// Prisma's query compiler, and the optimizing tier (TurboFan) kept ~20 MB of machine code for it after
// start-up: compiled with the baseline tier only (Liftoff), each function when first called, the idle app
// read 109–118 MB instead of 130–141 (four runs each), and CPU per query did not change measurably (2.84–
// 3.21 ms against 2.85–3.53 for two Prisma queries; the 10 000-row CSV import 2.01× the raw insert against
// 2.17×). PGlite is PostgreSQL itself compiled to WebAssembly and needs TurboFan for its hot code, so the
// embedded path restores both tiers before PGlite compiles (a process may open both: the bench, tests).
// The flags are process-wide and read when a module is compiled.
import { setFlagsFromString } from 'node:v8'

let lean = false

/** Before the first Prisma query on a PostgreSQL server (`lean`), or before PGlite starts (not lean). */
export function compileWasmLean(wanted: boolean): void {
  if (wanted === lean) return
  lean = wanted
  setFlagsFromString(wanted ? '--liftoff-only' : '--no-liftoff-only')
  setFlagsFromString(wanted ? '--wasm-lazy-compilation' : '--no-wasm-lazy-compilation')
}
