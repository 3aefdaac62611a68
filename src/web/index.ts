// The app's own web pages (the portal invitation link), bound to the services: Bolt routes for the Slack
// app's port and a handler for the server that runs without Slack. src/app wires them in.
import { hkdfSync, randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Services } from '../services/index.ts'
import { createInvitationPage } from './invitations/handler.ts'
import { servicesInvitationPort } from './invitations/services-port.ts'
import { invitationRoutes, serveWebPage, type WebRoute } from './routes.ts'

export type { WebRoute }

export interface WebPagesOptions {
  services: Pick<Services, 'portal'>
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
  return { routes: invitationRoutes(page), serve: (req, res) => serveWebPage(page, req, res) }
}
