// Acks never starve on the embedded database. PGlite runs Postgres on the main thread and its queries
// resolve in microtasks, so without src/db/yield-between-queries.ts a save's whole chain of queries holds
// the thread: the 2 s "Working…" timer cannot fire until the save ends. Here every statement PGlite runs
// is made slow by busy-waiting (the main thread held, as by a heavy query), the staff member is mapped by
// Slack id (no Slack call, so no I/O in the save), and the save must still be acknowledged in time.
// Timings are generous: what fails is a deadline that waits for the whole save (~2.5 s or more here).
import { PGlite } from '@electric-sql/pglite'
import { afterEach, describe, expect, it } from 'vitest'
import { ackedView, groupValues, openForm, submit, textOf } from '../slack/forms/helpers.ts'
import { seedWorld } from '../support/seed.ts'
import { useSlackApp } from '../support/slack-app.ts'

/** Holds the main thread for `ms` before each protocol exchange PGlite runs, while set. */
let slowMs = 0
const proto = PGlite.prototype as unknown as { execProtocolRawSync(...args: unknown[]): unknown }
const original = proto.execProtocolRawSync
proto.execProtocolRawSync = function (this: unknown, ...args: unknown[]) {
  const until = performance.now() + slowMs
  while (performance.now() < until) {
    // busy: nothing else on this thread runs, exactly like a long query
  }
  return original.apply(this, args)
}

const DEADLINE_MS = 1000

describe('a slow embedded database', () => {
  const t = useSlackApp({ viewAckDeadlineMs: DEADLINE_MS })
  afterEach(() => {
    slowMs = 0
  })

  it('still acks a save with the Working… view by the deadline, then sends its answer', async () => {
    const w = await seedWorld(t.db(), {
      users: [{ name: 'Priya', role: 'admin', slackUserId: 'U1' }, { name: 'Alex' }],
      customers: [{ name: 'Zylker' }, { name: 'Acme' }],
      groups: [{ name: 'Zoho', customers: ['Zylker', 'Acme'], users: ['Alex'] }],
    })
    const form = await openForm(t, 'U1', 'group Zoho')
    slowMs = 60
    const started = performance.now()
    const ack = await submit(
      t,
      'U1',
      form.view,
      groupValues(w, { name: 'Zoho', customers: ['Acme'], users: ['Alex'] }),
    )
    const ackedAfter = performance.now() - started
    const working = ackedView(ack, 'update')
    expect(working.title?.text).toBe('Working…')
    const externalId = (ack.body.view as { external_id?: string }).external_id
    const update = await t.fake.waitForCall('views.update', (c) => c.args.external_id === externalId, 20_000)
    const answeredAfter = performance.now() - started
    slowMs = 0
    expect(textOf(update.args.view)).toContain('Alex removed from Zylker')
    // The save really was longer than the deadline plus one slow statement, and the ack did not wait for it.
    expect(answeredAfter).toBeGreaterThan(DEADLINE_MS + 500)
    expect(ackedAfter).toBeLessThan(answeredAfter - 300)
    expect(ackedAfter).toBeLessThan(3000)
  }, 30_000)
})
