// A local Slack Socket Mode endpoint (https://api.slack.com/apis/connections/socket-implement), wired into
// the fake Web API: `apps.connections.open` (app-level token) answers a single-use ws:// URL with a ticket;
// a connection with that ticket gets `hello`; envelopes are sent as Slack sends them
// ({envelope_id, type, payload, accepts_response_payload[, retry_attempt, retry_reason]}) and the app's
// acks ({envelope_id[, payload]}) are matched to them; `disconnect` and a dropped socket are Slack's two
// ways of ending a connection. Anything a Slack server would refuse lands in `violations`.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type WebSocket, WebSocketServer } from 'ws'
import type { FakeSlack } from '../support/fake-slack.ts'

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api'

export interface Ack {
  envelopeId: string
  /** The ack's payload; {} when the app sent none. */
  payload: Record<string, unknown>
  /** Which connection (1-based) carried it. */
  connection: number
}

export interface Delivery {
  envelopeId?: string
  retryAttempt?: number
  retryReason?: string
}

interface Pending {
  resolve: (ack: Ack) => void
  timer: NodeJS.Timeout
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

export class SocketModeServer {
  /** Every ack received, in order (a second ack for one envelope is also a violation). */
  readonly acks: Ack[] = []
  readonly violations: string[] = []
  /** The token each apps.connections.open was called with, in order. */
  readonly opens: string[] = []
  /** Connections that completed the handshake with a valid ticket (each got hello). */
  connections = 0
  private socket: WebSocket | undefined
  private readonly tickets = new Set<string>()
  private readonly pending = new Map<string, Pending>()
  private readonly connectionWaiters: Array<{ n: number; resolve: () => void }> = []

  constructor(
    private readonly wss: WebSocketServer,
    private readonly appId: string,
    private readonly appToken: string,
  ) {
    wss.on('connection', (socket, req) => this.accept(socket, req))
  }

  get port(): number {
    return (this.wss.address() as AddressInfo).port
  }

  /** What apps.connections.open answers: a fresh single-use URL. */
  issueUrl(): string {
    const ticket = randomUUID()
    this.tickets.add(ticket)
    return `ws://127.0.0.1:${this.port}/link/?ticket=${ticket}&app_id=${this.appId}`
  }

  /**
   * Makes `fake` answer apps.connections.open as Slack does, and records the token it was called with
   * (Slack accepts only the app-level token there).
   */
  attach(fake: FakeSlack): void {
    const answer = fake.world.answer.bind(fake.world)
    fake.world.answer = (method, args) =>
      method === 'apps.connections.open' ? { body: { ok: true, url: this.issueUrl() } } : answer(method, args)
    const handle = fake.handle.bind(fake)
    fake.handle = (req, res) => {
      if (new URL(req.url ?? '/', 'http://x').pathname === '/api/apps.connections.open') {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''
        this.opens.push(token)
        if (token !== this.appToken)
          this.violations.push(`apps.connections.open called with ${token.slice(0, 5)}… (not the app token)`)
      }
      return handle(req, res)
    }
  }

  private accept(socket: WebSocket, req: IncomingMessage): void {
    const ticket = new URL(req.url ?? '/', 'http://x').searchParams.get('ticket') ?? ''
    if (!this.tickets.delete(ticket)) {
      this.violations.push(`connection with an unknown or used ticket (${req.url})`)
      socket.close(4001, 'invalid ticket')
      return
    }
    this.connections += 1
    const connection = this.connections
    this.socket = socket
    socket.on('message', (data, isBinary) => this.receive(String(data), isBinary, connection))
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'applink-local-1', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.appId },
      }),
    )
    for (const waiter of [...this.connectionWaiters]) {
      if (this.connections >= waiter.n) {
        this.connectionWaiters.splice(this.connectionWaiters.indexOf(waiter), 1)
        waiter.resolve()
      }
    }
  }

  private receive(text: string, isBinary: boolean, connection: number): void {
    let message: unknown
    try {
      message = isBinary ? undefined : JSON.parse(text)
    } catch {}
    if (!isObject(message) || typeof message.envelope_id !== 'string') {
      this.violations.push(`not an ack: ${text.slice(0, 200)}`)
      return
    }
    const envelopeId = message.envelope_id
    const payload = message.payload === undefined ? {} : message.payload
    if (!isObject(payload)) this.violations.push(`ack ${envelopeId}: payload is not an object`)
    const ack: Ack = { envelopeId, payload: isObject(payload) ? payload : {}, connection }
    this.acks.push(ack)
    const waiter = this.pending.get(envelopeId)
    if (waiter === undefined) {
      this.violations.push(`ack for ${envelopeId}, which is not awaiting one (acked twice or never sent)`)
      return
    }
    this.pending.delete(envelopeId)
    clearTimeout(waiter.timer)
    waiter.resolve(ack)
  }

  /** Resolves once the `n`th connection (1-based) has been made and greeted. */
  waitForConnection(n: number, timeoutMs = 60_000): Promise<void> {
    if (this.connections >= n) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const waiter = {
        n,
        resolve: () => {
          clearTimeout(timer)
          resolve()
        },
      }
      const timer = setTimeout(() => {
        this.connectionWaiters.splice(this.connectionWaiters.indexOf(waiter), 1)
        reject(new Error(`connection ${n} not made within ${timeoutMs} ms (${this.connections} so far)`))
      }, timeoutMs)
      this.connectionWaiters.push(waiter)
    })
  }

  /** Sends an envelope on the current connection; resolves with the app's ack (Slack waits 3 s, we wait longer). */
  deliver(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    delivery: Delivery = {},
    timeoutMs = 30_000,
  ): Promise<Ack> {
    const socket = this.socket
    if (socket === undefined || socket.readyState !== socket.OPEN)
      return Promise.reject(new Error('no open Socket Mode connection'))
    const envelopeId = delivery.envelopeId ?? randomUUID()
    const envelope: Record<string, unknown> = {
      envelope_id: envelopeId,
      payload,
      type,
      accepts_response_payload: type !== 'events_api',
    }
    if (delivery.retryAttempt !== undefined) envelope.retry_attempt = delivery.retryAttempt
    if (delivery.retryReason !== undefined) envelope.retry_reason = delivery.retryReason
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId)
        reject(new Error(`no ack for ${type} envelope ${envelopeId} within ${timeoutMs} ms`))
      }, timeoutMs)
      this.pending.set(envelopeId, { resolve, timer })
      socket.send(JSON.stringify(envelope))
    })
  }

  /** Slack's `disconnect` message: the app must close this connection and open a new one. */
  sendDisconnect(reason: 'refresh_requested' | 'warning' | 'link_disabled' = 'refresh_requested'): void {
    this.socket?.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-local-1' } }))
  }

  /** The socket dropped without a close handshake (a network failure, Slack's pod gone). */
  dropConnection(): void {
    this.socket?.terminate()
  }

  close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate()
    for (const waiter of this.pending.values()) clearTimeout(waiter.timer)
    return new Promise((resolve) => this.wss.close(() => resolve()))
  }
}

/** A Socket Mode endpoint on loopback, on a random port. */
export async function startSocketModeServer(options: {
  appId: string
  appToken: string
}): Promise<SocketModeServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve)
    wss.once('error', reject)
  })
  return new SocketModeServer(wss, options.appId, options.appToken)
}
