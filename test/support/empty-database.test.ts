// Emptying the test database before each test (test/support/empty-database.ts) on either engine: every
// table empty and ids starting again from 1, as TRUNCATE … RESTART IDENTITY leaves them.
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from './db.ts'
import { deletionOrder } from './empty-database.ts'
import { seedWorld } from './seed.ts'

describe('emptying the test database', () => {
  const db = useTestDatabase()

  it('leaves every table empty and restarts the ids', async () => {
    const seed = () =>
      seedWorld(db().prisma, {
        users: [{ name: 'Priya', role: 'admin', slackUserId: 'U1' }, { name: 'Alex' }],
        customers: [
          { name: 'Zylker', accountContact: 'Alex', alertGroups: [{ name: 'Ops', members: ['Alex'] }] },
        ],
        groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex'] }],
      })
    const first = await seed()
    await db().truncate()
    const tables = await db().prisma.$queryRaw<{ tablename: string }[]>`
      SELECT tablename::text AS tablename FROM pg_tables
      WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`
    for (const { tablename } of tables) {
      const rows = await db().prisma.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM "${tablename}"`,
      )
      expect({ tablename, rows: rows[0]?.n }).toEqual({ tablename, rows: 0 })
    }
    const again = await seed()
    expect(again.customerId('Zylker')).toBe(first.customerId('Zylker'))
    expect(again.userId('Alex')).toBe(first.userId('Alex'))
  })

  it('deletes referencing tables first, and says so when references go round in a circle', () => {
    const keys = [
      { child: 'Association', parent: 'Customer' },
      { child: 'Association', parent: 'MspUser' },
      { child: 'Customer', parent: 'MspUser' },
      { child: 'MspUser', parent: 'MspUser' },
    ]
    expect(deletionOrder(['Customer', 'MspUser', 'Association'], keys)).toEqual([
      'Association',
      'Customer',
      'MspUser',
    ])
    expect(
      deletionOrder(
        ['A', 'B'],
        [
          { child: 'A', parent: 'B' },
          { child: 'B', parent: 'A' },
        ],
      ),
    ).toBeUndefined()
  })
})
