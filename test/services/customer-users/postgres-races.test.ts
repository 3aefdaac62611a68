// The subscription pool under real concurrency: applies on separate connections of a PostgreSQL server.
// CI starts a server (.ci/run) and sets POSTGRES_TEST_URL; elsewhere these tests skip, saying why.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { addCustomerUser } from '../../../src/services/customer-users/add-customer-user.ts'
import { applySubscription } from '../../../src/services/customer-users/apply-subscription.ts'
import { openTestDatabase, type TestDatabase } from '../../support/db.ts'
import { insertManyUsers, seedCustomerUsersWorld, users } from './support.ts'

const serverUrl = process.env.POSTGRES_TEST_URL
if (!serverUrl) {
  if (process.env.CI)
    throw new Error('CI must set POSTGRES_TEST_URL (see .ci/run) to test the PostgreSQL path')
  console.log(
    'Skipping customer-user races on PostgreSQL: POSTGRES_TEST_URL is not set (.ci/run starts a server and sets it).',
  )
}

describe.skipIf(!serverUrl)('customer users on a PostgreSQL server, at once', () => {
  let db: TestDatabase
  const prisma = () => db.prisma
  beforeAll(async () => {
    db = await openTestDatabase(serverUrl)
  })
  beforeEach(async () => {
    await db.truncate()
  })
  afterAll(async () => {
    await db?.close()
  })

  it('ten applies to ten users with five free subscriptions apply exactly five', async () => {
    const { mona, zylker } = await seedCustomerUsersWorld(prisma())
    await prisma().customer.update({ where: { id: zylker }, data: { subscriptionsPurchased: 5 } })
    await insertManyUsers(prisma(), zylker, 10)
    const ids = (await users(prisma())).map((u) => u.id)
    const outcomes = await Promise.all(
      ids.map((userId) => applySubscription(prisma(), mona, zylker, { userId })),
    )
    expect(outcomes.filter((o) => o.status === 'applied' && o.applied === 1)).toHaveLength(5)
    expect(outcomes.filter((o) => o.status === 'short')).toHaveLength(5)
    expect(await prisma().customerUser.count({ where: { subscriptionExpiresAt: { not: null } } })).toBe(5)
  })

  it('two "all listed" applies at once: one applies to all, the other finds them subscribed or short', async () => {
    const { mona, priya, zylker } = await seedCustomerUsersWorld(prisma())
    await prisma().customer.update({ where: { id: zylker }, data: { subscriptionsPurchased: 40 } })
    await insertManyUsers(prisma(), zylker, 30)
    const [first, second] = await Promise.all([
      applySubscription(prisma(), mona, zylker, { allListed: {} }),
      applySubscription(prisma(), priya, zylker, { allListed: {} }),
    ])
    const applied = [first, second].map((o) => (o?.status === 'applied' ? o.applied : -1)).sort()
    expect(applied).toEqual([0, 30])
    expect(await prisma().customerUser.count({ where: { subscriptionExpiresAt: { not: null } } })).toBe(30)
    expect(await prisma().auditLog.count({ where: { action: 'customer-user.subscription' } })).toBe(30)
  })

  it('six adds of one email give one user and five field errors', async () => {
    const { tess, zylker } = await seedCustomerUsersWorld(prisma())
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        addCustomerUser(prisma(), tess, {
          customerId: zylker,
          email: 'li@zylker.example',
          firstName: 'Li',
          lastName: 'Wu',
        }),
      ),
    )
    expect(outcomes.filter((o) => o.status === 'added')).toHaveLength(1)
    expect(outcomes.filter((o) => o.status === 'invalid')).toHaveLength(5)
    expect(await users(prisma())).toHaveLength(1)
  })
})
