import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postToResponseUrl } from '../../../src/slack/answers/post-to-response-url.ts'
import { closedPort } from '../../db/closed-port.ts'

const received: { path: string; contentType?: string; body: unknown }[] = []
const server = createServer((req: IncomingMessage, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    received.push({
      path: req.url ?? '',
      contentType: req.headers['content-type'],
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
    })
    res.writeHead(req.url === '/expired' ? 404 : 200).end(req.url === '/expired' ? 'expired_url' : 'ok')
  })
})
let base = ''

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('postToResponseUrl', () => {
  it('posts the message as UTF-8 JSON and says Slack took it', async () => {
    const message = { replace_original: true, text: 'Zoë & <Zylker>' }
    expect(await postToResponseUrl(`${base}/hooks/1`, message)).toBe(true)
    // a second post reuses the kept-alive connection and still arrives whole
    expect(await postToResponseUrl(`${base}/hooks/2`, { text: 'again' })).toBe(true)
    expect(received.slice(-2)).toEqual([
      { path: '/hooks/1', contentType: 'application/json; charset=utf-8', body: message },
      { path: '/hooks/2', contentType: 'application/json; charset=utf-8', body: { text: 'again' } },
    ])
  })

  it('answers false when Slack refuses (an expired response_url), so callers fall back', async () => {
    expect(await postToResponseUrl(`${base}/expired`, { text: 'late' })).toBe(false)
  })

  it('rejects when nothing listens, and for a URL that is not http(s)', async () => {
    await expect(postToResponseUrl(`http://127.0.0.1:${await closedPort()}/x`, {})).rejects.toThrow()
    await expect(postToResponseUrl('file:///etc/passwd', {})).rejects.toThrow(/not an http\(s\) response_url/)
  })
})
