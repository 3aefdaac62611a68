// The real DNS behind the portal-domain check (src/services/customers/portal-domain.ts): node:dns with a
// short timeout, so a "Check DNS" click answers within seconds even when a name server does not.
import { Resolver } from 'node:dns/promises'
import type { DnsResolver } from '../services/customers/portal-domain.ts'

export interface SystemDnsOptions {
  /** Per attempt (node:dns `timeout`). */
  attemptTimeoutMs?: number
  /** Attempts per name server (node:dns `tries`). */
  tries?: number
  /** The whole lookup at most: then it is cancelled and rejects with `ETIMEOUT`. */
  deadlineMs?: number
  /** Name servers (`ip` or `ip:port`); default: the system's. */
  servers?: string[]
}

/** The system's resolver (or `servers`), each lookup on its own Resolver so a cancel touches only it. */
export function systemDnsResolver(options: SystemDnsOptions = {}): DnsResolver {
  const { attemptTimeoutMs = 1500, tries = 2, deadlineMs = 4000, servers } = options
  return {
    async resolveCname(hostname) {
      const resolver = new Resolver({ timeout: attemptTimeoutMs, tries })
      if (servers) resolver.setServers(servers)
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        resolver.cancel()
      }, deadlineMs)
      try {
        return await resolver.resolveCname(hostname)
      } catch (error) {
        if (timedOut)
          throw Object.assign(new Error(`DNS lookup of ${hostname} took over ${deadlineMs} ms`), {
            code: 'ETIMEOUT',
          })
        throw error
      } finally {
        clearTimeout(timer)
      }
    },
  }
}
