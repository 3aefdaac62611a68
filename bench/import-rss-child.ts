// Part 5's RSS measurement, in a process of its own: opens the database (DATABASE_URL; memory:// for
// PGlite), seeds one customer, settles (GC) and reads the idle RSS, then runs the 10 000-row import (the
// CSV built before the idle reading) while sampling RSS every 5 ms, and prints {"idle":…,"peak":…} in bytes.
import { openDatabase } from '../src/db/client.ts'
import { importCsv, importRows, runBenchImport, seedImportCustomer } from './customer-user-import.ts'

const db = await openDatabase({ url: process.env.DATABASE_URL ?? 'memory://' })
await seedImportCustomer(db.prisma)
const csv = importCsv(importRows())
const gc = (globalThis as { gc?: () => void }).gc
for (let i = 0; i < 3; i++) {
  gc?.()
  await new Promise((resolve) => setTimeout(resolve, 50))
}
const idle = process.memoryUsage.rss()
let peak = idle
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss())
}, 5)
await runBenchImport(db, csv)
peak = Math.max(peak, process.memoryUsage.rss())
clearInterval(sampler)
console.log(JSON.stringify({ idle, peak }))
await db.close()
