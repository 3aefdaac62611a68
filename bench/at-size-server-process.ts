// Child process of part 6: one msp-bot app instance (the real Bolt app on an HTTPReceiver, port 0) on a
// PostgreSQL database the parent has already seeded; several of these share it, as production instances
// behind a load balancer do. Reports its port, answers `cpu` and stops on `stop` (bench/ipc.ts messages).
// argv: <fake Slack API URL> <postgresql://… database URL>
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { LogLevel } from '@slack/bolt'
import { openDatabase } from '../src/db/client.ts'
import { createServices } from '../src/services/index.ts'
import { createSlackApp } from '../src/slack/app.ts'
import {
  BOT_TOKEN,
  isMessage,
  type ParentMessage,
  readServerCpu,
  type ServerReady,
  SIGNING_SECRET,
} from './ipc.ts'

const [apiUrl, databaseUrl] = process.argv.slice(2)
if (!apiUrl || !databaseUrl) throw new Error('usage: at-size-server-process <api url> <database url>')

const db = await openDatabase({ url: databaseUrl })
const { receiver } = createSlackApp({
  credentials: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN },
  // as src/app/start.ts: delivery keys go to the database when other processes share it
  deps: {
    services: createServices(db.prisma, { sharedDatabase: db.kind === 'postgres', readCache: db.readCache }),
  },
  slackApiUrl: apiUrl,
  ping: () => db.ping(),
  logLevel: LogLevel.ERROR,
})
if (!receiver) throw new Error('expected an HTTP receiver')
const server = await receiver.start(0)
const address = server.address()
const ready: ServerReady = { type: 'ready', port: typeof address === 'object' && address ? address.port : 0 }
process.send?.(ready)

const loopDelay = monitorEventLoopDelay({ resolution: 5 })
loopDelay.enable()

process.on('message', (message: unknown) => {
  if (isMessage<ParentMessage>(message, 'cpu')) {
    process.send?.(readServerCpu(loopDelay))
  } else if (isMessage<ParentMessage>(message, 'stop')) {
    server.closeAllConnections()
    void receiver
      .stop()
      .then(() => db.close())
      .finally(() => process.exit(0))
  }
})
