// How every embedded database (PGlite) in this app is started: PostgreSQL's own settings on top of PGlite's.
import { PGlite, type PGliteOptions } from '@electric-sql/pglite'

/**
 * PostgreSQL's buffer cache inside PGlite's WASM memory. initdb writes 128MB into postgresql.conf, and
 * PGlite touches all of it at start, so it is resident for the life of the process (RSS ≈ 145 MB + this
 * for PGlite); pages it does not hold are read from the data folder through the OS page cache instead.
 * Measured in README → Performance → Memory.
 */
export const EMBEDDED_SHARED_BUFFERS = '16MB'

/** PGlite's default start parameters plus ours (`-c` overrides postgresql.conf in the data folder). */
export const embeddedStartParams = (): string[] => [
  ...PGlite.defaultStartParams,
  '-c',
  `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`,
  // A new 16 MB WAL segment is made by writing its last byte, not 16 MB of zeros (PostgreSQL's option for
  // file systems where preallocating does not help): in PGlite those writes run on the main thread, and
  // the commit that started a segment (a big import's) held it 60–300 ms growing the file 8 kB at a time.
  '-c',
  'wal_init_zero=off',
]

/** The options every `new PGlite(…)` of the app starts from. */
export const embeddedOptions = (): PGliteOptions => ({ startParams: embeddedStartParams() })
