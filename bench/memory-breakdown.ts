// Where the embedded app's memory goes, stage by stage, in this one process:
//   npx tsx bench/memory-breakdown.ts [data folder]   (a new temp folder by default; run it again on the
//   same folder for a restart). Each reading follows three full GCs: RSS, V8 heap used, external memory
//   (PGlite's WASM memory is counted there), ArrayBuffers, and the WASM memory's size.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const MB = 1024 * 1024
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Reading {
  stage: string
  rss: number
  heapUsed: number
  external: number
  arrayBuffers: number
  wasm: number | null
}

const readings: Reading[] = []
async function read(stage: string, wasmBytes: () => number | null = () => null): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc()
    await sleep(100)
  }
  const m = process.memoryUsage()
  const wasm = wasmBytes()
  readings.push({
    stage,
    rss: m.rss / MB,
    heapUsed: m.heapUsed / MB,
    external: m.external / MB,
    arrayBuffers: m.arrayBuffers / MB,
    wasm: wasm === null ? null : wasm / MB,
  })
}

const dir = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), 'msp-breakdown-')), 'data')
await read('node and the TypeScript loader')
const { openDatabase } = await import('../src/db/client.ts')
const { launch } = await import('../src/app/start.ts')
const { parseEnv } = await import('../src/app/env.ts')
await read("the app's modules imported")
const db = await openDatabase({ url: dir })
type WithModule = { mod?: { HEAPU8?: Uint8Array } }
const wasmOf = (d: typeof db) => () =>
  d.driver.kind === 'embedded'
    ? ((d.driver.pglite as unknown as WithModule).mod?.HEAPU8?.byteLength ?? null)
    : null
await read(`database open (${db.appliedMigrations.length} migrations applied)`, wasmOf(db))
await db.close()
await read('database closed again', () => null)
const running = await launch({
  mode: 'start',
  env: parseEnv({ DATABASE_URL: dir, PORT: '0' }),
  logger: undefined,
})
await sleep(8000)
await read(
  'the app started (sandbox, demo book loaded if the folder was empty), 8 s idle',
  wasmOf(running.db),
)
await running.stop()

const f = (n: number | null) => (n === null ? '' : n.toFixed(0))
console.log(`folder: ${dir}\n| stage | RSS MB | heap used | external | ArrayBuffers | WASM memory |`)
console.log('| --- | --- | --- | --- | --- | --- |')
for (const r of readings)
  console.log(
    `| ${r.stage} | ${f(r.rss)} | ${f(r.heapUsed)} | ${f(r.external)} | ${f(r.arrayBuffers)} | ${f(r.wasm)} |`,
  )
process.exit(0)
