import { readFileSync } from 'node:fs'
import { LogLevel } from '@slack/bolt'
import { boltLogger, createLogger, withLogScope } from '../src/app/logging.ts'
import { createMetrics, timedPrisma } from '../src/app/metrics.ts'
import { InFlight } from '../src/app/shutdown.ts'
import { openDatabase } from '../src/db/client.ts'
import { createServices } from '../src/services/index.ts'
import { importSnapshot } from '../src/services/snapshot/import-snapshot.ts'
import { createSlackApp } from '../src/slack/app.ts'
import { startFakeSlack } from '../test/support/fake-slack.ts'
import { slashCommand } from '../test/support/slack-request.ts'

const mode = process.argv[2]
const db = await openDatabase({ url: 'memory://' })
await importSnapshot(db.prisma, JSON.parse(readFileSync('examples/demo-snapshot.json', 'utf8')))
const fake = await startFakeSlack({ botToken: 'xoxb-x' })
const metrics = createMetrics()
const inFlight = new InFlight()
const log = createLogger({ sink: { write: () => {} }, pretty: false })
const on = mode === 'obs'
const { receiver } = createSlackApp({
  credentials: { signingSecret: 'bench-secret-123', botToken: 'xoxb-x' },
  deps: {
    services: createServices(on ? timedPrisma(db.prisma, metrics) : db.prisma, { sharedDatabase: false }),
  },
  slackApiUrl: fake.apiUrl,
  ping: async () => true,
  logLevel: LogLevel.ERROR,
  ...(on
    ? {
        logger: boltLogger(log),
        observe: {
          scope: (ids, next) => inFlight.run(() => withLogScope(ids, next)),
          onAck: metrics.observeAck,
        },
        routes: [metrics.route],
      }
    : {}),
})
const server = await receiver!.start(0)
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/slack/events`
const run = async (n: number) => {
  for (let i = 0; i < n; i += 10)
    await Promise.all(
      Array.from({ length: 10 }, () =>
        slashCommand(url, 'bench-secret-123', {
          text: 'customers',
          userId: 'U0MARCO',
          responseUrl: fake.responseUrl(),
        }),
      ),
    )
  while (fake.responses?.length !== undefined && false) {}
}
await run(300)
const c0 = process.cpuUsage()
const t0 = performance.now()
await run(1000)
await new Promise((r) => setTimeout(r, 500))
const c = process.cpuUsage(c0)
console.log(
  mode,
  'cpu ms/request (app+client+fake)',
  ((c.user + c.system) / 1000 / 1000).toFixed(3),
  'wall',
  (performance.now() - t0).toFixed(0),
)
await receiver!.stop()
await fake.close()
await db.close()
