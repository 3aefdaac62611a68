// Which test files the PostgreSQL pass runs (vitest.config.ts): every file whose database comes from
// test/support/db.ts, directly or through a helper it imports (slack-app.ts, imports/harness.ts, …) — those
// are the files TEST_DATABASE_URL moves to the server. Found by following relative imports, so a new test
// on the shared test database joins both passes without being listed anywhere.
// Left out: the files that test the server path themselves (they run in the embedded pass, on
// POSTGRES_TEST_URL) and the files that are about the embedded engine (EMBEDDED_ONLY, each with why).
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

/** Test files on the shared test database that are about PGlite itself, so the server pass skips them. */
export const EMBEDDED_ONLY: Record<string, string> = {
  'test/perf/slow-embedded-database.test.ts':
    'makes every statement PGlite runs slow (on the main thread) to prove acks still come in time: a server query runs off-thread',
}

const SHARED_DATABASE = 'test/support/db.ts'
const IMPORT = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

/** Test files (relative to root, `/`-separated) that open the shared test database. */
export function databaseTestFiles(root: string): string[] {
  const rel = (file: string) => relative(root, file).split('\\').join('/')
  const imports = new Map<string, string[]>()
  /** Files that read POSTGRES_TEST_URL test the server themselves, in the embedded pass already. */
  const onServerAlready = new Set<string>()
  for (const file of allFiles(join(root, 'test'))) {
    const text = readFileSync(file, 'utf8')
    if (text.includes('process.env.POSTGRES_TEST_URL')) onServerAlready.add(rel(file))
    imports.set(
      rel(file),
      [...text.matchAll(IMPORT)].map((m) => rel(resolve(dirname(file), m[1] ?? ''))),
    )
  }
  const usesDatabase = (test: string): boolean => {
    const seen = new Set([test])
    for (const file of seen) {
      if (file === SHARED_DATABASE) return true
      for (const f of imports.get(file) ?? []) seen.add(f)
    }
    return false
  }
  return [...imports.keys()]
    .filter((f) => f.endsWith('.test.ts') && usesDatabase(f))
    .filter((f) => !(f in EMBEDDED_ONLY) && !onServerAlready.has(f))
    .sort()
}
