// A child process for crash.test.ts: opens the database at DATABASE_URL, starts the job queue with one
// test-only job type (defined here, so it never exists in the app) and works it. With `send`, it first
// adds one job. The job waits for the file `go` in JOB_DIR, sends a mail in `once()` (the effect that
// must happen exactly once), then waits for the file `finish`; each step is printed, so the test can
// kill -9 the process at either point. It exits 0 after the job completes.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { openDatabase } from '../../src/db/client.ts'
import { once, startJobQueue } from '../../src/jobs/index.ts'

const dir = process.env.JOB_DIR ?? ''
const url = process.env.DATABASE_URL
if (!dir || !url) throw new Error('crash-child needs JOB_DIR and DATABASE_URL')
const onServer = url.startsWith('postgres')

async function until(file: string): Promise<void> {
  while (!existsSync(join(dir, file))) await sleep(50)
}

const db = await openDatabase({ url })
const queue = await startJobQueue(db, {
  log: (line) => console.log(line),
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1, // on PostgreSQL, expiry is what hands a dead process's job back
  jobs: [
    {
      name: 'test-send-mail',
      retryLimit: 5,
      retryDelaySeconds: 1,
      // On PostgreSQL another process may only retry a job once it expired; here after 4 s.
      expireInSeconds: onServer ? 4 : 60,
      async run(data, job) {
        console.log(`attempt ${job.retryCount + 1} of ${job.id}`)
        await until('go')
        const mail = await once(db.prisma, job.id, (tx) =>
          tx.outboxMail.create({ data: { to: (data as { to: string }).to, subject: 'Hello', body: job.id } }),
        )
        console.log(mail.ran ? `wrote mail ${mail.value.id}` : 'mail already sent')
        await until('finish')
        console.log(`finished ${job.id}`)
      },
    },
  ],
})
if (process.argv.includes('send')) {
  const id = await queue.send('test-send-mail', { to: 'alex@example.com' })
  console.log(`sent ${id}`)
}
console.log('working')
// Exit once no job of ours is waiting or running (the completion is written before stop returns).
for (;;) {
  await sleep(200)
  const stats = await queue.stats()
  if (stats.depth === 0 && stats.active === 0 && existsSync(join(dir, 'finish'))) break
}
await queue.stop()
await db.close()
console.log('stopped')
