import { describe, expect, it } from 'vitest'
import { RecentKeys } from '../../../src/slack/middleware/idempotency.ts'
import { seedWorld } from '../../support/seed.ts'
import { SIGNING_SECRET, useSlackApp } from '../../support/slack-app.ts'
import { postSigned, slashCommandBody } from '../../support/slack-request.ts'

describe('RecentKeys', () => {
  it('remembers keys up to its capacity, forgetting the oldest first', () => {
    const keys = new RecentKeys(2)
    expect(keys.add('a')).toBe(true)
    expect(keys.add('a')).toBe(false)
    expect(keys.add('b')).toBe(true)
    expect(keys.add('c')).toBe(true) // forgets a
    expect(keys.add('b')).toBe(false)
    expect(keys.add('a')).toBe(true)
  })
})

describe('deliveries run once, across processes sharing a PostgreSQL database', () => {
  const t = useSlackApp({ sharedDatabase: true })
  const send = (triggerId: string, retryNum?: number) =>
    postSigned(
      t.url(),
      SIGNING_SECRET,
      slashCommandBody({
        text: 'customer Zylker',
        userId: 'U1',
        responseUrl: t.fake.responseUrl(),
        triggerId,
      }),
      { contentType: 'application/x-www-form-urlencoded', retryNum },
    )

  it('records each first delivery for retries that reach another process', async () => {
    await seedWorld(t.db(), {
      users: [{ name: 'Priya', role: 'admin', slackUserId: 'U1' }],
      customers: [{ name: 'Zylker' }],
    })
    expect((await send('1.trig.first')).status).toBe(200)
    await t.fake.waitForCall('views.open')
    await expect.poll(() => t.db().idempotencyKey.count({ where: { key: 'trigger:1.trig.first' } })).toBe(1)
  })

  it('drops a retry that another process already ran (its key is only in the database)', async () => {
    await seedWorld(t.db(), {
      users: [{ name: 'Priya', role: 'admin', slackUserId: 'U1' }],
      customers: [{ name: 'Zylker' }],
    })
    await t.db().idempotencyKey.create({ data: { key: 'trigger:2.trig.elsewhere' } })
    expect((await send('2.trig.elsewhere', 1)).status).toBe(200)
    expect((await send('3.trig.new', 1)).status).toBe(200) // a retry nobody ran yet does run
    await t.fake.waitForCall('views.open')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(t.fake.callsTo('views.open')).toHaveLength(1)
  })
})

describe('deliveries run once, on the embedded database (one process)', () => {
  const t = useSlackApp()
  it('keeps delivery keys in memory only, and still drops a retry', async () => {
    await seedWorld(t.db(), {
      users: [{ name: 'Priya', role: 'admin', slackUserId: 'U1' }],
      customers: [{ name: 'Zylker' }],
    })
    const body = slashCommandBody({
      text: 'customer Zylker',
      userId: 'U1',
      responseUrl: t.fake.responseUrl(),
      triggerId: '4.trig',
    })
    const form = 'application/x-www-form-urlencoded'
    expect((await postSigned(t.url(), SIGNING_SECRET, body, { contentType: form })).status).toBe(200)
    expect((await postSigned(t.url(), SIGNING_SECRET, body, { contentType: form, retryNum: 1 })).status).toBe(
      200,
    )
    await t.fake.waitForCall('views.open')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(t.fake.callsTo('views.open')).toHaveLength(1)
    expect(await t.db().idempotencyKey.count()).toBe(0)
  })
})
