// Whether dist/ (the compiled JavaScript `npm run build` makes, see scripts/build.js) can run instead of the
// TypeScript sources: its stamp exists and nothing under src/ (a file or a folder: a deleted or renamed file
// changes its folder) changed since the build started. A stat of each path, a few milliseconds.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const SRC = join(ROOT, 'src')
export const DIST = join(ROOT, 'dist')
/** Written last by a successful build, dated when the build started. */
export const STAMP = join(DIST, '.built')

/** The newest modification time (ms) of `dir` and everything under it. */
export function newestMtime(dir) {
  let newest = statSync(dir).mtimeMs
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs
    if (mtime > newest) newest = mtime
  }
  return newest
}

export function compiledIsFresh() {
  try {
    return statSync(STAMP).mtimeMs >= newestMtime(SRC)
  } catch {
    return false
  }
}
