// Saves started together: the materialized associations always equal the derived ones, and races end in
// the same answers a one-at-a-time run would give.
import { describe, expect, it } from 'vitest'
import { editCustomerPreferences } from '../../../src/services/customers/edit-customer-preferences.ts'
import { addCustomerGroup } from '../../../src/services/groups/add-customer-group.ts'
import { editMspUser } from '../../../src/services/users/edit-msp-user.ts'
import { useTestDatabase } from '../../support/db.ts'
import { associationPairs, derivedPairs } from '../../support/seed.ts'
import { oneUserPerGroup, preferencesInput, seedStaffWorld, staff, userInput } from '../../support/worlds.ts'

const db = useTestDatabase()
const prisma = () => db().prisma

/** Priya (admin, U1) and the world: Zoho: Zylker, Acme / Alex. Site24x7: Acme / Bea. Cloud: Globex / Carl. */
const seed = () => seedStaffWorld(prisma(), oneUserPerGroup(), [staff.priya])

describe('concurrent saves', () => {
  it('several adding saves started together all apply and keep Association equal to the derived pairs', async () => {
    const { w, priya } = await seed()
    const results = await Promise.allSettled([
      // full selections over disjoint rows, so that any order gives the same end state
      editMspUser(prisma(), priya, userInput(w, 'Alex', ['Zoho', 'Cloud'])),
      editCustomerPreferences(
        prisma(),
        priya,
        preferencesInput(w, 'Zylker', { groups: ['Zoho', 'Site24x7'] }),
      ),
      editCustomerPreferences(
        prisma(),
        priya,
        preferencesInput(w, 'Acme', { groups: ['Zoho', 'Site24x7'], directUsers: ['Carl'] }),
      ),
      editMspUser(prisma(), priya, userInput(w, 'Bea', ['Site24x7', 'Cloud'])),
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
