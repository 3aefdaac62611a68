// The portal-domain DNS check against a fake resolver: every outcome, names compared as DNS does (case,
// trailing dots), the EU target, and who may check which customer.
import { describe, expect, it } from 'vitest'
import {
  checkPortalDomain,
  cnameRecord,
  type DnsResolver,
  judgeCname,
  PORTAL_CNAME_TARGETS,
} from '../../../src/services/customers/portal-domain.ts'
import { ServiceError } from '../../../src/services/errors.ts'
import { useTestDatabase } from '../../support/db.ts'
import { seedStaffWorld } from '../../support/worlds.ts'

const US = 'customer-sp.site24x7.com'
const EU = 'customer-sp.site24x7.eu'

/** A DNS error as node:dns rejects with. */
const dnsError = (code: string) => Object.assign(new Error(`queryCname ${code}`), { code })

/** Answers from a table of name → CNAME targets or an error code; records the names asked. */
function fakeResolver(zone: Record<string, string[] | string>): DnsResolver & { asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    async resolveCname(hostname) {
      asked.push(hostname)
      const entry = zone[hostname]
      if (entry === undefined) throw dnsError('ENOTFOUND')
      if (typeof entry === 'string') throw dnsError(entry)
      return entry
    },
  }
}

describe('judgeCname', () => {
  it('ok when the CNAME points at the target, whatever the case and trailing dots', async () => {
    for (const answer of [US, `${US}.`, 'Customer-SP.Site24x7.COM', 'CUSTOMER-SP.SITE24X7.COM.']) {
      const dns = fakeResolver({ 'status.zylker.example': [answer] })
      expect(await judgeCname(dns, 'Status.Zylker.Example.', US)).toEqual({ outcome: 'ok' })
      // the name asked is normalized: lower case, no trailing dot
      expect(dns.asked).toEqual(['status.zylker.example'])
    }
  })

  it('missing on NXDOMAIN (ENOTFOUND), on a name without CNAME (ENODATA) and on an empty answer', async () => {
    expect(await judgeCname(fakeResolver({}), 'status.zylker.example', US)).toEqual({
      outcome: 'missing',
      reason: 'nxdomain',
    })
    expect(
      await judgeCname(fakeResolver({ 'status.zylker.example': 'ENODATA' }), 'status.zylker.example', US),
    ).toEqual({
      outcome: 'missing',
      reason: 'nodata',
    })
    expect(
      await judgeCname(fakeResolver({ 'status.zylker.example': [] }), 'status.zylker.example', US),
    ).toEqual({
      outcome: 'missing',
      reason: 'nodata',
    })
  })

  it('wrong target names what the CNAME points at (normalized)', async () => {
    const dns = fakeResolver({ 'status.zylker.example': ['Old-Portal.Example.NET.'] })
    expect(await judgeCname(dns, 'status.zylker.example', US)).toEqual({
      outcome: 'wrongTarget',
      found: ['old-portal.example.net'],
    })
    // The US target is wrong for an EU customer, and the other way round.
    expect(await judgeCname(fakeResolver({ 'a.example': [US] }), 'a.example', EU)).toMatchObject({
      outcome: 'wrongTarget',
      found: [US],
    })
    expect(await judgeCname(fakeResolver({ 'a.example': [EU] }), 'a.example', US)).toMatchObject({
      outcome: 'wrongTarget',
      found: [EU],
    })
  })

  it('lookup failed on a timeout, SERVFAIL, a refusal or an error without a code', async () => {
    for (const code of ['ETIMEOUT', 'ESERVFAIL', 'EREFUSED', 'ECONNREFUSED', 'ECANCELLED']) {
      expect(await judgeCname(fakeResolver({ 'a.example': code }), 'a.example', US)).toEqual({
        outcome: 'lookupFailed',
        code,
      })
    }
    const broken: DnsResolver = { resolveCname: () => Promise.reject(new Error('socket closed')) }
    expect(await judgeCname(broken, 'a.example', US)).toEqual({ outcome: 'lookupFailed', code: 'unknown' })
  })

  it('the record to add is a zone-file line with absolute names', () => {
    expect(cnameRecord('Status.Zylker.Example', US)).toBe(
      'status.zylker.example. CNAME customer-sp.site24x7.com.',
    )
    expect(cnameRecord('status.zylker.example.', `${EU}.`)).toBe(
      'status.zylker.example. CNAME customer-sp.site24x7.eu.',
    )
    expect(PORTAL_CNAME_TARGETS).toEqual({ us: US, eu: EU })
  })
})

