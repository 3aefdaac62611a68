// A double-clicked Reinvite in `/msp portal` whose two clicks reach two app instances (each with its own
// memory) on one database: one invitation, one mail; the other click answers that it was sent already.
// Two Bolt apps in this process stand for the two instances (test/instances/two-instances.test.ts does it
// with two real processes on PostgreSQL). The per-process guard this replaced let both clicks through on
// PostgreSQL (the suite's server pass); on PGlite, whose queries take turns, the race rarely shows.
import { LogLevel } from '@slack/bolt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServices } from '../../../src/services/index.ts'
import { createSlackApp } from '../../../src/slack/app.ts'
import { parseRowRef } from '../../../src/slack/blocks/portal-values.ts'
import { type RunningApp, startBoltApp } from '../../support/bolt-app.ts'
import { auditRows } from '../../support/seed.ts'
import { BOT_TOKEN, NOTIFY_CHANNEL, SIGNING_SECRET, useSlackApp } from '../../support/slack-app.ts'
import { seedSlackWorld } from '../../support/slack-worlds.ts'
import { until } from '../../support/until.ts'
import { buttons, driver, shownText } from '../subcommands/driver.ts'

const WAIT_MS = 15_000

describe('/msp portal Reinvite double-clicked across two instances', () => {
  const t = useSlackApp()
  let second: RunningApp | undefined
  beforeAll(async () => {
    const { app } = createSlackApp({
      credentials: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN },
      deps: { services: createServices(t.db(), { sharedDatabase: false }), notifyChannel: NOTIFY_CHANNEL },
      slackApiUrl: t.fake.apiUrl,
      ping: async () => true,
      logLevel: LogLevel.ERROR,
    })
    second = await startBoltApp(app)
  })
  afterAll(async () => {
    await second?.stop()
  })

  it('sends one invitation; the other click says it was sent already', async () => {
    const w = await seedSlackWorld(t, {
      customers: [{ name: 'Zylker', portalDomain: 'status.zylker.example' }],
      groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex'] }],
    })
    const fay = await t.db().portalUser.create({
      data: {
        customerId: w.customerId('Zylker'),
        name: 'Fay',
        email: 'fay@portal.example',
        status: 'unconfirmed',
      },
    })
    await t.db().portalInvitation.create({
      data: {
        portalUserId: fay.id,
        tokenHash: 'seeded-fay-invitation',
        createdAt: new Date('2026-11-30T10:00:00Z'),
        expiresAt: new Date('2099-01-01T00:00:00Z'),
      },
    })
    const list = (await driver(t).reply('U0ALEX', 'portal Zylker')).body
    const reinvite = buttons(list.blocks).find(
      (b) => b.actionId === 'portal_reinvite' && parseRowRef(b.value)?.portalUserId === fay.id,
    )?.value
    if (!reinvite) throw new Error(`no Reinvite for Fay in:\n${shownText(list)}`)
    const other = { ...t, url: () => second?.url ?? '', db: t.db, fake: t.fake }

    const urls = [t.fake.responseUrl(), t.fake.responseUrl()]
    await Promise.all([
      driver(t).click('U0ALEX', 'portal_reinvite', reinvite, { responseUrl: urls[0] }),
      driver(other).click('U0ALEX', 'portal_reinvite', reinvite, { responseUrl: urls[1] }),
    ])
    const ids = urls.map((u) => decodeURIComponent(u.split('/').pop() ?? ''))
    const answer = await t.fake.waitForResponse(
      (r) => ids.includes(r.id) && r.body.replace_original === false,
      WAIT_MS,
    )
    expect(shownText(answer.body)).toContain('Fay was sent a new invitation already')
    await until(
      () =>
        t.fake.responses.filter((r) => ids.includes(r.id) && r.body.replace_original === true).length === 2,
      WAIT_MS,
    )
    expect(await t.db().portalInvitation.count({ where: { portalUserId: fay.id } })).toBe(2) // seeded + one
    expect(await t.db().outboxMail.count()).toBe(1)
    expect((await auditRows(t.db())).map((a) => a.action)).toEqual(['portal-user.reinvite'])
  })
})
