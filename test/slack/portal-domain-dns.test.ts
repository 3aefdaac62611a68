// The portal domain on Customer Preferences and its "Check DNS" button, end to end: signed requests into the
// real app, a fake resolver injected through the services, every Slack call checked by the fake Slack.
import { describe, expect, it } from 'vitest'
import type { DnsResolver } from '../../src/services/customers/portal-domain.ts'
import { PORTAL_DNS } from '../../src/slack/blocks/portal-domain.ts'
import type { RecordedCall } from '../support/fake-slack.ts'
import { useSlackApp } from '../support/slack-app.ts'
import { seedSlackWorld, slackStaff, slackStranger } from '../support/slack-worlds.ts'
import {
  asShownView,
  blockById,
  buttons,
  driver,
  type Json,
  settle,
  shownText,
} from './subcommands/driver.ts'

const US = 'customer-sp.site24x7.com'
const EU = 'customer-sp.site24x7.eu'
const PRIYA = slackStaff.priya.slackUserId // admin
const MAYA = slackStaff.maya.slackUserId // manager, in Zoho (Zylker, Globex)
const ALEX = slackStaff.alex.slackUserId // technician, on no customer
const VIC = slackStaff.vic.slackUserId // viewer, in Zoho

/** The fake DNS: a zone of name → CNAME targets or a node:dns error code; what was asked. */
const zone = new Map<string, string[] | string>()
const asked: string[] = []
const dns: DnsResolver = {
  async resolveCname(hostname) {
    asked.push(hostname)
    const entry = zone.get(hostname)
    if (entry === undefined) throw Object.assign(new Error('queryCname ENOTFOUND'), { code: 'ENOTFOUND' })
    if (typeof entry === 'string') throw Object.assign(new Error(`queryCname ${entry}`), { code: entry })
    return entry
  },
}

