import { defineConfig } from 'vitest/config'
import { databaseTestFiles } from './test/support/database-test-files.ts'

// Two passes. "embedded": the whole suite on PGlite. "postgres": every file on the shared test database
// (test/support/database-test-files.ts says which, and which stay embedded-only) again on the PostgreSQL
// server POSTGRES_TEST_URL names (.ci/run starts one), so the two paths cannot drift.
const server = process.env.POSTGRES_TEST_URL
const noted = globalThis as { postgresPassNoted?: boolean } // vitest evaluates this file more than once
if (!server && !noted.postgresPassNoted) {
  noted.postgresPassNoted = true
  if (process.env.CI)
    throw new Error('CI must set POSTGRES_TEST_URL (see .ci/run): the PostgreSQL pass is required')
  console.log(
    'PostgreSQL pass skipped: POSTGRES_TEST_URL is not set (scripts/start-test-postgres.sh starts a server; .ci/run sets it).',
  )
}

export default defineConfig({
  test: {
    // Each test file opens its own embedded Postgres (~0.5–0.8 GB); two at a time suit 2-core machines.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    env: { CHECKPOINT_DISABLE: '1' },
    projects: [
      {
        extends: true,
        test: {
          name: 'embedded',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/support/template-database.ts'],
        },
      },
      ...(server
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: databaseTestFiles(import.meta.dirname),
                globalSetup: ['test/support/postgres-template-database.ts'],
                env: { CHECKPOINT_DISABLE: '1', TEST_DATABASE_URL: server },
              },
            },
          ]
        : []),
    ],
  },
})
