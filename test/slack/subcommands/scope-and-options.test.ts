// Customer scope on the buttons that open Customer Preferences (Edit, the Account Contact fix), who may
// load the forms' options, and exclusive mode's "taken" labels in the customer picker.
import { describe, expect, it } from 'vitest'
import { useSlackApp } from '../../support/slack-app.ts'
import { seedSlackWorld, slackStaff, slackStranger } from '../../support/slack-worlds.ts'
import { asShownView, driver, groupValues, type Json, settle } from './driver.ts'

const t = useSlackApp()
const slack = driver(t)

/**
 * Admin Priya, manager Maya, viewer Vic.
 * Zoho: Zylker / Maya. Site24x7: Acme / Maya. Globex and Initech are in no group (nobody's but admins').
 */
async function seed(settings?: { groupMode?: 'shared' | 'exclusive' }) {
  return seedSlackWorld(
    t,
    {
      settings,
      customers: [{ name: 'Zylker' }, { name: 'Acme' }, { name: 'Globex' }, { name: 'Initech' }],
      groups: [
        { name: 'Zoho', customers: ['Zylker'], users: ['Maya'] },
        { name: 'Site24x7', customers: ['Acme'], users: ['Maya'] },
      ],
    },
    [slackStaff.priya, slackStaff.maya, slackStaff.vic],
  )
}

/** Clicks `actionId` with `value` in a message; returns the reply to the click and any modal opened. */
async function clickInMessage(userId: string, actionId: string, value: string) {
  const responseUrl = t.fake.responseUrl()
  const { triggerId } = await slack.click(userId, actionId, value, { responseUrl })
  const shown = await t.fake.waitFor(
    (e) =>
      (e.kind === 'call' && e.method === 'views.open' && e.args.trigger_id === triggerId) ||
      (e.kind === 'response' && e.id === decodeURIComponent(responseUrl.split('/').pop() ?? '')),
  )
  return shown.kind === 'call'
    ? { modal: shown.args.view as Json, reply: undefined }
    : { modal: undefined, reply: shown.body }
}

describe('buttons that open Customer Preferences respect customer scope', () => {
  for (const actionId of ['open_customer', 'fix_account_contact']) {
    it(`${actionId}: a manager not associated with the customer is refused ephemerally, nothing opens`, async () => {
      const w = await seed()
      const { modal, reply } = await clickInMessage('U0MAYA', actionId, String(w.customerId('Globex')))
      expect(modal).toBeUndefined()
      expect(reply?.response_type).toBe('ephemeral')
      expect(String(reply?.text)).toBe(
        'You are not associated with Globex; ask an admin or an associated manager.',
      )
      await settle(100)
      expect(t.fake.callsTo('views.open')).toEqual([])
      expect(t.fake.callsTo('views.push')).toEqual([])
    })

    it(`${actionId}: opens for an associated manager, and for an admin on any customer`, async () => {
      const w = await seed()
      const own = await clickInMessage('U0MAYA', actionId, String(w.customerId('Zylker')))
      expect(own.modal?.callback_id).toBe('customer_preferences')
      const admin = await clickInMessage('U0PRIYA', actionId, String(w.customerId('Globex')))
      expect(admin.modal?.callback_id).toBe('customer_preferences')
    })
  }
})

describe('block_suggestion: who may load options', () => {
  const LOADERS = [
    { actionId: 'pick_groups', blockId: 'groups' },
    { actionId: 'pick_users', blockId: 'users' },
    { actionId: 'pick_account_contact', blockId: 'account_contact' },
  ]

  it('an unmapped Slack user gets no groups, MSP users or Account Contact options', async () => {
    await seed()
    t.fake.addUser(slackStranger)
    for (const { actionId, blockId } of LOADERS) {
      expect(await slack.suggest('U0STRANGER', actionId, blockId, ''), actionId).toEqual([])
      expect(await slack.suggest('U0GHOST', actionId, blockId, 'a'), actionId).toEqual([])
    }
  })

  it('any mapped staff member (a viewer too) gets them', async () => {
    await seed()
    const texts = async (actionId: string, blockId: string) =>
      (await slack.suggest('U0VIC', actionId, blockId, '')).map((o) => o.text)
    expect(await texts('pick_groups', 'groups')).toEqual(['Site24x7', 'Zoho'])
    const users = ['Maya (maya@msp.example)', 'Priya (priya@msp.example)', 'Vic (vic@msp.example)']
    expect(await texts('pick_users', 'users')).toEqual(users)
    expect(await texts('pick_account_contact', 'account_contact')).toEqual(users)
  })
})

describe('block_suggestion: pick_customers in exclusive mode', () => {
  const names = async (userId: string, view: Json, typed = '') =>
    (await slack.suggest(userId, 'pick_customers', 'customers', typed, view)).map((o) => o.text)

  it('Add Customer Group labels a customer another group holds as taken by it', async () => {
    await seed({ groupMode: 'exclusive' })
    const { view } = await slack.openModal('U0PRIYA', 'group add')
    expect(await names('U0PRIYA', asShownView(view))).toEqual([
      'Acme (taken by Site24x7)',
      'Globex',
      'Initech',
      'Zylker (taken by Zoho)',
    ])
    expect(await names('U0PRIYA', asShownView(view), 'zyl')).toEqual(['Zylker (taken by Zoho)'])
    // Below admin: the same labels, on one's own customers only.
    const maya = await slack.openModal('U0MAYA', 'group add')
    expect(await names('U0MAYA', asShownView(maya.view))).toEqual([
      'Acme (taken by Site24x7)',
      'Zylker (taken by Zoho)',
    ])
  })

  it('Edit Customer Group does not count the edited group as taking its own customers', async () => {
    await seed({ groupMode: 'exclusive' })
    const { view } = await slack.openModal('U0PRIYA', 'group Zoho')
    expect(await names('U0PRIYA', asShownView(view))).toEqual([
      'Acme (taken by Site24x7)',
      'Globex',
      'Initech',
      'Zylker',
    ])
  })

  it('in shared mode nothing is labelled', async () => {
    await seed()
    const { view } = await slack.openModal('U0PRIYA', 'group add')
    expect(await names('U0PRIYA', asShownView(view))).toEqual(['Acme', 'Globex', 'Initech', 'Zylker'])
  })

  it('a long name is clipped so the option text stays within 75 characters, the label kept', async () => {
    const w = await seed({ groupMode: 'exclusive' })
    const long = `Northwind ${'Traders '.repeat(10)}Holding`.trim()
    const customer = await t.db().customer.create({ data: { name: long, nameKey: long.toLowerCase() } })
    await t.db().groupCustomer.create({ data: { groupId: w.groupId('Site24x7'), customerId: customer.id } })
    const { view } = await slack.openModal('U0PRIYA', 'group add')
    const [text] = await names('U0PRIYA', asShownView(view), 'northwind')
    expect(text?.length).toBeLessThanOrEqual(75)
    expect(text).toMatch(/^Northwind Traders .*… \(taken by Site24x7\)$/)
  })

  it('saving a taken customer is still refused on the field', async () => {
    const w = await seed({ groupMode: 'exclusive' })
    const { view } = await slack.openModal('U0PRIYA', 'group add')
    const { ack } = await slack.submit(
      'U0PRIYA',
      view,
      groupValues({ name: 'Managed', customerIds: w.customerIds('Acme') }),
    )
    expect(ack.response_action).toBe('errors')
    expect(String((ack.errors as Record<string, string>).customers)).toContain('Acme is already in Site24x7')
    expect(await t.db().customerGroup.count({ where: { name: 'Managed' } })).toBe(0)
  })
})
