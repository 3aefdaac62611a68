// Which test files the PostgreSQL pass runs (vitest.config.ts): every file that opens the shared test
// database of test/support/db.ts, directly or through a helper (useSlackApp, useImportApp, …) — those are
// the files TEST_DATABASE_URL moves to the server. Found by reading the files, so a new test on the shared
// test database joins both passes without being listed anywhere.
// Left out: the files that test the server path themselves (they read POSTGRES_TEST_URL and run in the
// embedded pass) and the files about the embedded engine (EMBEDDED_ONLY, each with why).
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

/** Test files on the shared test database that are about PGlite itself, so the server pass skips them. */
export const EMBEDDED_ONLY: Record<string, string> = {
  'test/perf/slow-embedded-database.test.ts':
    'makes every statement PGlite runs slow (on the main thread) to prove acks still come in time: a server query runs off-thread',
}

const OPENS = ['openTestDatabase', 'useTestDatabase']
const EXPORTED_FUNCTION = /export (?:async )?function (\w+)/g
const calls = (text: string, names: Set<string>) =>
  [...names].some((n) => new RegExp(`\\b${n}\\(`).test(text))

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

/** Test files (relative to root, `/`-separated) that open the shared test database. */
export function databaseTestFiles(root: string): string[] {
  const texts = new Map(
    allFiles(join(root, 'test')).map((f) => [
      relative(root, f).split('\\').join('/'),
      readFileSync(f, 'utf8'),
    ]),
  )
  // What opens it: db.ts's two functions, and every function a helper exports that calls one of them
  // (useSlackApp, useImportApp, …), until no new one turns up.
  const opens = new Set(OPENS)
  for (let size = 0; size !== opens.size; ) {
    size = opens.size
    for (const [file, text] of texts)
      if (!file.endsWith('.test.ts') && calls(text, opens))
        for (const m of text.matchAll(EXPORTED_FUNCTION)) if (m[1]) opens.add(m[1])
  }
  return [...texts]
    .filter(([file, text]) => file.endsWith('.test.ts') && calls(text, opens))
    .filter(([file, text]) => !(file in EMBEDDED_ONLY) && !text.includes('process.env.POSTGRES_TEST_URL'))
    .map(([file]) => file)
    .sort()
}
