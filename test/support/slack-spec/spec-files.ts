import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
/** Repository root: test/support/slack-spec → ../../.. */
const repoRoot = resolve(here, '..', '..', '..')

/**
 * Where the official Slack specs live. `SLACK_SPECS_DIR` wins; otherwise the shared/ folder that sits
 * beside the repository (locally /work/shared, in CI a copy beside the fresh clone), then /work/shared.
 */
export function slackSpecsDir(): string {
  const candidates = [
    process.env.SLACK_SPECS_DIR,
    join(repoRoot, '..', 'shared', 'slack-specs'),
    join(repoRoot, 'shared', 'slack-specs'),
    '/work/shared/slack-specs',
  ].filter((dir): dir is string => typeof dir === 'string' && dir !== '')
  for (const dir of candidates) {
    if (existsSync(join(dir, 'README.md'))) return dir
  }
  throw new Error(
    `Slack specs not found (looked in: ${candidates.join(', ')}); set SLACK_SPECS_DIR to the slack-specs folder`,
  )
}

const cache = new Map<string, unknown>()

/** Reads and caches a JSON file relative to the slack-specs folder. */
export function readSpecJson(relativePath: string): unknown {
  const cached = cache.get(relativePath)
  if (cached !== undefined) return cached
  const parsed: unknown = JSON.parse(readFileSync(join(slackSpecsDir(), relativePath), 'utf8'))
  cache.set(relativePath, parsed)
  return parsed
}
