// Subscriptions: the pool (admins set it, never below what is used), Apply Subscription (managers and
// admins; all or none; never removed or moved; the term setting), and applies at once never overspending.
import { describe, expect, it } from 'vitest'
import { applySubscriptionMessage } from '../../../src/messages/customer-users.ts'
import { problemMessage } from '../../../src/messages/problems.ts'
import { applySubscription } from '../../../src/services/customer-users/apply-subscription.ts'
import { setSubscriptionPool } from '../../../src/services/customer-users/set-subscription-pool.ts'
import { ServiceError } from '../../../src/services/errors.ts'
import { useTestDatabase } from '../../support/db.ts'
import { auditRows, outcomeAs } from '../../support/seed.ts'
import { insertManyUsers, insertUsers, problemsOf, seedCustomerUsersWorld, users } from './support.ts'

const db = useTestDatabase()
const prisma = () => db().prisma

const refusal = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ServiceError)
  return (error as ServiceError).problem
}

const now = new Date('2026-12-03T12:00:00.000Z')
const subscriptions = async () =>
  (await users(prisma())).map((u) => `${u.email}:${u.subscriptionExpiresAt?.toISOString() ?? '-'}`)

describe('the subscription pool', () => {
  it('is set by admins only, audited; the same size again writes nothing', async () => {
    const { priya, mona, zylker } = await seedCustomerUsersWorld(prisma())
    expect(await refusal(setSubscriptionPool(prisma(), mona, zylker, 5))).toEqual({
      code: 'staff.forbidden',
      capability: 'manageSubscriptionPool',
      needed: 'admin',
      actual: 'manager',
    })
    const set = outcomeAs(await setSubscriptionPool(prisma(), priya, zylker, 5), 'set')
    expect(set).toMatchObject({ before: 0, changed: true, pool: { purchased: 5, used: 0, free: 5 } })
    outcomeAs(await setSubscriptionPool(prisma(), priya, zylker, 5), 'set')
    expect(await auditRows(prisma())).toMatchObject([
      {
        action: 'customer.subscriptions',
        targetType: 'customer',
        targetName: 'Zylker',
        before: { subscriptionsPurchased: 0 },
        after: { subscriptionsPurchased: 5 },
      },
    ])
  })

  it('never goes below the users holding an unexpired subscription, nor below 0', async () => {
    const { priya, zylker } = await seedCustomerUsersWorld(prisma())
    await prisma().customer.update({ where: { id: zylker }, data: { subscriptionsPurchased: 3 } })
    const later = new Date(now.getTime() + 1000)
    await insertUsers(prisma(), zylker, [
      { email: 'a@zylker.example', firstName: 'A', lastName: 'A', subscriptionExpiresAt: later },
      {
        email: 'b@zylker.example',
        firstName: 'B',
        lastName: 'B',
        subscriptionExpiresAt: later,
        archived: true,
      },
      { email: 'c@zylker.example', firstName: 'C', lastName: 'C', subscriptionExpiresAt: now },
    ])
    const below = await setSubscriptionPool(prisma(), priya, zylker, 1, now)
    expect(problemsOf(below)).toEqual(['purchased:subscription.poolBelowUsed'])
    const problem = outcomeAs(below, 'invalid').problems[0]?.problem
    expect(problem && problemMessage(problem)).toBe(
      'Zylker has 2 users with a subscription: the pool cannot be smaller than 2.',
    )
    for (const bad of [-1, 1.5, Number.NaN, 2_000_000])
      expect(problemsOf(await setSubscriptionPool(prisma(), priya, zylker, bad, now))).toEqual([
        'purchased:subscription.poolInvalid',
      ])
    expect(outcomeAs(await setSubscriptionPool(prisma(), priya, zylker, 2, now), 'set').pool).toEqual({
      purchased: 2,
      used: 2,
      free: 0,
    })
  })
})

