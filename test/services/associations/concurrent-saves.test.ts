// Saves started together: the materialized associations always equal the derived ones, and races end in
// the same answers a one-at-a-time run would give.
import { describe, expect, it } from 'vitest'
import { editCustomerPreferences } from '../../../src/services/customers/edit-customer-preferences.ts'
import { addCustomerGroup } from '../../../src/services/groups/add-customer-group.ts'
import { editMspUser } from '../../../src/services/users/edit-msp-user.ts'
import { useTestDatabase } from '../../support/db.ts'
import { associationPairs, derivedPairs, seedWorld } from '../../support/seed.ts'

const db = useTestDatabase()
const prisma = () => db().prisma

async function seed() {
  const w = await seedWorld(prisma(), {
    users: [
      { name: 'Priya', role: 'admin', slackUserId: 'U1' },
      { name: 'Alex' },
      { name: 'Bea' },
      { name: 'Carl' },
    ],
    customers: [{ name: 'Zylker' }, { name: 'Acme' }, { name: 'Globex' }],
    groups: [
      { name: 'Zoho', customers: ['Zylker', 'Acme'], users: ['Alex'] },
      { name: 'Site24x7', customers: ['Acme'], users: ['Bea'] },
      { name: 'Cloud', customers: ['Globex'], users: ['Carl'] },
    ],
  })
  return { w, priya: w.actor('Priya') }
}

describe('concurrent saves', () => {
  it('several adding saves started together all apply and keep Association equal to the derived pairs', async () => {
    const { w, priya } = await seed()
    const results = await Promise.allSettled([
      // full selections over disjoint rows, so that any order gives the same end state
      editMspUser(prisma(), priya, {
        userId: w.userId('Alex'),
        role: 'technician',
        groupIds: w.groupIds('Zoho', 'Cloud'),
      }),
      editCustomerPreferences(prisma(), priya, {
        customerId: w.customerId('Zylker'),
        groupIds: w.groupIds('Zoho', 'Site24x7'),
        directUserIds: [],
        accountContactId: null,
      }),
      editCustomerPreferences(prisma(), priya, {
        customerId: w.customerId('Acme'),
        groupIds: w.groupIds('Zoho', 'Site24x7'),
        directUserIds: w.userIds('Carl'),
        accountContactId: null,
      }),
      editMspUser(prisma(), priya, {
        userId: w.userId('Bea'),
        role: 'technician',
        groupIds: w.groupIds('Site24x7', 'Cloud'),
      }),
    ])
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.status : String(r.reason)))).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ])
    expect(await associationPairs(prisma())).toEqual(await derivedPairs(prisma()))
    expect(await associationPairs(prisma())).toEqual([
      'Alex→Acme',
      'Alex→Globex',
      'Alex→Zylker',
      'Bea→Acme',
      'Bea→Globex',
      'Bea→Zylker',
      'Carl→Acme',
      'Carl→Globex',
    ])
  })

  it('two new groups with one name started together: one is created, the other is invalid on the name field', async () => {
    const { priya } = await seed()
    const results = await Promise.allSettled([
      addCustomerGroup(prisma(), priya, { name: 'Night', customerIds: [], userIds: [], isDefault: false }),
      addCustomerGroup(prisma(), priya, { name: 'night', customerIds: [], userIds: [], isDefault: false }),
    ])
    const answers = results.map((r) =>
      r.status === 'fulfilled'
        ? r.value.status === 'invalid'
          ? `invalid:${r.value.problems.map((p) => p.field).join(',')}`
          : r.value.status
        : `rejected: ${String(r.reason)}`,
    )
    expect(answers.sort()).toEqual(['applied', 'invalid:name'])
    expect(await prisma().customerGroup.count({ where: { nameKey: 'night' } })).toBe(1)
  })
})
