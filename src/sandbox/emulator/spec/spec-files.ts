import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

/**
 * The Slack reference data the sandbox's emulator and the tests check against, vendored in the repository
 * at `slack-specs/` (see its README.md for sources and licences). Read from here only: a clone needs
 * nothing outside itself.
 */
export const SLACK_SPECS_DIR = resolve(here, '..', '..', '..', '..', 'slack-specs')

export function slackSpecsDir(): string {
  return SLACK_SPECS_DIR
}

const cache = new Map<string, unknown>()

/** Reads and caches a JSON file relative to the slack-specs folder. */
export function readSpecJson(relativePath: string): unknown {
  const cached = cache.get(relativePath)
  if (cached !== undefined) return cached
  const parsed: unknown = JSON.parse(readFileSync(join(SLACK_SPECS_DIR, relativePath), 'utf8'))
  cache.set(relativePath, parsed)
  return parsed
}
