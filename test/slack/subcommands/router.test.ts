// /msp end to end: the router (help, unknown subcommands, "did you mean", ambiguous and case-insensitive
// names, missing arguments) and the read-only lists /msp customers and /msp groups.
import { describe, expect, it } from 'vitest'
import { SUBCOMMANDS } from '../../../src/slack/subcommands/index.ts'
import { useSlackApp } from '../../support/slack-app.ts'
import { seedSlackWorld, slackStaff } from '../../support/slack-worlds.ts'
import { buttons, driver, elementOf, type Json, shownText, texts } from './driver.ts'

const t = useSlackApp()
const slack = driver(t)

/** Admin Priya, manager Maya, technician Alex, viewer Vic. Zoho (default): Zylker, Acme East / Alex, Maya. */
async function seed() {
  return seedSlackWorld(t, {
    customers: [
      { name: 'Zylker', accountContact: 'Alex' },
      { name: 'Acme East', dataCenter: 'eu' },
      { name: 'Acme West' },
      { name: 'Globex' },
    ],
    groups: [
      { name: 'Zoho', customers: ['Zylker', 'Acme East'], users: ['Alex', 'Maya'], default: true },
      { name: 'Site24x7', customers: ['Globex'] },
      { name: 'beta' },
      { name: 'Alpha' },
    ],
  })
}

/** Nothing but the reply: no modal opened, no message posted. */
function expectNoModalOrMessage() {
  for (const method of ['views.open', 'views.push', 'chat.postMessage', 'chat.postEphemeral'])
    expect(t.fake.callsTo(method), method).toEqual([])
}

describe('/msp help', () => {
  it('is shown to anyone in the workspace, even a Slack user who is no MSP user; other commands refuse them', async () => {
    await seed()
    t.fake.addUser({ id: 'U0GUEST', email: 'guest@elsewhere.example', name: 'guest' })
    const help = await slack.reply('U0GUEST', 'help')
    expect(help.shown).toContain('/msp customers [search]')
    const refused = await slack.reply('U0GUEST', 'customers')
    expect(refused.shown).toContain('You are not an MSP user here (guest@elsewhere.example)')
    expectNoModalOrMessage()
  })

  it('`/msp` and `/msp help` list every registered subcommand with its usage', async () => {
    await seed()
    const bare = await slack.reply('U0VIC', '')
    const help = await slack.reply('U0VIC', 'help')
    expect(SUBCOMMANDS.length).toBeGreaterThanOrEqual(8)
    for (const reply of [bare, help]) {
      for (const command of SUBCOMMANDS) {
        // As Slack shows it: a usage like `/msp customer <name>` must survive Slack's formatting.
        expect(reply.shown, command.name).toContain(command.usage)
        expect(reply.shown, command.name).toContain(command.summary)
      }
    }
    expect(bare.body.text).toEqual(help.body.text)
    // The roles the commands need are named next to them.
    expect(help.shown).toMatch(/`\/msp group <name>` — .*\(manager\+\)/)
    expectNoModalOrMessage()
  })

  it('the subcommands the design asks for are all there', () => {
    const names = SUBCOMMANDS.map((c) => c.name)
    for (const name of ['help', 'customers', 'customer', 'groups', 'group', 'group add', 'user', 'audit'])
      expect(names).toContain(name)
  })

  it('the raw mrkdwn escapes `<`, `>` and `&` outside control sequences', async () => {
    await seed()
    const { body } = await slack.reply('U0VIC', 'help')
    const text = String(body.text)
    expect(text).toContain('`/msp customer &lt;name&gt;`')
    // Every `<…>` left is a real control sequence (mention, channel, link): here there are none.
    expect(text.match(/<[^>]*>/g) ?? []).toEqual([])
  })
})

