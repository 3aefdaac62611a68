// A child process for import-crash.test.ts: opens the database at DATABASE_URL and works the import job
// on the job queue, printing a line after each committed batch ("progress <rows done>") so the test can
// kill -9 it mid-import (the first run waits 10 s after each such line). With `start <mode>` it first seeds
// a customer and an admin and starts an import of ROWS rows (every 97th one a bad email). It exits 0 once
// the task has finished.
import { setTimeout as sleep } from 'node:timers/promises'
import { openDatabase } from '../../src/db/client.ts'
import { importCustomerUsersJob, importEnqueuer, startJobQueue } from '../../src/jobs/index.ts'
import { unfinishedImportTasks } from '../../src/services/customer-users/import/run-import.ts'
import { startImport } from '../../src/services/customer-users/import/start-import.ts'

const url = process.env.DATABASE_URL
const rows = Number(process.env.ROWS ?? 10_000)
if (!url) throw new Error('import-crash-child needs DATABASE_URL')

const db = await openDatabase({ url })
const queue = await startJobQueue(db, {
  log: (line) => console.log(line),
  pollingIntervalSeconds: 0.5,
  jobs: [
    importCustomerUsersJob((line) => console.log(line), {
      progressEveryMs: 0,
      reporter: {
        // the first run holds on after each report, so the kill lands there: with overlapped batches (on
        // PostgreSQL) the next batch is then written but not committed
        progress: async (task) => {
          console.log(`progress ${task.rowsDone}`)
          if (process.argv.includes('start')) await sleep(10_000)
        },
        finished: async (task) => console.log(`finished ${task.status} added ${task.added}`),
      },
    }) as never,
  ],
})
const mode = process.argv[process.argv.indexOf('start') + 1]
if (process.argv.includes('start') && (mode === 'addValid' || mode === 'allOrNothing')) {
  const customer = await db.prisma.customer.create({ data: { name: 'Zylker', nameKey: 'zylker' } })
  const admin = await db.prisma.mspUser.create({
    data: { name: 'Priya', email: 'priya@msp.example', role: 'admin', slackUserId: 'U1' },
  })
  const lines = Array.from({ length: rows }, (_, i) =>
    i % 97 === 50 ? `bad-${i},Bad,Row` : `user${i}@zylker.example,First ${i},"Last, ${i}"`,
  )
  const started = await startImport(
    db.prisma,
    { slackUserId: 'U1', name: 'Priya', mspUserId: admin.id, role: 'admin' },
    {
      customerId: customer.id,
      method: 'csv',
      mode,
      content: new TextEncoder().encode(['Email,First Name,Last Name', ...lines].join('\n')),
    },
    importEnqueuer(queue),
  )
  console.log(`started ${JSON.stringify(started)}`)
} else {
  // as startAppJobs does: a task left unfinished is sent again (a no-op while its job is kept)
  for (const taskId of await unfinishedImportTasks(db.prisma))
    await queue.send('import-customer-users', { taskId }, { id: taskId })
}
console.log('working')
for (;;) {
  await sleep(200)
  const open = await db.prisma.backgroundTask.count({ where: { status: { in: ['queued', 'running'] } } })
  if (open === 0) break
}
await queue.stop()
await db.close()
console.log('stopped')
