// Observing every Slack request: which handler it is for (kind and id, the label of the ack-latency
// histogram), the ids that identify it in the log (team, user, trigger_id/event_id, callback_id/action_id),
// and how long Slack waited for its ack.
//
// Bolt gives listeners its one app logger and builds their arguments before any middleware runs, so a
// middleware cannot hand them a per-request logger or a wrapped ack. Instead:
//   - the first global middleware runs the rest of the request inside `scope(ids, next)`: the app enters
//     a log scope there (AsyncLocalStorage), so every line logged meanwhile carries the ids;
//   - in HTTP mode, `ackTimer` wraps the receiver's request listener: it notes when the request arrived
//     and observes, when the response is finished (the ack), the time taken under the middleware's label.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AnyMiddlewareArgs, HTTPReceiver, Middleware } from '@slack/bolt'

/** Which handler a request is for: kind (command, action, view_submission, …) and id. */
export interface HandlerLabel {
  kind: string
  id: string
}

export type RequestIds = HandlerLabel & {
  team?: string
  user?: string
  trigger_id?: string
  event_id?: string
  callback_id?: string
  action_id?: string
  view_id?: string
  retry?: number
}

interface SlackBody {
  type?: string
  command?: string
  text?: string
  team_id?: string
  user_id?: string
  trigger_id?: string
  event_id?: string
  team?: { id?: string }
  user?: { id?: string }
  event?: { type?: string; user?: string }
  view?: { id?: string; callback_id?: string }
  actions?: { action_id?: string }[]
  action_id?: string
  callback_id?: string
}

/** Names a slash command by its subcommand (e.g. "/msp customers"); the default is the command alone. */
export type CommandLabel = (command: string, text: string) => string

export function requestIds(rawBody: unknown, commandLabel: CommandLabel = (c) => c): RequestIds {
  const body = rawBody as SlackBody
  const team = body.team_id ?? body.team?.id
  const user = body.user_id ?? body.user?.id ?? body.event?.user
  const common = { team, user, trigger_id: body.trigger_id }
  if (body.command) return { kind: 'command', id: commandLabel(body.command, body.text ?? ''), ...common }
  if (body.event_id)
    return { kind: 'event', id: body.event?.type ?? 'unknown', team, user, event_id: body.event_id }
  switch (body.type) {
    case 'block_actions': {
      const action = body.actions?.[0]?.action_id ?? 'unknown'
      return { kind: 'action', id: action, action_id: action, view_id: body.view?.id, ...common }
    }
    case 'block_suggestion':
      return { kind: 'options', id: body.action_id ?? 'unknown', action_id: body.action_id, ...common }
    case 'view_submission':
    case 'view_closed': {
      const callback = body.view?.callback_id ?? 'unknown'
      return { kind: body.type, id: callback, callback_id: callback, view_id: body.view?.id, ...common }
    }
    case 'shortcut':
    case 'message_action':
      return { kind: 'shortcut', id: body.callback_id ?? 'unknown', callback_id: body.callback_id, ...common }
    default:
      return { kind: body.type ?? 'unknown', id: 'unknown', ...common }
  }
}

/** Set on the Bolt context (a custom property) in HTTP mode: the request's ack timing. */
export const ACK_TIMING = 'ackTiming'

class AckTiming {
  label: HandlerLabel | undefined
  constructor(readonly startedAt: number) {}
}

export type AckObserver = (label: HandlerLabel, seconds: number) => void

/** Requests answered before any middleware ran (bad signature, url_verification): labelled by status. */
function unhandledLabel(res: ServerResponse): HandlerLabel {
  return { kind: 'http', id: String(res.statusCode) }
}

/**
 * HTTP mode: times every POST to the events path from its arrival to its finished response (the ack, as
 * Slack sees it, less the network). Pass `customPropertiesExtractor` to the HTTPReceiver, then call
 * `instrument(receiver)` before it starts.
 */
export function ackTimer(observe: AckObserver, eventsPath: string) {
  const timings = new WeakMap<IncomingMessage, AckTiming>()
  return {
    customPropertiesExtractor: (req: IncomingMessage) => {
      const timing = timings.get(req)
      return timing ? { [ACK_TIMING]: timing } : {}
    },
    instrument(receiver: HTTPReceiver) {
      const listener = receiver.requestListener
      receiver.requestListener = (req, res) => {
        if (req.method === 'POST' && req.url?.split('?')[0] === eventsPath) {
          const timing = new AckTiming(performance.now())
          timings.set(req, timing)
          res.once('finish', () => {
            const seconds = (performance.now() - timing.startedAt) / 1000
            if (timing.label) return observe(timing.label, seconds)
            // An event is acked before the middleware runs; it labels the timing within this turn.
            setImmediate(() => observe(timing.label ?? unhandledLabel(res), seconds))
          })
        }
        return listener(req, res)
      }
    },
  }
}

/** Runs the rest of the request with its ids known: the app enters its log scope here. */
export type RequestScope = (ids: RequestIds, next: () => Promise<void>) => Promise<void>

/** The first global middleware: labels the ack timing and runs the request inside `scope`. */
export function observeRequests(
  scope: RequestScope,
  commandLabel?: CommandLabel,
): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const ids = requestIds(body, commandLabel)
    if (context.retryNum) ids.retry = context.retryNum
    const timing = context[ACK_TIMING] as AckTiming | undefined
    if (timing) timing.label = { kind: ids.kind, id: ids.id }
    await scope(ids, next)
  }
}