describe('Apply Subscription', () => {
  it('gives one user a subscription for the term (setting), and never changes it afterwards', async () => {
    const { priya, mona, zylker } = await seedCustomerUsersWorld(prisma())
    await prisma().customer.update({ where: { id: zylker }, data: { subscriptionsPurchased: 3 } })
    await insertUsers(prisma(), zylker, [
      { email: 'a@zylker.example', firstName: 'A', lastName: 'A' },
      { email: 'b@zylker.example', firstName: 'B', lastName: 'B' },
    ])
    const [a, b] = await users(prisma())
    const applied = outcomeAs(
      await applySubscription(prisma(), mona, zylker, { userId: a?.id ?? 0 }, now),
      'applied',
    )
    expect(applied).toMatchObject({
      applied: 1,
      alreadySubscribed: 0,
      expiresAt: new Date('2027-12-03T12:00:00.000Z'),
      pool: { purchased: 3, used: 1, free: 2 },
    })
    expect(applySubscriptionMessage(applied)).toBe(
      'Subscription applied to 1 user of Zylker, until 2027-12-03. Now 2 of 3 free.',
    )
    expect(await auditRows(prisma())).toMatchObject([
      {
        actorSlackId: 'U2',
        action: 'customer-user.subscription',
        targetName: 'a@zylker.example',
        customers: ['Zylker'],
        before: { subscriptionExpiresAt: null },
        after: { subscriptionExpiresAt: '2027-12-03T12:00:00' },
      },
    ])

    // permanence: applying again (even a month later, by an admin) changes nothing and takes nothing
    const before = await subscriptions()
    const again = outcomeAs(
      await applySubscription(
        prisma(),
        priya,
        zylker,
        { userId: a?.id ?? 0 },
        new Date('2027-01-03T00:00:00Z'),
      ),
      'applied',
    )
    expect(again).toMatchObject({ applied: 0, alreadySubscribed: 1, pool: { used: 1, free: 2 } })
    expect(await subscriptions()).toEqual(before)
    expect(await auditRows(prisma())).toHaveLength(1)

    // the term is a setting
    await prisma().setting.upsert({
      where: { id: 1 },
      create: { subscriptionTermMonths: 3 },
      update: { subscriptionTermMonths: 3 },
    })
    outcomeAs(await applySubscription(prisma(), mona, zylker, { userId: b?.id ?? 0 }, now), 'applied')
    expect(await subscriptions()).toEqual([
      'a@zylker.example:2027-12-03T12:00:00.000Z',
      'b@zylker.example:2027-03-03T12:00:00.000Z',
    ])
  })

  it('applies to all listed (search, every page, archived and subscribed left out) or to none', async () => {
    const { mona, zylker } = await seedCustomerUsersWorld(prisma())
    await insertManyUsers(prisma(), zylker, 300, 7) // L1…L300, every 7th archived
    await insertUsers(prisma(), zylker, [
      {
        email: 'sub@zylker.example',
        firstName: 'Has',
        lastName: 'L2x',
        subscriptionExpiresAt: new Date('2027-06-01T00:00:00Z'),
      },
      {
        email: 'old@zylker.example',
        firstName: 'Had',
        lastName: 'L2y',
        subscriptionExpiresAt: new Date('2026-06-01T00:00:00Z'),
      },
    ])
    // "L2": L2, L20–L29, L200–L299 = 111, minus 16 archived (7·k) = 95; + the expired one = 96 need one
    await prisma().customer.update({ where: { id: zylker }, data: { subscriptionsPurchased: 96 } })
    const short = outcomeAs(
      await applySubscription(prisma(), mona, zylker, { allListed: { search: 'l2' } }, now),
      'short',
    )
    expect(short).toMatchObject({ needed: 96, missing: 1, pool: { purchased: 96, used: 1, free: 95 } })
    expect(applySubscriptionMessage(short)).toContain(
      '96 users need one, 95 free — 1 subscription missing. None was applied',
    )
    expect(await prisma().customerUser.count({ where: { subscriptionExpiresAt: { gt: now } } })).toBe(1)
    expect(await auditRows(prisma())).toEqual([])

    await prisma().customer.update({ where: { id: zylker }, data: { subscriptionsPurchased: 97 } })
    const applied = outcomeAs(
      await applySubscription(prisma(), mona, zylker, { allListed: { search: 'l2' } }, now),
      'applied',
    )
    expect(applied).toMatchObject({
      applied: 96,
      alreadySubscribed: 1,
      pool: { purchased: 97, used: 97, free: 0 },
    })
    const rows = await users(prisma())
    const subscribed = rows.filter((u) => u.subscriptionExpiresAt && u.subscriptionExpiresAt > now)
    expect(subscribed).toHaveLength(97)
    expect(subscribed.some((u) => u.archived)).toBe(false)
    expect(rows.find((u) => u.email === 'sub@zylker.example')?.subscriptionExpiresAt?.toISOString()).toBe(
      '2027-06-01T00:00:00.000Z',
    )
    expect(rows.find((u) => u.email === 'old@zylker.example')?.subscriptionExpiresAt?.toISOString()).toBe(
      '2027-12-03T12:00:00.000Z',
    )
    expect(await prisma().auditLog.count({ where: { action: 'customer-user.subscription' } })).toBe(96)
  })

  it('gives archived users none, and a gone user is gone', async () => {
    const { mona, zylker } = await seedCustomerUsersWorld(prisma())
    await prisma().customer.update({ where: { id: zylker }, data: { subscriptionsPurchased: 3 } })
    await insertUsers(prisma(), zylker, [
      { email: 'a@zylker.example', firstName: 'A', lastName: 'A', archived: true },
    ])
    const [a] = await users(prisma())
    expect(
      outcomeAs(await applySubscription(prisma(), mona, zylker, { userId: a?.id ?? 0 }, now), 'applied'),
    ).toMatchObject({
      applied: 0,
      archived: 1,
    })
    expect(await refusal(applySubscription(prisma(), mona, zylker, { userId: 999_999 }, now))).toEqual({
      code: 'record.gone',
      record: 'customer user',
    })
    expect(await subscriptions()).toEqual(['a@zylker.example:-'])
  })

  it('is for managers and admins, on their customers', async () => {
    const { tess, mona, zylker, acme } = await seedCustomerUsersWorld(prisma())
    expect(await refusal(applySubscription(prisma(), tess, zylker, { allListed: {} }))).toMatchObject({
      code: 'staff.forbidden',
      needed: 'manager',
      actual: 'technician',
    })
    expect(await refusal(applySubscription(prisma(), mona, acme, { allListed: {} }))).toMatchObject({
      code: 'staff.notAssociated',
      customers: ['Acme'],
    })
  })

  it('never overspends the pool when applies run at once', async () => {
    const { mona, priya, zylker } = await seedCustomerUsersWorld(prisma())
    await prisma().customer.update({ where: { id: zylker }, data: { subscriptionsPurchased: 3 } })
    await insertManyUsers(prisma(), zylker, 6)
    const ids = (await users(prisma())).map((u) => u.id)
    const outcomes = await Promise.all([
      ...ids.map((userId, i) => applySubscription(prisma(), i % 2 ? mona : priya, zylker, { userId }, now)),
      setSubscriptionPool(prisma(), priya, zylker, 3, now),
    ])
    const applied = outcomes.filter((o) => o.status === 'applied' && o.applied === 1)
    expect(applied).toHaveLength(3)
    expect(outcomes.filter((o) => o.status === 'short')).toHaveLength(3)
    expect(await prisma().customerUser.count({ where: { subscriptionExpiresAt: { gt: now } } })).toBe(3)
  })
})
