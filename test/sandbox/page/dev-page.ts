// For developing the page by hand: the real app in sandbox mode (launch, which mounts the page on the
// app's port) plus the page's routes on a second port, read fresh from src/sandbox/page on each start.
// Run: npx tsx test/sandbox/page/dev-page.ts <app port> <page port>
import { parseEnv } from '../../../src/app/env.ts'
import { launch } from '../../../src/app/start.ts'
import { outboxReader } from '../../../src/sandbox/page/outbox.ts'
import { sandboxPageRoutes } from '../../../src/sandbox/page/routes.ts'
import { serveRoutes } from './serve-routes.ts'

const [appPort = '3101', pagePort = '3102'] = process.argv.slice(2)
const running = await launch({ mode: 'sandbox', env: parseEnv({ PORT: appPort, DATABASE_URL: 'memory://' }) })
if (!running.sandbox) throw new Error('not in sandbox mode')
const routes = sandboxPageRoutes(running.sandbox.slack, { outbox: outboxReader(running.db.prisma) })
const { base } = await serveRoutes(routes, Number(pagePort))
console.log(`page: ${base}/ (the app's own: http://localhost:${running.port}/)`)
