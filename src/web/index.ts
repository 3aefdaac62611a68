// The app's own web pages (the portal invitation link), bound to the services: Bolt routes for the Slack
// app's port and a handler for the server that runs without Slack. src/app wires them in.
import { hkdfSync, randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Services } from '../services/index.ts'
import { AGENT_STATUS_PATH, createAgentStatusEndpoint } from './agent-status/handler.ts'
import { createInvitationPage } from './invitations/handler.ts'
import { servicesInvitationPort } from './invitations/services-port.ts'
import { invitationRoutes, serveWebPage, type WebRoute } from './routes.ts'

export type { WebRoute }

export interface WebPagesOptions {
  services: Pick<Services, 'portal' | 'customerUsers'>
  /** AGENT_STATUS_SECRET: POST /api/agent-status exists only when it is set. */
  agentStatusSecret?: string
  /**
   * A server secret the form key is derived from (HKDF-SHA256, its own label), so every process sharing it
   * accepts each other's pages; without one the key is random for this process.
   */
  secret?: string
  /** PUBLIC_URL: its origin is accepted for the pages' form posts (besides the request's own Host). */
  publicUrl?: string
  logError: (message: string, error: unknown) => void
}

export interface WebPages {
  routes: WebRoute[]
  /** For a plain node:http server: true when the request was one of the pages' (then it is answered). */
  serve(req: IncomingMessage, res: ServerResponse): boolean
}

export function formKeyFrom(secret: string | undefined): Uint8Array {
  if (!secret) return randomBytes(32)
  return new Uint8Array(hkdfSync('sha256', secret, 'msp-bot', 'web page form tokens', 32))
}

export function createWebPages(options: WebPagesOptions): WebPages {
  const page = createInvitationPage({
    port: servicesInvitationPort(options.services.portal),
    formKey: formKeyFrom(options.secret),
    publicUrl: options.publicUrl,
    logError: options.logError,
  })
  const agentStatus = options.agentStatusSecret
    ? createAgentStatusEndpoint({
        port: options.services.customerUsers,
        secret: options.agentStatusSecret,
        logError: options.logError,
      })
    : null
  const agentRoutes: WebRoute[] = agentStatus
    ? [{ path: AGENT_STATUS_PATH, method: ['POST'], handler: (req, res) => void agentStatus(req, res) }]
    : []
  return {
    routes: [...invitationRoutes(page), ...agentRoutes],
    serve: (req, res) => {
      if (agentStatus && (req.url ?? '').split('?')[0] === AGENT_STATUS_PATH) {
        void agentStatus(req, res)
        return true
      }
      return serveWebPage(page, req, res)
    },
  }
}
