// A customer's rebranded portal domain and its DNS: the CNAME it needs (customer-sp.site24x7.com, or .eu for
// the EU data center) and whether DNS has it. The lookup goes through a `DnsResolver` port: src/app wires a
// real one (node:dns with a short timeout, src/app/dns-resolver.ts); tests give a fake.
import type { Db } from '../../db/client.ts'
import { assertMayTouchCustomers, requireCapability, type StaffActor } from '../actor.ts'
import { gone } from '../errors.ts'

export type DataCenter = 'us' | 'eu'

/** Where a rebranded portal domain must point (Site24x7's customer portal), by data center. */
export const PORTAL_CNAME_TARGETS: Readonly<Record<DataCenter, string>> = {
  us: 'customer-sp.site24x7.com',
  eu: 'customer-sp.site24x7.eu',
}

/** The port: the CNAME records of a name, as node:dns/promises' `resolveCname` answers. */
export interface DnsResolver {
  /**
   * The targets of `hostname`'s CNAME records. Rejects with an Error whose `code` says why, as node:dns
   * does: `ENOTFOUND` (NXDOMAIN), `ENODATA` (the name has no CNAME), `ETIMEOUT`, `ESERVFAIL`, `EREFUSED`, ….
   */
  resolveCname(hostname: string): Promise<string[]>
}

/** Lower-case, without surrounding blanks and without the root's trailing dot: how names are compared. */
export const normalizeHostname = (name: string) => name.trim().toLowerCase().replace(/\.$/, '')

/** A host name DNS can hold (labels of letters, digits and hyphens), compared normalized. */
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/

/** The customer's portal domain as the Customer Preferences form shows it. */
export interface PortalDomainInfo {
  /** As stored (null: none). */
  domain: string | null
  dataCenter: DataCenter
  /** The CNAME target this data center needs. */
  target: string
}

export const portalDomainInfo = (domain: string | null, dataCenter: DataCenter): PortalDomainInfo => ({
  domain,
  dataCenter,
  target: PORTAL_CNAME_TARGETS[dataCenter],
})

/** The record to add, as a zone file line: `status.zylker.example. CNAME customer-sp.site24x7.com.` */
export const cnameRecord = (domain: string, target: string) =>
  `${normalizeHostname(domain)}. CNAME ${normalizeHostname(target)}.`

/** Node's codes for "the name has no CNAME": NXDOMAIN, or the name exists without one. */
const MISSING_CODES: Readonly<Record<string, 'nxdomain' | 'nodata'>> = {
  ENOTFOUND: 'nxdomain',
  ENODATA: 'nodata',
}

export type DnsVerdict =
  /** The CNAME points at the target. */
  | { outcome: 'ok' }
  /** No CNAME: the name does not exist (nxdomain) or has other records only (nodata). */
  | { outcome: 'missing'; reason: 'nxdomain' | 'nodata' }
  /** A CNAME to somewhere else (normalized targets, as found). */
  | { outcome: 'wrongTarget'; found: string[] }
  /** DNS did not answer usefully (timeout, SERVFAIL, refused…): nothing is known; try again. */
  | { outcome: 'lookupFailed'; code: string }

export type PortalDomainCheck =
  | { customer: string; info: PortalDomainInfo; outcome: 'noDomain' }
  /** The stored domain is not a host name DNS could hold: nothing was looked up. */
  | { customer: string; info: PortalDomainInfo; outcome: 'invalidDomain' }
  | ({ customer: string; info: PortalDomainInfo & { domain: string }; record: string } & DnsVerdict)

/** The verdict on a lookup of `domain`'s CNAME that should point at `target`. */
export async function judgeCname(resolver: DnsResolver, domain: string, target: string): Promise<DnsVerdict> {
  let answers: string[]
  try {
    answers = await resolver.resolveCname(normalizeHostname(domain))
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code
    const reason = typeof code === 'string' ? MISSING_CODES[code] : undefined
    if (reason) return { outcome: 'missing', reason }
    return { outcome: 'lookupFailed', code: typeof code === 'string' ? code : 'unknown' }
  }
  const found = answers.map(normalizeHostname)
  if (found.length === 0) return { outcome: 'missing', reason: 'nodata' }
  if (found.includes(normalizeHostname(target))) return { outcome: 'ok' }
  return { outcome: 'wrongTarget', found }
}

/**
 * Checks the DNS of a customer's portal domain. Anyone who may read the customer may check (below admin:
 * only an associated customer); a customer deleted meanwhile is `record.gone`. Reads only; writes nothing.
 */
export async function checkPortalDomain(
  db: Db,
  resolver: DnsResolver | undefined,
  actor: StaffActor,
  customerId: number,
): Promise<PortalDomainCheck> {
  requireCapability(actor, 'read')
  const c = await db.customer.findUnique({
    where: { id: customerId },
    select: { id: true, name: true, dataCenter: true, portalDomain: true },
  })
  if (!c) throw gone('customer')
  await assertMayTouchCustomers(db, actor, [c.id], () => c.name)
  const info = portalDomainInfo(c.portalDomain, c.dataCenter)
  const domain = c.portalDomain?.trim() ? c.portalDomain : null
  if (domain === null) return { customer: c.name, info, outcome: 'noDomain' }
  if (!HOSTNAME.test(normalizeHostname(domain))) return { customer: c.name, info, outcome: 'invalidDomain' }
  if (!resolver) throw new Error('checkPortalDomain: no DNS resolver was wired into the services')
  const verdict = await judgeCname(resolver, domain, info.target)
  return { customer: c.name, info: { ...info, domain }, record: cnameRecord(domain, info.target), ...verdict }
}