describe('checkPortalDomain', () => {
  const db = useTestDatabase()
  const prisma = () => db().prisma

  /** Zylker (US, status.zylker.example) and Globex (EU, portal.globex.example) in Zoho with Mona; Acme (no domain) apart. */
  const seed = () =>
    seedStaffWorld(prisma(), {
      customers: [
        { name: 'Zylker', portalDomain: 'status.zylker.example' },
        { name: 'Globex', dataCenter: 'eu', portalDomain: 'portal.globex.example' },
        { name: 'Acme' },
      ],
      groups: [{ name: 'Zoho', customers: ['Zylker', 'Globex'], users: ['Mona', 'Vic'] }],
    })

  it('reports each outcome with the customer, the target of its data center and the record to add', async () => {
    const { w, priya } = await seed()
    const dns = fakeResolver({ 'status.zylker.example': [`${US}.`], 'portal.globex.example': [US] })
    const zylker = await checkPortalDomain(prisma(), dns, priya, w.customerId('Zylker'))
    expect(zylker).toEqual({
      customer: 'Zylker',
      info: { domain: 'status.zylker.example', dataCenter: 'us', target: US },
      record: 'status.zylker.example. CNAME customer-sp.site24x7.com.',
      outcome: 'ok',
    })
    const globex = await checkPortalDomain(prisma(), dns, priya, w.customerId('Globex'))
    expect(globex).toEqual({
      customer: 'Globex',
      info: { domain: 'portal.globex.example', dataCenter: 'eu', target: EU },
      record: 'portal.globex.example. CNAME customer-sp.site24x7.eu.',
      outcome: 'wrongTarget',
      found: [US],
    })
  })

  it('a customer without a portal domain, or with one DNS cannot hold, is not looked up', async () => {
    const { w, priya } = await seed()
    const dns = fakeResolver({})
    expect(await checkPortalDomain(prisma(), dns, priya, w.customerId('Acme'))).toEqual({
      customer: 'Acme',
      info: { domain: null, dataCenter: 'us', target: US },
      outcome: 'noDomain',
    })
    await prisma().customer.update({
      where: { id: w.customerId('Acme') },
      data: { portalDomain: 'not a `domain`' },
    })
    expect(await checkPortalDomain(prisma(), dns, priya, w.customerId('Acme'))).toMatchObject({
      outcome: 'invalidDomain',
      info: { domain: 'not a `domain`' },
    })
    expect(dns.asked).toEqual([])
  })

  it('anyone who may read the customer may check (a viewer too); below admin only associated customers', async () => {
    const { w } = await seed()
    const dns = fakeResolver({ 'status.zylker.example': 'ENODATA' })
    const vic = w.actor('Vic')
    expect(await checkPortalDomain(prisma(), dns, vic, w.customerId('Zylker'))).toMatchObject({
      outcome: 'missing',
      reason: 'nodata',
    })
    // Tess (technician) is associated with nothing: refused, nothing looked up.
    const refusal = await checkPortalDomain(prisma(), dns, w.actor('Tess'), w.customerId('Zylker')).catch(
      (e) => e,
    )
    expect(refusal).toBeInstanceOf(ServiceError)
    expect((refusal as ServiceError).problem).toEqual({ code: 'staff.notAssociated', customers: ['Zylker'] })
    expect(dns.asked).toEqual(['status.zylker.example'])
  })

  it('a customer deleted meanwhile is gone', async () => {
    const { w, priya } = await seed()
    const id = w.customerId('Acme')
    await prisma().customer.delete({ where: { id } })
    const error = await checkPortalDomain(prisma(), fakeResolver({}), priya, id).catch((e) => e)
    expect((error as ServiceError).problem).toEqual({ code: 'record.gone', record: 'customer' })
  })
})
