// The app's own web pages beside Slack's endpoint, as routes for Bolt's receivers (HTTP and Socket Mode)
// and as one request handler for the server that runs without Slack.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { type InvitationPage, isInvitationPath } from './invitations/handler.ts'

/** Bolt's CustomRoute, structurally. */
export interface WebRoute {
  path: string
  method: string[]
  handler: (req: IncomingMessage, res: ServerResponse) => void
}

/** GET, HEAD and POST /portal/invitations/<token> (the handler reads the raw path itself). */
export function invitationRoutes(page: InvitationPage): WebRoute[] {
  return [
    {
      path: '/portal/invitations/:token',
      method: ['GET', 'HEAD', 'POST'],
      handler: (req, res) => void page.handle(req, res),
    },
  ]
}

/** For a plain node:http server: answers the request and returns true when it is one of the pages'. */
export function serveWebPage(page: InvitationPage, req: IncomingMessage, res: ServerResponse): boolean {
  if (!isInvitationPath(req.url)) return false
  void page.handle(req, res)
  return true
}
