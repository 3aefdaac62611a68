// The portal domain and its DNS check in words (plain text: the Slack edge escapes it for mrkdwn and puts
// the record to add in code format).
import type { DataCenter, PortalDomainCheck } from '../services/customers/portal-domain.ts'

export const DATA_CENTER_NAMES: Readonly<Record<DataCenter, string>> = {
  us: 'US data center',
  eu: 'EU data center',
}

/** What a DNS failure code means, for the person who will try again. */
function lookupFailure(code: string): string {
  switch (code) {
    case 'ETIMEOUT':
    case 'ECANCELLED':
      return 'no DNS server answered in time'
    case 'ESERVFAIL':
      return 'the DNS server failed (SERVFAIL)'
    case 'EREFUSED':
    case 'ECONNREFUSED':
      return 'the DNS server refused the query'
    default:
      return `the lookup failed (${code})`
  }
}

/** The outcome of a check, one sentence; `recordAdvice` says what to do with the record shown under it. */
export function portalDnsMessage(check: PortalDomainCheck): { headline: string; recordAdvice?: string } {
  const target = check.info.target
  switch (check.outcome) {
    case 'noDomain':
      return {
        headline: `${check.customer} has no portal domain, so there is nothing to check. Its portal domain will need a CNAME to ${target} (${DATA_CENTER_NAMES[check.info.dataCenter]}).`,
      }
    case 'invalidDomain':
      return {
        headline: `The portal domain of ${check.customer}, "${check.info.domain}", is not a valid host name: fix it first (it was not looked up).`,
      }
    case 'ok':
      return {
        headline: `OK: ${check.info.domain} points at ${target}. The portal domain of ${check.customer} is set up.`,
        recordAdvice: 'The record found:',
      }
    case 'missing':
      return {
        headline:
          check.reason === 'nxdomain'
            ? `Missing: ${check.info.domain} does not exist in DNS (NXDOMAIN), so it has no CNAME record.`
            : `Missing: ${check.info.domain} has no CNAME record.`,
        recordAdvice: 'Add this record at the DNS provider of the domain:',
      }
    case 'wrongTarget':
      return {
        headline: `Wrong target: ${check.info.domain} points at ${check.found.join(', ')}, not at ${target}.`,
        recordAdvice: 'Replace that CNAME record with this one:',
      }
    case 'lookupFailed':
      return {
        headline: `Lookup failed: ${lookupFailure(check.code)} for ${check.info.domain}; nothing is known about its record. Try again in a minute.`,
        recordAdvice: 'The record it needs:',
      }
  }
}
