import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/template-database.ts'],
    // Each test file opens its own embedded Postgres (~0.5–0.8 GB); two at a time suit 2-core machines.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    env: { CHECKPOINT_DISABLE: '1' },
  },
})
