// A slash command's answer rides in its ack when it is ready before any I/O: help, a usage hint, or a list
// the read cache already holds. Otherwise the ack goes out empty at the end of this turn of the event loop,
// and the answer follows on response_url. The ack never waits for a query: every query needs at least one
// more turn (the embedded database's gate, a server's socket), and a response_url post costs more CPU than
// the rest of a cached answer (measured in `npm run bench`).
import { setImmediate as endOfTurn } from 'node:timers/promises'
import type { AckFn, RespondArguments, RespondFn } from '@slack/bolt'

/**
 * Runs `work`, whose answers go through the `send` it is given: the first in the ack if it comes within
 * this turn, the rest (and all, once the ack has gone) to response_url.
 */
export async function answerInAckWhenReady(
  ack: AckFn<string | RespondArguments>,
  respond: RespondFn,
  work: (send: (message: RespondArguments) => Promise<void>) => Promise<void>,
): Promise<void> {
  let acked = false
  const ackOnce = async (message?: RespondArguments) => {
    if (acked) return false
    acked = true
    await ack(message)
    return true
  }
  const send = async (message: RespondArguments) => {
    if (!(await ackOnce(message))) await respond(message)
  }
  const working = work(send)
  // A failure is the caller's to handle, after the ack: Slack must have it within 3 s either way.
  await Promise.race([working.catch(() => {}), endOfTurn()])
  await ackOnce()
  await working
}
