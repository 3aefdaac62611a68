// The embedded database's read cache: hot reads come from memory until this process writes, and any write
// through the adapter (a Prisma write, a raw statement, a transaction) that could change them makes the next
// read fresh; a write to other tables keeps reads that name their tables.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type Database, openDatabase } from '../../src/db/client.ts'
import { ReadCache, writtenBy } from '../../src/db/read-cache.ts'
import { createServices, type Services } from '../../src/services/index.ts'
import { seedWorld } from '../support/seed.ts'
import { staff } from '../support/worlds.ts'

describe('ReadCache', () => {
  it('loads a key once and shares it, until cleared; a failed load is not kept', async () => {
    const cache = new ReadCache()
    let loads = 0
    const load = async () => ++loads
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)])
    expect([a, b, await cache.get('k', load)]).toEqual([1, 1, 1])
    cache.clear()
    expect(await cache.get('k', load)).toBe(2)
    await expect(cache.get('bad', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await cache.get('bad', load)).toBe(3)
  })

  it('an entry that names its tables is cleared only by a write naming one of them; others by any write', async () => {
    const cache = new ReadCache()
    let loads = 0
    const load = async () => ++loads
    const staffRead = () => cache.get('staff', load, ['MspUser'])
    const anyRead = () => cache.get('any', load)
    expect([await staffRead(), await anyRead()]).toEqual([1, 2])
    cache.clear(new Set(['Customer', 'name']))
    expect([await staffRead(), await anyRead()]).toEqual([1, 3])
    cache.clear(new Set(['MspUser']))
    expect(await staffRead()).toBe(4)
    cache.clear('all')
    expect(await staffRead()).toBe(5)
  })

  it('reads what a statement may have written from its text', () => {
    expect(writtenBy('SELECT id FROM "MspUser"')).toBeNull()
    expect(writtenBy('UPDATE "public"."Customer" SET "name" = $1')).toEqual(
      new Set(['public', 'Customer', 'name']),
    )
    const cte = writtenBy('WITH changed AS (UPDATE "CustomerGroup" g SET name = $1) INSERT INTO "AuditLog" …')
    expect(cte).toEqual(new Set(['CustomerGroup', 'AuditLog']))
    for (const other of [
      'TRUNCATE "AuditLog"',
      'CREATE TABLE "X" (id int)',
      'COPY x FROM stdin',
      'SET x = 1',
    ])
      expect(writtenBy(other)).toBe('all')
  })
})

describe('the embedded database clears its read cache on every write', () => {
  let db: Database
  let services: Services
  let priyaId: number
  beforeAll(async () => {
    db = await openDatabase({ url: 'memory://' })
    services = createServices(db.prisma, { sharedDatabase: false, readCache: db.readCache })
  })
  afterAll(() => db.close())
  beforeEach(async () => {
    await db.prisma.$executeRawUnsafe('TRUNCATE "MspUser", "Customer" RESTART IDENTITY CASCADE')
    const w = await seedWorld(db.prisma, {
      users: [{ ...staff.priya, slackUserId: 'U0PRIYA' }],
      customers: [{ name: 'Zylker' }],
    })
    priyaId = w.userId('Priya')
  })

  /** Changes Priya's name behind the adapter's back (PGlite directly): only a cache can hide it. */
  const renameBehindTheCache = (name: string) => {
    if (db.driver.kind !== 'embedded') throw new Error('embedded only')
    return db.driver.pglite.query(`UPDATE "MspUser" SET name = $1 WHERE id = $2`, [name, priyaId])
  }
  const nameSeen = async () => (await services.staff.findBySlackId('U0PRIYA'))?.name

  it('serves a repeated read from memory', async () => {
    expect(await nameSeen()).toBe('Priya')
    await renameBehindTheCache('Hidden')
    expect(await nameSeen()).toBe('Priya')
  })

  // each writes MspUser, the table who-is-this-Slack-user is read from (or cannot be told apart)
  const writes: Array<[string, () => Promise<unknown>]> = [
    ['a Prisma update', () => db.prisma.mspUser.update({ where: { id: priyaId }, data: { role: 'admin' } })],
    ['a raw statement', () => db.prisma.$executeRaw`UPDATE "MspUser" SET role = 'admin'`],
    [
      'an INSERT … RETURNING through $queryRaw',
      () =>
        db.prisma
          .$queryRaw`INSERT INTO "MspUser" (name, email) VALUES ('New', 'new@msp.example') RETURNING id`,
    ],
    [
      'an interactive transaction',
      () =>
        db.prisma.$transaction(async (tx) =>
          tx.mspUser.updateMany({ where: { id: -1 }, data: { role: 'admin' } }),
        ),
    ],
    [
      'a rolled-back transaction',
      () =>
        db.prisma
          .$transaction(async (tx) => {
            await tx.mspUser.update({ where: { id: priyaId }, data: { role: 'admin' } })
            throw new Error('no')
          })
          .catch(() => {}),
    ],
    [
      'a statement that is not a plain write (TRUNCATE of another table)',
      () => db.prisma.$executeRawUnsafe('TRUNCATE "AuditLog"'),
    ],
  ]
  for (const [what, write] of writes)
    it(`${what} makes the next read fresh`, async () => {
      expect(await nameSeen()).toBe('Priya')
      await renameBehindTheCache('Fresh')
      await write()
      expect(await nameSeen()).toBe('Fresh')
    })

  it('writes to other tables keep who a Slack user is', async () => {
    expect(await nameSeen()).toBe('Priya')
    await renameBehindTheCache('Hidden')
    await db.prisma.customer.update({ where: { nameKey: 'zylker' }, data: { name: 'Zy' } })
    await db.prisma.$transaction(async (tx) =>
      tx.customer.updateMany({ data: { subscriptionsPurchased: 2 } }),
    )
    await db.prisma.$transaction(async (tx) => tx.mspUser.count())
    expect(await nameSeen()).toBe('Priya')
  })

  it('a plain SELECT keeps the cache', async () => {
    expect(await nameSeen()).toBe('Priya')
    await renameBehindTheCache('Hidden')
    await db.prisma.customer.findMany()
    await db.prisma.$queryRaw`SELECT 1`
    expect(await nameSeen()).toBe('Priya')
  })

  it('a read in flight while a write runs is not served after it', async () => {
    const during = db.prisma.$transaction(async (tx) => {
      await tx.mspUser.update({ where: { id: priyaId }, data: { name: 'Renamed' } })
    })
    const before = nameSeen() // queued behind the transaction (the embedded database takes one at a time)
    await during
    await before
    expect(await nameSeen()).toBe('Renamed')
  })

  it('the customer list of the services is kept, per lister and search', async () => {
    const admin = await services.staff.findBySlackId('U0PRIYA')
    if (!admin) throw new Error('Priya is staff')
    expect((await services.customers.list(admin, '')).customers.map((c) => c.name)).toEqual(['Zylker'])
    if (db.driver.kind !== 'embedded') throw new Error('embedded only')
    await db.driver.pglite.query(`INSERT INTO "Customer" (name, "nameKey") VALUES ('Acme', 'acme')`)
    expect((await services.customers.list(admin, '')).customers.map((c) => c.name)).toEqual(['Zylker'])
    expect((await services.customers.list(admin, 'a')).customers.map((c) => c.name)).toEqual(['Acme'])
    await db.prisma.customer.update({ where: { nameKey: 'zylker' }, data: { subscriptionsPurchased: 1 } })
    expect((await services.customers.list(admin, '')).customers.map((c) => c.name)).toEqual([
      'Acme',
      'Zylker',
    ])
  })
})
