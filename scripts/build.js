#!/usr/bin/env node
// `npm run build` (also run by `npm install`, see package.json postinstall): compiles src/ to dist/ with tsc
// (tsconfig.build.json; imports keep their paths with .ts rewritten to .js, so dist/ mirrors src/ and every
// path the code reads relative to import.meta.url — examples/, prisma/migrations, slack-specs/ — resolves
// the same), copies the non-TypeScript files the code reads beside itself (the sandbox page's script and
// style sheet), then writes dist/.built dated when the build started (bin/compiled.js compares it with
// src/). A failed compile leaves no stamp, so `npm start` keeps running the sources through tsx.
// `--if-possible` (postinstall): without TypeScript (a production install without devDependencies) or
// when the compile fails, say so and exit 0, so the install itself succeeds.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { DIST, ROOT, SRC, STAMP } from '../bin/compiled.js'

const lenient = process.argv.includes('--if-possible')
const fail = (message) => {
  console.error(`msp-bot build: ${message}${lenient ? '; npm start runs the TypeScript sources (tsx)' : ''}`)
  process.exit(lenient ? 0 : 1)
}

let tsc
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
} catch {
  fail('TypeScript is not installed (a production install?), nothing compiled')
}
const started = new Date()
rmSync(DIST, { recursive: true, force: true })
const compiled = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], {
  cwd: ROOT,
  stdio: 'inherit',
})
if (compiled.status !== 0) {
  rmSync(STAMP, { force: true })
  fail(`tsc failed (exit ${compiled.status ?? compiled.signal})`)
}

/** Every file under src/ that is not TypeScript, copied to the same place under dist/. */
function copyAssets(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) copyAssets(path)
    else if (!entry.name.endsWith('.ts')) {
      const target = join(DIST, relative(SRC, path))
      mkdirSync(dirname(target), { recursive: true })
      copyFileSync(path, target)
    }
  }
}
copyAssets(SRC)
if (!existsSync(join(DIST, 'cli', 'main.js'))) fail('dist/cli/main.js is missing after the compile')
writeFileSync(STAMP, `built ${started.toISOString()} from src/\n`)
utimesSync(STAMP, started, started)
