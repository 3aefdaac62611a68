// App Home (counts, pending previews, blocked saves, one publish per delivery, Add Customer Group) and the
// options of the customer picker (block_suggestion for pick_customers).
import { describe, expect, it } from 'vitest'
import { membershipDump } from '../../support/seed.ts'
import { NOTIFY_CHANNEL, useSlackApp } from '../../support/slack-app.ts'
import { seedSlackWorld, slackStaff, slackStranger } from '../../support/slack-worlds.ts'
import {
  asShownView,
  buttons,
  driver,
  groupValues,
  type Json,
  settle,
  shownText,
  userValues,
} from './driver.ts'

const t = useSlackApp()
const slack = driver(t)

/**
 * Admin Priya, technician Alex, viewer Vic.
 * Zoho: Zylker (Account Contact Alex), Zoho Corp / Alex. Site24x7: Acme / Alex.
 */
async function seed() {
  return seedSlackWorld(
    t,
    {
      customers: [
        { name: 'Zylker', accountContact: 'Alex' },
        { name: 'Zoho Corp' },
        { name: 'Acme' },
        { name: 'Initech' },
      ],
      groups: [
        { name: 'Zoho', customers: ['Zylker', 'Zoho Corp'], users: ['Alex'] },
        { name: 'Site24x7', customers: ['Acme'], users: ['Alex'] },
      ],
    },
    [slackStaff.priya, slackStaff.alex, slackStaff.vic],
  )
}

let eventCounter = 0
const newEventId = () => {
  eventCounter += 1
  return `Ev0HOME${String(eventCounter).padStart(4, '0')}`
}

/** Opens App Home as `userId` and returns the published view. */
async function openHome(userId: string): Promise<Json> {
  const publishes = () => t.fake.callsTo('views.publish').filter((c) => c.args.user_id === userId)
  const before = publishes().length
  await slack.homeOpened(userId, newEventId())
  await t.fake.waitFor(() => publishes().length > before)
  const view = publishes()[before]?.args.view as Json
  expect(view.type).toBe('home')
  return view
}

