import { describe, expect, it } from 'vitest'
import { RecentKeys } from '../../../src/slack/middleware/idempotency.ts'
import { SIGNING_SECRET, type SlackAppHarness, useSlackApp } from '../../support/slack-app.ts'
import { postSigned, slashCommandBody } from '../../support/slack-request.ts'
import { seedSlackWorld } from '../../support/slack-worlds.ts'
import { staff } from '../../support/worlds.ts'

/** Priya (admin, Slack id U1) and the customer Zylker she opens with `/msp customer Zylker`. */
const seedPriyaAndZylker = (t: SlackAppHarness) =>
  seedSlackWorld(t, { customers: [{ name: 'Zylker' }] }, [staff.priya])

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
    await seedPriyaAndZylker(t)
    expect((await send('1.trig.first')).status).toBe(200)
    await t.fake.waitForCall('views.open')
    await expect.poll(() => t.db().idempotencyKey.count({ where: { key: 'trigger:1.trig.first' } })).toBe(1)
  })

  it('drops a retry that another process already ran (its key is only in the database)', async () => {
    await seedPriyaAndZylker(t)
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
    await seedPriyaAndZylker(t)
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
