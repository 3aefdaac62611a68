import { subDays, subHours } from 'date-fns'
import { describe, expect, it } from 'vitest'
import { expireStaleRecords } from '../../src/services/housekeeping.ts'
import { useTestDatabase } from '../support/db.ts'

describe('expireStaleRecords', () => {
  const db = useTestDatabase()
  it('forgets delivery keys older than a day and cancels previews past their TTL, keeping recent ones', async () => {
    const prisma = db().prisma
    const now = new Date()
    await prisma.idempotencyKey.createMany({
      data: [
        { key: 'old', createdAt: subDays(now, 2) },
        { key: 'new', createdAt: subHours(now, 1) },
      ],
    })
    const plan = { kind: 'customer-group', actorSlackId: 'U1', input: {}, planHash: 'h' }
    await prisma.pendingPlan.createMany({
      data: [
        { ...plan, id: 'stale', createdAt: subHours(now, 2) },
        { ...plan, id: 'fresh', createdAt: now },
        { ...plan, id: 'done', createdAt: subHours(now, 2), status: 'applied' },
      ],
    })
    expect(await expireStaleRecords(prisma, now)).toEqual({ keys: 1, previews: 1 })
    expect((await prisma.idempotencyKey.findMany()).map((k) => k.key)).toEqual(['new'])
    const statuses = await prisma.pendingPlan.findMany({ orderBy: { id: 'asc' } })
    expect(statuses.map((p) => `${p.id}:${p.status}`)).toEqual([
      'done:applied',
      'fresh:pending',
      'stale:cancelled',
    ])
  })
})