describe('Customer Preferences: portal domain and Check DNS', () => {
  const t = useSlackApp({ dnsResolver: dns })
  const d = driver(t)

  /** Zylker (US) and Globex (EU) with portal domains, in Zoho with Maya and Vic; Acme without one. */
  async function seed(zylkerDomain = 'status.zylker.example') {
    zone.clear()
    asked.length = 0
    return seedSlackWorld(t, {
      customers: [
        { name: 'Zylker', portalDomain: zylkerDomain },
        { name: 'Globex', dataCenter: 'eu', portalDomain: 'portal.globex.example' },
        { name: 'Acme' },
      ],
      groups: [{ name: 'Zoho', customers: ['Zylker', 'Globex'], users: ['Maya', 'Vic'] }],
    })
  }

  /** `/msp customer <name>` as Priya; the form as Slack shows it back (with something typed in it). */
  async function openForm(name: string, userId = PRIYA) {
    const { view } = await d.openModal(userId, `customer ${name}`)
    return { view, shown: asShownView(view, {}, `V0FORM${name.toUpperCase()}`) }
  }

  /**
   * Clicks Check DNS on `shownView` as `userId`: the result modal is pushed at once ("Looking up…") with the
   * click's trigger_id, then updated in place with the verdict. Returns the pushed and the final view.
   */
  async function checkDns(userId: string, shownView: Json, customerId: number) {
    const updatesBefore = t.fake.callsTo('views.update').length
    const { triggerId } = await d.click(userId, PORTAL_DNS.checkAction, String(customerId), {
      view: shownView,
    })
    const push = await t.fake.waitForCall('views.push', (c) => c.args.trigger_id === triggerId)
    const pushed = push.args.view as Json
    expect(pushed.callback_id).toBe(PORTAL_DNS.resultCallback)
    expect(shownText(pushed)).toContain('Looking up the CNAME record')
    await t.fake.waitFor(() => t.fake.callsTo('views.update').length > updatesBefore)
    const updates = t.fake.callsTo('views.update').slice(updatesBefore)
    expect(updates).toHaveLength(1)
    const update = updates[0] as RecordedCall
    expect((update.args.view as Json).callback_id).toBe(PORTAL_DNS.resultCallback)
    return { push, update, result: update.args.view as Json, shown: shownText(update.args.view) }
  }

  /** The code-formatted record in a result view's raw mrkdwn. */
  const recordIn = (view: Json) => /`([^`]*)`/.exec(JSON.stringify(view.blocks))?.[1]

  it('the form shows the portal domain, the CNAME target it needs and Check DNS; EU customers need the .eu target', async () => {
    const w = await seed()
    const { view } = await openForm('Zylker')
    const portal = blockById(view, PORTAL_DNS.block)
    expect(portal).toBeDefined()
    expect(shownText(portal)).toBe(
      `*Portal domain:* \`status.zylker.example\`\nIt needs a CNAME record to \`${US}\` (US data center).\nCheck DNS`,
    )
    expect(buttons([portal])).toEqual([
      { actionId: PORTAL_DNS.checkAction, value: String(w.customerId('Zylker')), text: 'Check DNS' },
    ])

    const globex = blockById((await openForm('Globex')).view, PORTAL_DNS.block)
    expect(shownText(globex)).toContain(`needs a CNAME record to \`${EU}\` (EU data center)`)
  })

  it('a customer without a portal domain says so, with the target it would need, and has no Check DNS', async () => {
    await seed()
    const portal = blockById((await openForm('Acme')).view, PORTAL_DNS.block)
    expect(shownText(portal)).toBe(
      `*Portal domain:* no portal domain. A portal domain needs a CNAME record to \`${US}\` (US data center).`,
    )
    expect(buttons([portal])).toEqual([])
  })

  it('ok: pushed over the form (which is left as it is), names the target and the record found', async () => {
    const w = await seed()
    zone.set('status.zylker.example', [`${US.toUpperCase()}.`])
    const { view, shown } = await openForm('Zylker')
    const { push, update, result, shown: text } = await checkDns(PRIYA, shown, w.customerId('Zylker'))
    expect(text).toContain(`OK: status.zylker.example points at ${US}.`)
    expect(recordIn(result)).toBe(`status.zylker.example. CNAME ${US}.`)
    expect(asked).toEqual(['status.zylker.example'])
    // The result is its own view over the form: the form is never rewritten, so what was typed stays.
    expect(update.args.view_id).toBeDefined()
    expect(update.args.view_id).not.toBe(shown.id)
    expect(t.fake.callsTo('views.update').filter((c) => c.args.view_id === shown.id)).toEqual([])
    expect((push.args.view as Json).close).toMatchObject({ text: 'Back' })
    expect(view.callback_id).toBe('customer_preferences')
  })

  it('missing: NXDOMAIN and a name without CNAME both give the exact record to add', async () => {
    const w = await seed()
    const { shown } = await openForm('Zylker')
    const nx = await checkDns(PRIYA, shown, w.customerId('Zylker'))
    expect(nx.shown).toContain('Missing: status.zylker.example does not exist in DNS (NXDOMAIN)')
    expect(nx.shown).toContain('Add this record at the DNS provider of the domain:')
    expect(recordIn(nx.result)).toBe(`status.zylker.example. CNAME ${US}.`)

    zone.set('status.zylker.example', 'ENODATA')
    const noData = await checkDns(PRIYA, asShownView((await openForm('Zylker')).view), w.customerId('Zylker'))
    expect(noData.shown).toContain('Missing: status.zylker.example has no CNAME record.')
    expect(recordIn(noData.result)).toBe(`status.zylker.example. CNAME ${US}.`)
  })

  it('wrong target: names where it points; an EU customer pointing at the US target is wrong too', async () => {
    const w = await seed()
    zone.set('portal.globex.example', [US])
    const { shown } = await openForm('Globex')
    const wrong = await checkDns(PRIYA, shown, w.customerId('Globex'))
    expect(wrong.shown).toContain(`Wrong target: portal.globex.example points at ${US}, not at ${EU}.`)
    expect(wrong.shown).toContain('Replace that CNAME record with this one:')
    expect(recordIn(wrong.result)).toBe(`portal.globex.example. CNAME ${EU}.`)
  })

  it('lookup failed (timeout, SERVFAIL) says to try again; Check again re-runs in the same view', async () => {
    const w = await seed()
    zone.set('status.zylker.example', 'ETIMEOUT')
    const { shown } = await openForm('Zylker')
    const first = await checkDns(PRIYA, shown, w.customerId('Zylker'))
    expect(first.shown).toContain('Lookup failed: no DNS server answered in time')
    expect(first.shown).toContain('Try again in a minute.')
    expect(recordIn(first.result)).toBe(`status.zylker.example. CNAME ${US}.`)
    const again = buttons(first.result.blocks).find((b) => b.text === 'Check again')
    expect(again).toEqual({
      actionId: PORTAL_DNS.checkAction,
      value: String(w.customerId('Zylker')),
      text: 'Check again',
    })

    // DNS answers now (SERVFAIL), then right: each Check again updates the result view itself, nothing pushed.
    zone.set('status.zylker.example', 'ESERVFAIL')
    const resultId = String(first.update.args.view_id)
    const pushes = t.fake.callsTo('views.push').length
    const clickAgain = async (view: Json) => {
      const before = t.fake.callsTo('views.update').length
      await d.click(PRIYA, PORTAL_DNS.checkAction, String(w.customerId('Zylker')), {
        view: asShownView(view, {}, resultId),
      })
      // "Looking up…" then the verdict, both on the result view
      const isDone = (c: RecordedCall) => !shownText(c.args.view).includes('Looking up')
      await t.fake.waitFor(() => t.fake.callsTo('views.update').slice(before).some(isDone))
      const updates = t.fake.callsTo('views.update').slice(before)
      expect(updates.map((c) => c.args.view_id)).toEqual([resultId, resultId])
      return updates.at(-1)?.args.view as Json
    }
    const servfail = await clickAgain(first.result)
    expect(shownText(servfail)).toContain('Lookup failed: the DNS server failed (SERVFAIL)')
    zone.set('status.zylker.example', [US])
    expect(shownText(await clickAgain(servfail))).toContain(`OK: status.zylker.example points at ${US}.`)
    expect(t.fake.callsTo('views.push').length).toBe(pushes)
  })

  it('anyone who may read the customer may check: a viewer on an associated customer yes, others refused', async () => {
    const w = await seed()
    zone.set('status.zylker.example', [US])
    const { shown } = await openForm('Zylker')
    // Vic (viewer) is associated with Zylker through Zoho.
    expect((await checkDns(VIC, shown, w.customerId('Zylker'))).shown).toContain('OK: status.zylker.example')
    expect(asked).toEqual(['status.zylker.example'])

    // Alex (technician) is not: the result view says so and nothing is looked up.
    const refused = await checkDns(ALEX, shown, w.customerId('Zylker'))
    expect(refused.shown).toContain('You are not associated with Zylker')
    expect(buttons(refused.result.blocks)).toEqual([])
    expect(asked).toEqual(['status.zylker.example'])

    // Maya (manager, associated) may; and on Acme, outside her scope, she is refused.
    expect((await checkDns(MAYA, shown, w.customerId('Zylker'))).shown).toContain('OK:')
    expect((await checkDns(MAYA, shown, w.customerId('Acme'))).shown).toContain(
      'You are not associated with Acme',
    )
  })

  it('someone who is not an MSP user gets an ephemeral refusal and no modal', async () => {
    const w = await seed()
    t.fake.addUser(slackStranger)
    const { shown } = await openForm('Zylker')
    const pushesBefore = t.fake.callsTo('views.push').length
    const responseUrl = t.fake.responseUrl()
    await d.click(slackStranger.id, PORTAL_DNS.checkAction, String(w.customerId('Zylker')), {
      view: asShownView(shown, {}, 'V0FORMSTRANGER'),
      responseUrl,
    })
    // The answer goes where the form came from (its command's response_url), or ephemeral in the channel.
    const refusal = await t.fake.waitFor(
      (e) =>
        e.kind === 'response' ||
        (e.kind === 'call' && (e.method === 'chat.postEphemeral' || e.method === 'chat.postMessage')),
    )
    expect(shownText(refusal.kind === 'call' ? refusal.args : refusal.body)).toContain(
      'You are not an MSP user here',
    )
    await settle()
    expect(t.fake.callsTo('views.push').length).toBe(pushesBefore)
    expect(asked).toEqual([])
  })

  it('when Slack cannot show the result modal (push_limit_reached) the result comes as an ephemeral message', async () => {
    const w = await seed()
    zone.set('status.zylker.example', ['old-portal.example.net'])
    const { shown } = await openForm('Zylker')
    t.fake.failNext('views.push', { error: 'push_limit_reached' })
    await d.click(PRIYA, PORTAL_DNS.checkAction, String(w.customerId('Zylker')), { view: shown })
    // The form's origin is its command: the answer goes to that response_url, ephemeral.
    const reply = await t.fake.waitForResponse((r) => shownText(r.body).includes('Wrong target'))
    expect(reply.body.response_type).toBe('ephemeral')
    expect(shownText(reply.body)).toContain(
      `Wrong target: status.zylker.example points at old-portal.example.net, not at ${US}.`,
    )
    expect(recordIn(reply.body)).toBe(`status.zylker.example. CNAME ${US}.`)
    expect(buttons(reply.body.blocks).map((b) => b.text)).toEqual(['Check again'])
    await settle()
    expect(t.fake.callsTo('views.update')).toEqual([])

    // Check again in that message (no modal around it) opens the result modal with the click's trigger_id.
    zone.set('status.zylker.example', [US])
    const { triggerId } = await d.click(PRIYA, PORTAL_DNS.checkAction, String(w.customerId('Zylker')), {
      responseUrl: t.fake.responseUrl(),
    })
    const opened = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId)
    expect((opened.args.view as Json).callback_id).toBe(PORTAL_DNS.resultCallback)
    const update = await t.fake.waitForCall('views.update')
    expect(shownText(update.args.view)).toContain(`OK: status.zylker.example points at ${US}.`)
  })

  it('a customer deleted meanwhile: the result says so; nothing looked up', async () => {
    const w = await seed()
    const { shown } = await openForm('Zylker')
    await t.db().customer.delete({ where: { id: w.customerId('Zylker') } })
    const gone = await checkDns(PRIYA, shown, w.customerId('Zylker'))
    expect(gone.shown).toContain('That customer no longer exists')
    expect(asked).toEqual([])
  })

  it('a stored domain with markup is escaped, shown as typed, and not looked up', async () => {
    const hostile = '<!channel> *x* & `y`'
    const w = await seed(hostile)
    const { view, shown } = await openForm('Zylker')
    const raw = JSON.stringify(blockById(view, PORTAL_DNS.block))
    expect(raw).not.toContain('<!channel>')
    expect(shownText(blockById(view, PORTAL_DNS.block))).toContain(hostile)
    const invalid = await checkDns(PRIYA, shown, w.customerId('Zylker'))
    expect(JSON.stringify(invalid.result)).not.toContain('<!channel>')
    expect(invalid.shown).toContain(`"${hostile}", is not a valid host name`)
    expect(asked).toEqual([])
  })
})
