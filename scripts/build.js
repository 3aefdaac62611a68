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
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
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

/**
 * Prisma's generated client imports its query compiler (WASM) from a module that holds it as a 2.5 MB base64
 * string; the module's source and that string stay in the heap for the life of the process (~7.5 MB). The
 * compiled client reads the same bytes from a .wasm file written beside it instead, so only the compiled
 * module stays. The generated code is matched exactly: a Prisma upgrade that changes it fails the build.
 */
const CLIENT = join(DIST, 'generated', 'prisma', 'internal', 'class.js')
const BASE64_IMPORT =
  /const \{ wasm \} = await import\("(@prisma\/client\/runtime\/(query_compiler_bg\.\w+)\.wasm-base64\.mjs)"\);\s*return await decodeBase64AsWasm\(wasm\);/
const client = readFileSync(CLIENT, 'utf8')
const found = BASE64_IMPORT.exec(client)
if (!found)
  fail(`${relative(ROOT, CLIENT)} no longer imports the query compiler as base64 the way this build expects`)
const [, base64Module, wasmName] = found
const { wasm } = await import(base64Module)
writeFileSync(join(dirname(CLIENT), `${wasmName}.wasm`), Buffer.from(wasm, 'base64'))
writeFileSync(
  CLIENT,
  client.replace(
    BASE64_IMPORT,
    `const { readFile } = await import('node:fs/promises');\n        return new WebAssembly.Module(await readFile(new URL('./${wasmName}.wasm', import.meta.url)));`,
  ),
)
writeFileSync(STAMP, `built ${started.toISOString()} from src/\n`)
utimesSync(STAMP, started, started)
