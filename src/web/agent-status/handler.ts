// POST /api/agent-status: a device-management agent reports a customer user's agent status.
//
//   curl -X POST https://bot.msp.example/api/agent-status -H 'X-Agent-Secret: <AGENT_STATUS_SECRET>' \
//     -H 'Content-Type: application/json' -d '{"customer":"Zylker","email":"li@zylker.example","status":"success"}'
//
// The shared secret (AGENT_STATUS_SECRET; the route exists only when it is set) is compared in constant
// time. Answers are JSON: 200 {"ok":true,…}; 400 a body that is not such JSON (each problem named); 401 a
// missing or wrong secret; 404 an unknown customer or user; 413 a body over 16 KiB; 500 an unexpected error
// (logged, never the secret).
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { AGENT_STATUSES } from '../../domain/customer-users.ts'
import type {
  AgentStatusOutcome,
  AgentStatusReport,
} from '../../services/customer-users/update-agent-status.ts'

export const AGENT_STATUS_PATH = '/api/agent-status'
export const AGENT_SECRET_HEADER = 'x-agent-secret'
/** The largest body read (one report is ~100 bytes). */
export const MAX_BODY_BYTES = 16 * 1024

/** What the endpoint needs from the services (createServices().customerUsers). */
export interface AgentStatusPort {
  updateAgentStatus(report: AgentStatusReport): Promise<AgentStatusOutcome>
}

export interface AgentStatusEndpointOptions {
  port: AgentStatusPort
  secret: string
  logError: (message: string, error: unknown) => void
}

/** One report: the customer by name or by id (one of them), the user's primary email, the status. */
export const agentStatusBodySchema = z
  .strictObject({
    customer: z.string().trim().min(1).optional(),
    customerId: z.int().positive().optional(),
    email: z.string().trim().min(1),
    status: z.enum(AGENT_STATUSES),
  })
  .refine((b) => (b.customer === undefined) !== (b.customerId === undefined), {
    message: 'give the customer by name ("customer") or by id ("customerId"), one of them',
    path: ['customer'],
  })

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()

/** Constant time whatever the lengths: both sides hashed first. */
export function secretMatches(given: string | undefined, expected: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(expected))
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  })
  res.end(text)
}

class TooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > MAX_BODY_BYTES) throw new TooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new TooLarge()
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

export function createAgentStatusEndpoint(options: AgentStatusEndpointOptions) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST')
        return sendJson(res, 405, { ok: false, error: 'use POST' })
      }
      if (!secretMatches(header(req, AGENT_SECRET_HEADER), options.secret)) {
        req.resume()
        return sendJson(res, 401, { ok: false, error: `missing or wrong ${AGENT_SECRET_HEADER} header` })
      }
      let text: string
      try {
        text = await readBody(req)
      } catch (error) {
        if (error instanceof TooLarge) {
          res.setHeader('connection', 'close')
          return sendJson(res, 413, { ok: false, error: `the body is larger than ${MAX_BODY_BYTES} bytes` })
        }
        throw error
      }
      const contentType = header(req, 'content-type') ?? ''
      if (!/^application\/json\s*(;|$)/i.test(contentType))
        return sendJson(res, 400, { ok: false, error: 'expected Content-Type: application/json' })
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        return sendJson(res, 400, { ok: false, error: 'the body is not JSON' })
      }
      const parsed = agentStatusBodySchema.safeParse(json)
      if (!parsed.success)
        return sendJson(res, 400, {
          ok: false,
          error: `expected {"customer": name or "customerId": id, "email", "status": ${AGENT_STATUSES.map((s) => `"${s}"`).join(' | ')}}`,
          problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
        })
      const body = parsed.data
      const outcome = await options.port.updateAgentStatus({
        customer: body.customer !== undefined ? { name: body.customer } : { id: body.customerId ?? 0 },
        email: body.email,
        status: body.status,
      })
      switch (outcome.status) {
        case 'unknownCustomer':
          return sendJson(res, 404, { ok: false, error: 'unknown customer' })
        case 'unknownUser':
          return sendJson(res, 404, {
            ok: false,
            error: 'unknown user: the customer has no user with this email',
          })
        case 'updated':
          return sendJson(res, 200, {
            ok: true,
            customer: outcome.customer,
            email: outcome.email,
            status: outcome.agentStatus,
            changed: outcome.changed,
          })
      }
    } catch (error) {
      options.logError('agent status report failed', error)
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal error' })
      else res.end()
    }
  }
}
