// One app instance for the two-instance test: the real app as `npm start` runs it (src/app/start.ts's
// launch: HTTP receiver, services, the app's job queue) on DATABASE_URL, plus a second queue on the same
// database working the test-only job of instance-job.ts (polling every 0.5 s, maintenance every 1 s).
// Prints `instance <name> ready on port <port>`; stops cleanly on SIGTERM.
import { launch } from '../../src/app/start.ts'
import { startJobQueue } from '../../src/jobs/index.ts'
import { instanceJob } from './instance-job.ts'

const name = process.env.INSTANCE_NAME ?? 'instance'
const say = (line: string) => console.log(line)

const app = await launch({ mode: 'start' })
const queue = await startJobQueue(app.db, {
  jobs: [instanceJob(name, say)],
  log: say,
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1,
})
say(`instance ${name} ready on port ${app.port}`)

process.once('SIGTERM', () => {
  void (async () => {
    await queue.stop({ timeoutMs: 2000 })
    await app.stop()
    say(`instance ${name} stopped`)
    process.exit(0)
  })()
})
