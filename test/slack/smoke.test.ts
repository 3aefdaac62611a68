import { describe, expect, it } from 'vitest'
import { SIGNING_SECRET, useSlackApp } from '../support/slack-app.ts'
import { slashCommand } from '../support/slack-request.ts'
import { seedSlackWorld } from '../support/slack-worlds.ts'
import { staff } from '../support/worlds.ts'

describe('smoke', () => {
  const t = useSlackApp()
  it('opens Customer Preferences for /msp customer zylker', async () => {
    await seedSlackWorld(
      t,
      {
        users: [{ name: 'Alex' }],
        customers: [{ name: 'Zylker' }],
        groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex'] }],
      },
      [staff.priya], // U1
    )
    const res = await slashCommand(t.url(), SIGNING_SECRET, {
      text: 'customer zylker',
      userId: 'U1',
      responseUrl: t.fake.responseUrl(),
    })
    expect(res.status).toBe(200)
    const call = await t.fake.waitForCall('views.open')
    expect(JSON.stringify(call.args)).toContain('Customer Preferences')
  })
})