describe('App Home', () => {
  it('publishes counts for the person: customers they can act on, groups, MSP users', async () => {
    await seed()
    const admin = shownText(await openHome('U0PRIYA'))
    expect(admin).toContain('Hello Priya (admin). You can act on *4* customers')
    expect(admin).toContain('the book has *2* customer groups and *3* MSP users')
    expect(admin).toContain('Your previews awaiting Confirm: *0*')
    expect(admin).not.toContain('Approvals')
    expect(admin).toContain('*Recent blocked saves*\nNone.')
    const tech = shownText(await openHome('U0ALEX'))
    expect(tech).toContain('Hello Alex (technician). You can act on *3* customers')
    const viewer = shownText(await openHome('U0VIC'))
    expect(viewer).toContain('You can act on *0* customers')
  })

  it('shows the person’s pending previews and the latest blocked saves', async () => {
    const w = await seed()
    // A preview left unconfirmed: Alex out of Site24x7 (so off Acme).
    const first = await slack.openModal('U0PRIYA', 'user alex@msp.example')
    const preview = await slack.submit('U0PRIYA', first.view, userValues(w.groupIds('Zoho'), 'technician'))
    expect(preview.ack.response_action).toBe('push')
    // A blocked save: Alex out of Zoho, but Alex is Zylker's Account Contact.
    const second = await slack.openModal('U0PRIYA', 'user alex@msp.example')
    const blocked = await slack.submit(
      'U0PRIYA',
      second.view,
      userValues(w.groupIds('Site24x7'), 'technician'),
    )
    expect(blocked.ack.response_action).toBe('push')
    expect((blocked.ack.view as { title: { text: string } }).title.text).toBe('Save blocked')
    const notice = await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === NOTIFY_CHANNEL)
    expect(String(notice.args.text)).toContain('Alex on Zylker (change the Account Contact of Zylker first)')

    const home = shownText(await openHome('U0PRIYA'))
    expect(home).toContain('Your previews awaiting Confirm: *1*')
    expect(home).not.toContain('None.')
    expect(home).toMatch(
      /`\d{4}-\d\d-\d\d \d\d:\d\d` Priya → \*alex@msp\.example\* — Alex on Zylker: change the Account Contact of Zylker first/,
    )
    // Someone else has no previews of their own waiting.
    expect(shownText(await openHome('U0ALEX'))).toContain('Your previews awaiting Confirm: *0*')
  })

  it('recent blocked saves show only those touching the person’s customers (all for an admin)', async () => {
    const w = await seed()
    // Blocked: Alex out of Zoho, but Alex is Zylker's Account Contact (about Zylker and Zoho Corp).
    const form = await slack.openModal('U0PRIYA', 'user alex@msp.example')
    const blocked = await slack.submit('U0PRIYA', form.view, userValues(w.groupIds('Site24x7'), 'technician'))
    expect((blocked.ack.view as { title: { text: string } }).title.text).toBe('Save blocked')
    const line = /Priya → \*alex@msp\.example\* — Alex on Zylker: change the Account Contact of Zylker first/
    expect(shownText(await openHome('U0PRIYA'))).toMatch(line)
    expect(shownText(await openHome('U0ALEX'))).toMatch(line)
    // Vic is associated with no customer: none of it is his to see.
    const viewer = shownText(await openHome('U0VIC'))
    expect(viewer).toContain('*Recent blocked saves*\nNone.')
    expect(viewer).not.toContain('Zylker')
  })

  it('previews older than the pending-plan TTL no longer count as awaiting Confirm', async () => {
    const w = await seed()
    const preview = async () => {
      const form = await slack.openModal('U0PRIYA', 'user alex@msp.example')
      const { ack } = await slack.submit('U0PRIYA', form.view, userValues(w.groupIds('Zoho'), 'technician'))
      expect(ack.response_action).toBe('push')
    }
    await preview()
    expect(shownText(await openHome('U0PRIYA'))).toContain('Your previews awaiting Confirm: *1*')
    // It expires (PENDING_PLAN_TTL_MINUTES = 60): it can no longer be confirmed, so it no longer waits.
    await t.db().pendingPlan.updateMany({ data: { createdAt: new Date(Date.now() - 61 * 60_000) } })
    expect(shownText(await openHome('U0PRIYA'))).toContain('Your previews awaiting Confirm: *0*')
    await preview()
    expect(shownText(await openHome('U0PRIYA'))).toContain('Your previews awaiting Confirm: *1*')
  })

  it('a retried delivery of the same event (X-Slack-Retry-Num) publishes only once', async () => {
    await seed()
    const eventId = newEventId()
    await slack.homeOpened('U0PRIYA', eventId)
    await slack.published('U0PRIYA')
    await slack.homeOpened('U0PRIYA', eventId, 1)
    await slack.homeOpened('U0PRIYA', eventId, 2)
    // A later, different event is handled: by then the retries have been dropped.
    await slack.homeOpened('U0ALEX', newEventId())
    await slack.published('U0ALEX')
    await settle(200)
    expect(t.fake.callsTo('views.publish').filter((c) => c.args.user_id === 'U0PRIYA')).toHaveLength(1)
  })

  it('the Messages tab publishes nothing; a stranger gets a home that says who may use the app', async () => {
    await seed()
    await slack.homeOpened('U0PRIYA', newEventId(), undefined, 'messages')
    t.fake.addUser(slackStranger)
    const home = shownText(await openHome('U0STRANGER'))
    expect(t.fake.callsTo('views.publish').map((c) => c.args.user_id)).toEqual(['U0STRANGER'])
    expect(home).toContain('You are not an MSP user here')
    expect(home).not.toContain('Add Customer Group')
  })

  it('the Add Customer Group button on the Home tab opens the Add Customer Group modal', async () => {
    const w = await seed()
    const home = await openHome('U0PRIYA')
    const add = buttons(home.blocks).find((b) => b.actionId === 'add_group')
    expect(add?.text).toBe('Add Customer Group')
    const { triggerId } = await slack.click('U0PRIYA', 'add_group', add?.value ?? '', {
      view: asShownView(home, {}, 'V0HOMETAB'),
    })
    const open = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId)
    const modal = open.args.view as Json
    expect(modal.callback_id).toBe('add_customer_group')
    expect((modal.title as { text: string }).text).toBe('Add Customer Group')
    // Not pushed: there is no modal on the Home tab to push onto.
    expect(t.fake.callsTo('views.push')).toEqual([])

    // Submitting it works; the result goes to the person by DM (no channel behind the Home tab).
    const { ack } = await slack.submit(
      'U0PRIYA',
      modal,
      groupValues({ name: 'From Home', customerIds: w.customerIds('Initech') }),
    )
    expect(ack).toEqual({ response_action: 'clear' })
    const dm = await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U0PRIYA')
    expect(String(dm.args.text)).toContain('Added group From Home')
    expect((await membershipDump(t.db())).groupCustomers).toContain('From Home∋Initech')
  })

  it('a viewer clicking Add Customer Group on Home is told the role needed, and nothing opens', async () => {
    await seed()
    const home = await openHome('U0VIC')
    await slack.click('U0VIC', 'add_group', 'add', { view: asShownView(home, {}, 'V0HOMEVIC') })
    const refusal = await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U0VIC')
    expect(String(refusal.args.text)).toContain('needs the manager role; you are viewer')
    expect(t.fake.callsTo('views.open')).toEqual([])
  })
})

