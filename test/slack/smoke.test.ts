import { describe, expect, it } from 'vitest'
import { seedWorld } from '../support/seed.ts'
import { SIGNING_SECRET, useSlackApp } from '../support/slack-app.ts'
import { slashCommand } from '../support/slack-request.ts'

describe('smoke', () => {
  const t = useSlackApp()
  it('opens Customer Preferences for /msp customer zylker', async () => {
    await seedWorld(t.db(), {
      users: [{ name: 'Priya', role: 'admin', slackUserId: 'U1' }, { name: 'Alex' }],
      customers: [{ name: 'Zylker' }],
      groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex'] }],
    })
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
