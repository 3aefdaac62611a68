// The page's routes on a plain node:http server, matched the way Bolt's custom routes are (a `:param`
// as the last path segment), for tests and dev-page.ts.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { WebRoute } from '../../../src/web/routes.ts'

const matches = (pattern: string, path: string) =>
  pattern === path ||
  (pattern.includes('/:') &&
    path.startsWith(pattern.slice(0, pattern.lastIndexOf('/') + 1)) &&
    !path.slice(pattern.lastIndexOf('/') + 1).includes('/'))

export async function serveRoutes(routes: WebRoute[], port = 0): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const route = routes.find((r) => r.method.includes(req.method ?? 'GET') && matches(r.path, path))
    if (route) route.handler(req, res)
    else res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}