describe('/msp router', () => {
  it('an unknown subcommand suggests the closest one and writes nothing', async () => {
    await seed()
    const { shown } = await slack.reply('U0PRIYA', 'grops')
    expect(shown).toContain('Unknown subcommand “grops”')
    expect(shown).toMatch(/did you mean `\/msp groups`/i)
    expect(shown).toContain('/msp help')
    const other = await slack.reply('U0PRIYA', 'custmer Zylker')
    expect(other.shown).toMatch(/did you mean `\/msp customer <name>`/i)
    const nothingClose = await slack.reply('U0PRIYA', 'xyzzyplugh')
    expect(nothingClose.shown).not.toMatch(/did you mean/i)
    expect(nothingClose.shown).toContain('/msp help')
    expectNoModalOrMessage()
    expect(await t.db().auditLog.count()).toBe(0)
  })

  it('a misspelt customer name answers "Did you mean *Zylker*" and opens nothing', async () => {
    await seed()
    const { body, shown } = await slack.reply('U0PRIYA', 'customer Zylkr')
    expect(body.text).toContain('Did you mean *Zylker*')
    expect(shown).toContain('No customer named “Zylkr”')
    expect(shown).toContain('/msp customer <name>')
    const group = await slack.reply('U0PRIYA', 'group Zohoo')
    expect(group.body.text).toContain('Did you mean *Zoho*')
    expectNoModalOrMessage()
  })

  it('an ambiguous partial name lists the candidates and opens nothing', async () => {
    await seed()
    const { body } = await slack.reply('U0PRIYA', 'customer acme')
    expect(body.text).toContain('Several customers match “acme”')
    expect(body.text).toContain('*Acme East*')
    expect(body.text).toContain('*Acme West*')
    expect(body.text).not.toContain('Zylker')
    expectNoModalOrMessage()
  })

  it('a name below admin is looked up among the customers of the person only', async () => {
    await seed()
    // Maya is associated with Acme East only (through Zoho): "acme" is not ambiguous for her.
    const { view } = await slack.openModal('U0MAYA', 'customer acme')
    expect(texts(view.blocks)).toContain('*Acme East*')
    // A customer she cannot act on is not revealed by name.
    const other = await slack.reply('U0MAYA', 'customer Globex')
    expect(other.shown).toContain('No customer named “Globex”')
  })

  it('lookups are case-insensitive, for subcommands and names; a unique partial name is enough', async () => {
    const w = await seed()
    const upper = await slack.openModal('U0PRIYA', 'CUSTOMER ZYLKER')
    expect(upper.view.callback_id).toBe('customer_preferences')
    expect((upper.view.title as { text: string }).text).toBe('Customer Preferences')
    expect(texts(upper.view.blocks)[0]).toBe('*Zylker*')
    expect(JSON.parse(String(upper.view.private_metadata)).id).toBe(w.customerId('Zylker'))

    const spaced = await slack.openModal('U0PRIYA', 'customer   acme west')
    expect(texts(spaced.view.blocks)[0]).toBe('*Acme West*')

    const partial = await slack.openModal('U0PRIYA', 'customer glob')
    expect(texts(partial.view.blocks)[0]).toBe('*Globex*')

    const group = await slack.openModal('U0PRIYA', 'Group zOHO')
    expect(group.view.callback_id).toBe('customer_group')
    expect(elementOf(group.view, 'name').initial_value).toBe('Zoho')

    const list = await slack.reply('U0PRIYA', 'GROUPS')
    expect(list.body.text).toBe('4 customer groups')
  })

  it('`/msp customer`, `/msp group` and `/msp user` without a name answer with the usage', async () => {
    await seed()
    const customer = await slack.reply('U0PRIYA', 'customer')
    expect(customer.shown).toContain('Which customer?')
    expect(customer.shown).toContain('Usage: `/msp customer <name>`')
    const group = await slack.reply('U0PRIYA', 'group')
    expect(group.shown).toContain('`/msp group <name>`')
    expect(group.shown).toContain('`/msp group add`')
    const user = await slack.reply('U0PRIYA', 'user   ')
    expect(user.shown).toContain('`/msp user <email or @mention>`')
    expectNoModalOrMessage()
  })
})

/** The customer rows of a /msp customers reply: name and the Edit button's value. */
function customerRows(body: Json) {
  const blocks = (body.blocks ?? []) as Json[]
  return blocks
    .filter((b) => (b.accessory as Json | undefined)?.action_id === 'open_customer')
    .map((b) => ({
      name: /^\*([^*]+)\*/.exec((b.text as { text: string }).text)?.[1],
      value: (b.accessory as { value: string }).value,
    }))
}

