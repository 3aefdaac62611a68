// The real resolver behind Check DNS (node:dns) against a tiny DNS server on loopback UDP: what node:dns
// rejects with for each answer is what the portal-domain check judges by, and a silent server is cut off at
// the deadline instead of hanging the click.
import { createSocket, type Socket } from 'node:dgram'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemDnsResolver } from '../../src/app/dns-resolver.ts'
import { judgeCname } from '../../src/services/customers/portal-domain.ts'

const US = 'customer-sp.site24x7.com'

/** How the server answers a name: CNAME targets, an rcode, or nothing at all. */
type Answer = { cname: string[] } | { rcode: number } | 'silent'

const ZONE: Record<string, Answer> = {
  'status.zylker.example': { cname: [US] },
  'upper.zylker.example': { cname: ['CUSTOMER-SP.Site24x7.COM'] },
  'old.zylker.example': { cname: ['old-portal.example.net'] },
  'nodata.zylker.example': { cname: [] }, // NOERROR, no answer: the name has other records only
  'servfail.zylker.example': { rcode: 2 },
  'refused.zylker.example': { rcode: 5 },
  'silent.zylker.example': 'silent',
}
const NXDOMAIN = 3

function encodeName(name: string): Buffer {
  const parts = name.split('.').filter(Boolean)
  return Buffer.concat([
    ...parts.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'ascii')])),
    Buffer.from([0]),
  ])
}

/** The question of a query: its name (lower-cased) and where the question section ends. */
function readQuestion(query: Buffer): { name: string; end: number } {
  const labels: string[] = []
  let at = 12
  for (let length = query[at] ?? 0; length > 0; length = query[at] ?? 0) {
    labels.push(query.subarray(at + 1, at + 1 + length).toString('ascii'))
    at += 1 + length
  }
  return { name: labels.join('.').toLowerCase(), end: at + 1 + 4 } // the root label, QTYPE, QCLASS
}

function respond(query: Buffer): Buffer | null {
  const { name, end } = readQuestion(query)
  const answer = ZONE[name] ?? { rcode: NXDOMAIN }
  if (answer === 'silent') return null
  const rcode = 'rcode' in answer ? answer.rcode : 0
  const targets = 'cname' in answer ? answer.cname : []
  const header = Buffer.alloc(12)
  query.copy(header, 0, 0, 2) // id
  header.writeUInt16BE(0x8180 | rcode, 2) // response, recursion desired and available
  header.writeUInt16BE(1, 4)
  header.writeUInt16BE(targets.length, 6)
  const records = targets.map((target) => {
    const rdata = encodeName(target)
    const fixed = Buffer.alloc(12)
    fixed.writeUInt16BE(0xc00c, 0) // the name: a pointer to the question's
    fixed.writeUInt16BE(5, 2) // CNAME
    fixed.writeUInt16BE(1, 4) // IN
    fixed.writeUInt32BE(300, 6)
    fixed.writeUInt16BE(rdata.length, 10)
    return Buffer.concat([fixed, rdata])
  })
  return Buffer.concat([header, query.subarray(12, end), ...records])
}

describe('systemDnsResolver (node:dns) against a DNS server on loopback', () => {
  let server: Socket
  let servers: string[]
  const asked: string[] = []

  beforeAll(async () => {
    server = createSocket('udp4')
    server.on('message', (query, peer) => {
      asked.push(readQuestion(query).name)
      const reply = respond(query)
      if (reply) server.send(reply, peer.port, peer.address)
    })
    await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve))
    servers = [`127.0.0.1:${server.address().port}`]
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const resolver = (deadlineMs = 3000) =>
    systemDnsResolver({ servers, attemptTimeoutMs: 300, tries: 1, deadlineMs })
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (e: { code?: string }) => e.code,
    )

  it('returns the CNAME targets', async () => {
    expect(await resolver().resolveCname('status.zylker.example')).toEqual([US])
  })

  it('rejects as the portal-domain check expects: ENOTFOUND, ENODATA, ESERVFAIL, EREFUSED, ETIMEOUT', async () => {
    const r = resolver()
    expect(await codeOf(r.resolveCname('nx.zylker.example'))).toBe('ENOTFOUND')
    expect(await codeOf(r.resolveCname('nodata.zylker.example'))).toBe('ENODATA')
    expect(await codeOf(r.resolveCname('servfail.zylker.example'))).toBe('ESERVFAIL')
    expect(await codeOf(r.resolveCname('refused.zylker.example'))).toBe('EREFUSED')
    expect(await codeOf(r.resolveCname('silent.zylker.example'))).toBe('ETIMEOUT')
  })

  it('a server that never answers is cut off at the deadline (ETIMEOUT), however long each attempt may wait', async () => {
    const slow = systemDnsResolver({ servers, attemptTimeoutMs: 60_000, tries: 4, deadlineMs: 300 })
    const started = Date.now()
    expect(await codeOf(slow.resolveCname('silent.zylker.example'))).toBe('ETIMEOUT')
    // Generous bound (shared, loaded machine): the point is that it does not wait for 60 s attempts.
    expect(Date.now() - started).toBeLessThan(20_000)
  })

  it('judged end to end: ok (any case), missing, wrong target, lookup failed', async () => {
    const r = resolver()
    expect(await judgeCname(r, 'status.zylker.example.', US)).toEqual({ outcome: 'ok' })
    expect(await judgeCname(r, 'UPPER.zylker.example', US)).toEqual({ outcome: 'ok' })
    expect(await judgeCname(r, 'nx.zylker.example', US)).toEqual({ outcome: 'missing', reason: 'nxdomain' })
    expect(await judgeCname(r, 'nodata.zylker.example', US)).toEqual({ outcome: 'missing', reason: 'nodata' })
    expect(await judgeCname(r, 'old.zylker.example', US)).toEqual({
      outcome: 'wrongTarget',
      found: ['old-portal.example.net'],
    })
    expect(await judgeCname(r, 'servfail.zylker.example', US)).toEqual({
      outcome: 'lookupFailed',
      code: 'ESERVFAIL',
    })
    expect(asked).toContain('upper.zylker.example')
  })
})
