import { describe, expect, it } from 'vitest'
import { CUSTOMER_LIST_MAX, listCustomers } from '../../../src/services/queries/customers.ts'
import { useTestDatabase } from '../../support/db.ts'
import { seedWorld } from '../../support/seed.ts'
import { staff } from '../../support/worlds.ts'

describe('listCustomers', () => {
  const db = useTestDatabase()

  it('a big book: the first page by name with every row complete, and the count of all', async () => {
    const names = Array.from(
      { length: CUSTOMER_LIST_MAX + 50 },
      (_, i) => `Customer ${String(i).padStart(3, '0')}`,
    )
    const w = await seedWorld(db().prisma, {
      users: [staff.priya, staff.mona],
      customers: names.map((name, i) => (i < 3 ? { name, accountContact: 'Mona' } : { name })),
      groups: [{ name: 'Zoho', customers: names.slice(0, 3), users: ['Mona'] }],
    })
    const page = await listCustomers(db().prisma, w.actor('Priya'))
    expect(page.total).toBe(names.length)
    expect(page.customers.map((c) => c.name)).toEqual(names.slice(0, CUSTOMER_LIST_MAX))
    expect(page.customers[0]).toMatchObject({ groups: ['Zoho'], accountContact: 'Mona' })

    // 024, 124, 224, 240 … 249
    const search = await listCustomers(db().prisma, w.actor('Priya'), '24', 2)
    expect(search).toMatchObject({
      total: 13,
      customers: [{ name: 'Customer 024' }, { name: 'Customer 124' }],
    })
    // a manager's scope is counted, not the book's
    expect(await listCustomers(db().prisma, w.actor('Mona'), '', 2)).toMatchObject({
      total: 3,
      customers: [{ name: 'Customer 000' }, { name: 'Customer 001' }],
    })
  })
})
