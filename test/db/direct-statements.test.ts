// Hot and large statements go to the driver adapter directly, skipping Prisma's engine, yet behave as
// through Prisma: same count, same rows, the read cache cleared (embedded), errors recognised, and a
// transaction's statements stay in it. On both databases (this file runs in the PostgreSQL pass too).
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { Prisma } from '../../src/db/client.ts'
import { executeStatement, queryStatement } from '../../src/db/direct-statements.ts'
import { createServices } from '../../src/services/index.ts'
import { isUniqueViolation } from '../../src/services/unique-violation.ts'
import { useTestDatabase } from '../support/db.ts'

const db = useTestDatabase()
const prisma = () => db().prisma

beforeEach(async () => {
  await prisma().mspUser.create({
    data: { name: 'Priya', email: 'priya@msp.example', slackUserId: 'U0PRIYA' },
  })
})

const rename = (name: string) =>
  Prisma.sql`UPDATE "MspUser" SET name = ${name} WHERE "slackUserId" = 'U0PRIYA'`

describe('executeStatement', () => {
  it('runs without Prisma’s engine, answers the row count and clears what the write may have changed', async () => {
    const services = createServices(prisma(), { sharedDatabase: false, readCache: db().readCache })
    expect((await services.staff.findBySlackId('U0PRIYA'))?.name).toBe('Priya')
    const viaPrisma = vi.spyOn(prisma(), '$executeRaw')
    try {
      expect(await executeStatement(prisma(), rename('Priya R.'))).toBe(1)
      expect(viaPrisma).not.toHaveBeenCalled()
    } finally {
      viaPrisma.mockRestore()
    }
    expect((await services.staff.findBySlackId('U0PRIYA'))?.name).toBe('Priya R.')
  })

  it('in a transaction runs in it: rolled back with it', async () => {
    await prisma()
      .$transaction(async (tx) => {
        expect(await executeStatement(tx, rename('Never'))).toBe(1)
        throw new Error('roll back')
      })
      .catch(() => {})
    expect((await prisma().mspUser.findFirstOrThrow()).name).toBe('Priya')
  })

  it('a unique violation is recognised as one', async () => {
    await prisma().mspUser.create({ data: { name: 'Bea', email: 'bea@msp.example' } })
    const error = await executeStatement(
      prisma(),
      Prisma.sql`UPDATE "MspUser" SET email = 'bea@msp.example' WHERE "slackUserId" = 'U0PRIYA'`,
    ).catch((e: unknown) => e)
    expect(isUniqueViolation(error)).toBe(true)
  })
})

describe('queryStatement', () => {
  const read = Prisma.sql`SELECT "name", "id", "role"::text AS "role", "slackUserId" IS NOT NULL AS "linked",
      NULL::text AS "none", ${'x'.repeat(100_000)}::text AS "big"
    FROM "MspUser" WHERE "email" = ${'priya@msp.example'}`

  it('answers the rows $queryRaw answers (text, integer, boolean, null), without Prisma’s engine', async () => {
    const expected = await prisma().$queryRaw(read)
    const viaPrisma = vi.spyOn(prisma(), '$queryRaw')
    try {
      expect(await queryStatement(prisma(), read)).toEqual(expected)
      expect(viaPrisma).not.toHaveBeenCalled()
    } finally {
      viaPrisma.mockRestore()
    }
  })

  it('in a transaction reads in it', async () => {
    await prisma()
      .$transaction(async (tx) => {
        await tx.$executeRaw(rename('Inside'))
        expect(await queryStatement(tx, read)).toMatchObject([{ name: 'Inside' }])
        throw new Error('roll back')
      })
      .catch(() => {})
    expect(await queryStatement(prisma(), read)).toMatchObject([{ name: 'Priya' }])
  })
})
