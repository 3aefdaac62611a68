// For developing the page by hand: the real app in sandbox mode (launch) plus the page's routes on a
// second port. Run: npx tsx test/sandbox/page/dev-page.ts <app port> <page port>
import { createServer } from 'node:http'
import { parseEnv } from '../../../src/app/env.ts'
import { launch } from '../../../src/app/start.ts'
import { outboxReader } from '../../../src/sandbox/page/outbox.ts'
import { sandboxPageRoutes } from '../../../src/sandbox/page/routes.ts'

const [appPort = '3101', pagePort = '3102'] = process.argv.slice(2)
const running = await launch({
  mode: 'sandbox',
  env: parseEnv({ PORT: appPort, DATABASE_URL: 'memory://' }),
})
const sandbox = running.sandbox
if (!sandbox) throw new Error('not in sandbox mode')
const routes = sandboxPageRoutes(sandbox.slack, { outbox: outboxReader(running.db.prisma) })
createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0] ?? '/'
  const route = routes.find(
    (r) =>
      r.method.includes(req.method ?? 'GET') &&
      (r.path === path ||
        (r.path.endsWith('/:id') || r.path.endsWith('/:verb')
          ? path.startsWith(r.path.slice(0, r.path.lastIndexOf('/') + 1))
          : false)),
  )
  if (route) route.handler(req, res)
  else res.writeHead(404).end()
}).listen(Number(pagePort), '127.0.0.1', () => console.log(`page: http://127.0.0.1:${pagePort}/`))