describe('block_suggestion: pick_customers', () => {
  /** The Add Customer Group modal as Slack holds it, for options loads from inside it. */
  async function addGroupModal(userId: string) {
    const { view } = await slack.openModal(userId, 'group add')
    return asShownView(view)
  }

  it('offers only the customers associated with the person (below admin)', async () => {
    const w = await seed()
    await t.db().mspUser.update({ where: { id: w.userId('Alex') }, data: { role: 'manager' } })
    const modal = await addGroupModal('U0ALEX')
    const all = await slack.suggest('U0ALEX', 'pick_customers', 'customers', '', modal)
    expect(all).toEqual([
      { text: 'Acme', value: String(w.customerId('Acme')) },
      { text: 'Zoho Corp', value: String(w.customerId('Zoho Corp')) },
      { text: 'Zylker', value: String(w.customerId('Zylker')) },
    ])
    expect(
      (await slack.suggest('U0ALEX', 'pick_customers', 'customers', 'initech', modal)).map((o) => o.text),
    ).toEqual([])
    const admin = await addGroupModal('U0PRIYA')
    expect(
      (await slack.suggest('U0PRIYA', 'pick_customers', 'customers', '', admin)).map((o) => o.text),
    ).toEqual(['Acme', 'Initech', 'Zoho Corp', 'Zylker'])
  })

  it('search is a case-insensitive substring', async () => {
    await seed()
    const modal = await addGroupModal('U0PRIYA')
    const names = async (typed: string) =>
      (await slack.suggest('U0PRIYA', 'pick_customers', 'customers', typed, modal)).map((o) => o.text)
    expect(await names('z')).toEqual(['Zoho Corp', 'Zylker'])
    expect(await names('ZY')).toEqual(['Zylker'])
    expect(await names('cOrP')).toEqual(['Zoho Corp'])
    expect(await names('lke')).toEqual(['Zylker'])
    expect(await names('nothing')).toEqual([])
  })

  it('an unmapped Slack user gets no options', async () => {
    await seed()
    t.fake.addUser(slackStranger)
    expect(await slack.suggest('U0STRANGER', 'pick_customers', 'customers', '')).toEqual([])
  })

  it('never more than Slack’s 100 options', async () => {
    await seedSlackWorld(t, {}, [slackStaff.priya])
    const names = Array.from({ length: 150 }, (_, i) => `Customer ${String(i + 1).padStart(3, '0')}`)
    await t.db().customer.createMany({ data: names.map((name) => ({ name, nameKey: name.toLowerCase() })) })
    const modal = await addGroupModal('U0PRIYA')
    const all = await slack.suggest('U0PRIYA', 'pick_customers', 'customers', '', modal)
    expect(all).toHaveLength(100)
    expect(all.map((o) => o.text)).toEqual(names.slice(0, 100))
    const some = await slack.suggest('U0PRIYA', 'pick_customers', 'customers', 'CUSTOMER 1', modal)
    expect(some.map((o) => o.text)).toEqual(names.filter((n) => n.includes('Customer 1')))
  })
})
