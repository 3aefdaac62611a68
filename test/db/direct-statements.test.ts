// Hot statements on the embedded database go to the driver adapter directly, skipping Prisma's engine, yet
// behave as through Prisma: same count, the read cache cleared, and a transaction's statements stay in it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type Database, openDatabase, Prisma } from '../../src/db/client.ts'
import { executeStatement } from '../../src/db/direct-statements.ts'
import { createServices } from '../../src/services/index.ts'
import { isUniqueViolation } from '../../src/services/unique-violation.ts'

describe('executeStatement on the embedded database', () => {
  let db: Database
  beforeAll(async () => {
    db = await openDatabase({ url: 'memory://' })
    await db.prisma.mspUser.create({
      data: { name: 'Priya', email: 'priya@msp.example', slackUserId: 'U0PRIYA' },
    })
  })
  afterAll(() => db.close())

  const rename = (name: string) =>
    Prisma.sql`UPDATE "MspUser" SET name = ${name} WHERE "slackUserId" = 'U0PRIYA'`

  it('runs without Prisma’s engine, answers the row count and clears what the write may have changed', async () => {
    const services = createServices(db.prisma, { sharedDatabase: false, readCache: db.readCache })
    expect((await services.staff.findBySlackId('U0PRIYA'))?.name).toBe('Priya')
    const viaPrisma = vi.spyOn(db.prisma, '$executeRaw')
    try {
      expect(await executeStatement(db.prisma, rename('Priya R.'))).toBe(1)
      expect(viaPrisma).not.toHaveBeenCalled()
    } finally {
      viaPrisma.mockRestore()
    }
    expect((await services.staff.findBySlackId('U0PRIYA'))?.name).toBe('Priya R.')
  })

  it('in a transaction runs in it: rolled back with it', async () => {
    await db.prisma
      .$transaction(async (tx) => {
        expect(await executeStatement(tx, rename('Never'))).toBe(1)
        throw new Error('roll back')
      })
      .catch(() => {})
    expect((await db.prisma.mspUser.findFirstOrThrow()).name).toBe('Priya R.')
  })

  it('a unique violation is recognised as one', async () => {
    await db.prisma.mspUser.create({ data: { name: 'Bea', email: 'bea@msp.example' } })
    const error = await executeStatement(
      db.prisma,
      Prisma.sql`UPDATE "MspUser" SET email = 'bea@msp.example' WHERE "slackUserId" = 'U0PRIYA'`,
    ).catch((e: unknown) => e)
    expect(isUniqueViolation(error)).toBe(true)
  })
})