describe('/msp customers [search]', () => {
  it('a technician sees only the customers associated with them', async () => {
    const w = await seed()
    const { body } = await slack.reply('U0ALEX', 'customers')
    expect(body.text).toBe('2 customers')
    expect(customerRows(body)).toEqual([
      { name: 'Acme East', value: String(w.customerId('Acme East')) },
      { name: 'Zylker', value: String(w.customerId('Zylker')) },
    ])
    const shown = shownText(body)
    expect(shown).toContain('*Acme East* (EU) — groups: Zoho; Account Contact: none')
    expect(shown).toContain('*Zylker* (US) — groups: Zoho; Account Contact: Alex')
    expect(shown).not.toContain('Globex')
    expect(shown).not.toContain('Acme West')
  })

  it('an admin sees every customer, by name', async () => {
    await seed()
    const { body } = await slack.reply('U0PRIYA', 'customers')
    expect(body.text).toBe('4 customers')
    expect(customerRows(body).map((r) => r.name)).toEqual(['Acme East', 'Acme West', 'Globex', 'Zylker'])
    expect(shownText(body)).toContain('*Globex* (US) — groups: Site24x7; Account Contact: none')
    expect(shownText(body)).toContain('*Acme West* (US) — groups: none')
  })

  it('search is a case-insensitive substring, within the person’s customers', async () => {
    await seed()
    const admin = await slack.reply('U0PRIYA', 'customers ACME')
    expect(customerRows(admin.body).map((r) => r.name)).toEqual(['Acme East', 'Acme West'])
    const middle = await slack.reply('U0PRIYA', 'customers lk')
    expect(customerRows(middle.body).map((r) => r.name)).toEqual(['Zylker'])
    const tech = await slack.reply('U0ALEX', 'customers acme')
    expect(customerRows(tech.body).map((r) => r.name)).toEqual(['Acme East'])
    const none = await slack.reply('U0ALEX', 'customers globex')
    expect(none.body.text).toBe('No customer of yours matches “globex”.')
    expect(customerRows(none.body)).toEqual([])
  })

  it('with no customers at all it says so', async () => {
    await seedSlackWorld(t, {}, [slackStaff.vic])
    const { body } = await slack.reply('U0VIC', 'customers')
    expect(body.text).toBe('No customers yet.')
  })

  it('each row’s Edit button opens that customer’s Customer Preferences', async () => {
    const w = await seed()
    const { body, sent } = await slack.reply('U0PRIYA', 'customers globex')
    const [edit] = buttons(body.blocks)
    expect(edit).toEqual({ actionId: 'open_customer', value: String(w.customerId('Globex')), text: 'Edit' })
    const { triggerId } = await slack.click('U0PRIYA', 'open_customer', edit?.value ?? '', {
      responseUrl: sent.responseUrl,
    })
    const open = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId)
    expect(texts((open.args.view as Json).blocks)[0]).toBe('*Globex*')
  })
})

describe('/msp groups', () => {
  it('lists the default group first, then the others alphabetically (case-insensitive)', async () => {
    const w = await seed()
    const { body } = await slack.reply('U0VIC', 'groups')
    expect(body.text).toBe('4 customer groups')
    const blocks = (body.blocks ?? []) as Json[]
    const rows = blocks.slice(1).map((b) => (b.text as { text: string }).text)
    expect(rows).toEqual([
      '*Zoho* (default) — 2 customers, 2 MSP users',
      '*Alpha* — 0 customers, 0 MSP users',
      '*beta* — 0 customers, 0 MSP users',
      '*Site24x7* — 1 customer, 0 MSP users',
    ])
    const edits = buttons(blocks).filter((b) => b.actionId === 'open_group')
    expect(edits.map((b) => b.value)).toEqual(w.groupIds('Zoho', 'Alpha', 'beta', 'Site24x7').map(String))
    expect(buttons(blocks).filter((b) => b.actionId === 'add_group')).toHaveLength(1)
    expectNoModalOrMessage()
  })

  it('with no default group, all groups are alphabetical', async () => {
    await seedSlackWorld(t, { groups: [{ name: 'Zeta' }, { name: 'alpha' }, { name: 'Mid' }] }, [
      slackStaff.vic,
    ])
    const { body } = await slack.reply('U0VIC', 'groups')
    const names = ((body.blocks ?? []) as Json[])
      .slice(1)
      .map((b) => /^\*([^*]+)\*/.exec((b.text as { text: string }).text)?.[1])
    expect(names).toEqual(['alpha', 'Mid', 'Zeta'])
  })

  it('with no groups it says so and still offers Add Customer Group', async () => {
    await seedSlackWorld(t, {}, [slackStaff.vic])
    const { body, shown } = await slack.reply('U0VIC', 'groups')
    expect(body.text).toBe('0 customer groups')
    expect(shown).toContain('No customer groups yet.')
    expect(buttons(body.blocks).map((b) => b.actionId)).toEqual(['add_group'])
  })
})
