// A save still running at the ack deadline: the ack says "Working…", and the answer replaces that view.
// The embedded database works in microtasks, so the deadline timer can only fire while the save waits on
// real I/O: here, Slack's users.info for a staff member not yet mapped by Slack id.
import { describe, expect, it } from 'vitest'
import { seedWorld } from '../../support/seed.ts'
import { useSlackApp } from '../../support/slack-app.ts'
import { ackedView, groupValues, openForm, submit, textOf } from './helpers.ts'

describe('a save slower than the ack deadline', () => {
  const t = useSlackApp({ viewAckDeadlineMs: 0 }) // every save is "slow"

  async function seed() {
    return seedWorld(t.db(), {
      users: [{ name: 'Priya', role: 'admin', slackUserId: 'U1' }, { name: 'Alex' }],
      customers: [{ name: 'Zylker' }, { name: 'Acme' }],
      groups: [{ name: 'Zoho', customers: ['Zylker', 'Acme'], users: ['Alex'] }],
    })
  }

  /** Opens the form, then forgets the Slack id so the submission must ask Slack who U1 is. */
  async function openFormNeedingLookup() {
    const form = await openForm(t, 'U1', 'group Zoho')
    await t.db().mspUser.update({ where: { slackUserId: 'U1' }, data: { slackUserId: null } })
    t.fake.addUser({ id: 'U1', email: 'priya@msp.example', name: 'priya' })
    return form
  }

  it('acks with a Working view, then puts the preview in its place', async () => {
    const w = await seed()
    const form = await openFormNeedingLookup()
    const ack = await submit(
      t,
      'U1',
      form.view,
      groupValues(w, { name: 'Zoho', customers: ['Acme'], users: ['Alex'] }),
    )
    const working = ackedView(ack, 'update')
    expect(working.title?.text).toBe('Working…')
    const externalId = (ack.body.view as { external_id?: string }).external_id
    expect(externalId).toMatch(/^working-/)
    const update = await t.fake.waitForCall('views.update', (c) => c.args.external_id === externalId)
    expect(textOf(update.args.view)).toContain('Alex removed from Zylker')
    expect(await t.db().groupCustomer.count()).toBe(2) // only previewed
  })

  it('turns field errors into a Not saved view, since the ack is gone', async () => {
    const w = await seed()
    const form = await openFormNeedingLookup()
    const ack = await submit(
      t,
      'U1',
      form.view,
      groupValues(w, { name: '   ', customers: ['Zylker', 'Acme'], users: ['Alex'] }),
    )
    const externalId = (ack.body.view as { external_id?: string }).external_id
    const update = await t.fake.waitForCall('views.update', (c) => c.args.external_id === externalId)
    expect(textOf(update.args.view)).toContain('A customer group needs a name.')
  })
})
