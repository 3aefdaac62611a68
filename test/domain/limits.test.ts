import { describe, expect, it } from 'vitest'
import type { AssociationEdit } from '../../src/domain/edits.ts'
import { checkLimits, DEFAULT_GROUP_SETTINGS, type GroupSettings } from '../../src/domain/limits.ts'
import { limitMessage } from '../../src/messages/limits.ts'
import { buildWorld, type World } from './world-builders.ts'

/** "Customer 1" … "Customer n". */
const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`)

function limitsOf(w: World, edit: AssociationEdit, settings: GroupSettings = DEFAULT_GROUP_SETTINGS) {
  const plan = w.plan(edit)
  return checkLimits(plan.delta, plan.after, settings, w.names)
}

describe('default group settings', () => {
  it('are shared groups of up to 20 customers and up to 10 groups per user', () => {
    expect(DEFAULT_GROUP_SETTINGS).toEqual({
      groupMode: 'shared',
      maxCustomersPerGroup: 20,
      maxGroupsPerUser: 10,
    })
  })
})

describe('customers per group', () => {
  const twenty = numbered('Customer', 20)

  it('allows a group of exactly 20 customers', () => {
    const w = buildWorld({ groups: { Zoho: { customers: twenty.slice(0, 19) } }, customers: twenty })
    expect(limitsOf(w, w.editGroup('Zoho', { customers: twenty }))).toEqual([])
  })

  it('refuses a 21st customer in Edit Customer Group, naming the limit and the group', () => {
    const w = buildWorld({ groups: { Zoho: { customers: twenty } }, customers: ['Zylker'] })
    const violations = limitsOf(w, w.editGroup('Zoho', { customers: [...twenty, 'Zylker'] }))

    expect(violations).toHaveLength(1)
    const [violation] = violations
    expect(violation).toMatchObject({ code: 'limit.customersPerGroup', groupId: w.group('Zoho') })
    expect(violation && limitMessage(violation)).toContain('20')
    expect(violation && limitMessage(violation)).toContain('Zoho')
    expect(violation && limitMessage(violation)).toBe(
      'A customer group holds at most 20 customers; Zoho would have 21.',
    )
  })

  it('refuses a 21st customer through Edit Customer Preferences too', () => {
    const w = buildWorld({ groups: { Zoho: { customers: twenty } }, customers: ['Zylker'] })
    const violations = limitsOf(w, w.editCustomer('Zylker', { groups: ['Zoho'] }))

    expect(violations.map((v) => [v.code, 'groupId' in v ? v.groupId : null])).toEqual([
      ['limit.customersPerGroup', w.group('Zoho')],
    ])
  })

  it('counts every customer added in the same save', () => {
    const w = buildWorld({
      groups: { Zoho: { customers: twenty.slice(0, 18) } },
      customers: numbered('New', 5),
    })
    const violations = limitsOf(
      w,
      w.editGroup('Zoho', { customers: [...twenty.slice(0, 18), ...numbered('New', 5)] }),
    )
    expect(violations.map((v) => limitMessage(v))).toEqual([
      'A customer group holds at most 20 customers; Zoho would have 23.',
    ])
  })

  it('does not refuse removing customers from a group that is over the limit', () => {
    const w = buildWorld({ groups: { Zoho: { customers: numbered('Customer', 25) } } })
    expect(limitsOf(w, w.editGroup('Zoho', { customers: numbered('Customer', 22) }))).toEqual([])
  })

  it('respects a lower limit from the settings', () => {
    const settings = { ...DEFAULT_GROUP_SETTINGS, maxCustomersPerGroup: 3 }
    const w = buildWorld({
      groups: { Zoho: { customers: ['Zylker', 'Acme', 'Globex'] } },
      customers: ['Initech'],
    })

    const violations = limitsOf(w, w.editCustomer('Initech', { groups: ['Zoho'] }), settings)
    expect(violations.map((v) => limitMessage(v))).toEqual([
      'A customer group holds at most 3 customers; Zoho would have 4.',
    ])
    expect(limitsOf(w, w.editCustomer('Initech', { groups: ['Zoho'] }))).toEqual([])
  })

  it('respects a higher limit from the settings', () => {
    const settings = { ...DEFAULT_GROUP_SETTINGS, maxCustomersPerGroup: 30 }
    const w = buildWorld({ groups: { Zoho: {} }, customers: numbered('Customer', 30) })
    expect(limitsOf(w, w.editGroup('Zoho', { customers: numbered('Customer', 30) }), settings)).toEqual([])
  })
})

describe('groups per user', () => {
  const tenGroups = Object.fromEntries(numbered('Group', 10).map((g) => [g, { users: ['Alex'] }]))

  it('allows a user in exactly 10 groups', () => {
    const w = buildWorld({ groups: tenGroups })
    expect(limitsOf(w, w.editUser('Alex', { groups: numbered('Group', 10) }))).toEqual([])
    const nine = buildWorld({
      groups: {
        ...Object.fromEntries(numbered('Group', 9).map((g) => [g, { users: ['Alex'] }])),
        'Group 10': {},
      },
    })
    expect(limitsOf(nine, nine.editUser('Alex', { groups: numbered('Group', 10) }))).toEqual([])
  })

  it('refuses an 11th group in Edit User, naming the limit and the user', () => {
    const w = buildWorld({ groups: { ...tenGroups, Zoho: {} } })
    const violations = limitsOf(w, w.editUser('Alex', { groups: [...numbered('Group', 10), 'Zoho'] }))

    expect(violations).toHaveLength(1)
    const [violation] = violations
    expect(violation).toMatchObject({ code: 'limit.groupsPerUser', userId: w.user('Alex') })
    expect(violation && limitMessage(violation)).toContain('10')
    expect(violation && limitMessage(violation)).toContain('Alex')
    expect(violation && limitMessage(violation)).toBe(
      'An MSP user can be in at most 10 customer groups; Alex would be in 11.',
    )
  })

  it('refuses adding a user who is in 10 groups to another group in Edit Customer Group', () => {
    const w = buildWorld({ groups: { ...tenGroups, Zoho: { users: ['Bob'] } } })
    const violations = limitsOf(w, w.editGroup('Zoho', { users: ['Bob', 'Alex'] }))

    expect(violations.map((v) => [v.code, 'userId' in v ? v.userId : null])).toEqual([
      ['limit.groupsPerUser', w.user('Alex')],
    ])
  })

  it('allows swapping one group for another at the limit', () => {
    const w = buildWorld({ groups: { ...tenGroups, Zoho: {} } })
    expect(limitsOf(w, w.editUser('Alex', { groups: [...numbered('Group', 9), 'Zoho'] }))).toEqual([])
  })

  it('respects the limit from the settings', () => {
    const settings = { ...DEFAULT_GROUP_SETTINGS, maxGroupsPerUser: 2 }
    const w = buildWorld({ groups: { Zoho: { users: ['Alex'] }, Site24x7: {}, ManageEngine: {} } })

    const violations = limitsOf(
      w,
      w.editUser('Alex', { groups: ['Zoho', 'Site24x7', 'ManageEngine'] }),
      settings,
    )
    expect(violations.map((v) => limitMessage(v))).toEqual([
      'An MSP user can be in at most 2 customer groups; Alex would be in 3.',
    ])
    expect(limitsOf(w, w.editUser('Alex', { groups: ['Zoho', 'Site24x7'] }), settings)).toEqual([])
  })
})

describe('group membership mode', () => {
  const exclusive: GroupSettings = { ...DEFAULT_GROUP_SETTINGS, groupMode: 'exclusive' }

  it('exclusive: a customer already in another group is refused, naming the group that has it', () => {
    const w = buildWorld({ groups: { Site24x7: { customers: ['Zylker'] }, Zoho: {} } })
    const violations = limitsOf(w, w.editGroup('Zoho', { customers: ['Zylker'] }), exclusive)

    expect(violations).toHaveLength(1)
    const [violation] = violations
    expect(violation).toMatchObject({
      code: 'limit.exclusiveGroup',
      groupId: w.group('Zoho'),
      customerId: w.customer('Zylker'),
    })
    expect(violation && limitMessage(violation)).toContain('Site24x7')
    expect(violation && limitMessage(violation)).toContain('Zylker')
    expect(violation && limitMessage(violation)).toBe(
      'Zylker is already in Site24x7; groups are exclusive, so a customer can be in only one.',
    )
  })

  it('exclusive: names every group that already has the customer', () => {
    const w = buildWorld({
      groups: { Site24x7: { customers: ['Zylker'] }, ManageEngine: { customers: ['Zylker'] }, Zoho: {} },
    })
    const [violation] = limitsOf(w, w.editGroup('Zoho', { customers: ['Zylker'] }), exclusive)
    expect(violation && limitMessage(violation)).toContain('Site24x7')
    expect(violation && limitMessage(violation)).toContain('ManageEngine')
  })

  it('exclusive: selecting a second group in Edit Customer Preferences is refused', () => {
    const w = buildWorld({ groups: { Site24x7: { customers: ['Zylker'] }, Zoho: {} } })
    const violations = limitsOf(w, w.editCustomer('Zylker', { groups: ['Site24x7', 'Zoho'] }), exclusive)
    expect(violations.map((v) => v.code)).toEqual(['limit.exclusiveGroup'])
  })

  it('exclusive: moving a customer from one group to another is allowed', () => {
    const w = buildWorld({ groups: { Site24x7: { customers: ['Zylker'] }, Zoho: {} } })
    expect(limitsOf(w, w.editCustomer('Zylker', { groups: ['Zoho'] }), exclusive)).toEqual([])
  })

  it('exclusive: a customer in no group may join one', () => {
    const w = buildWorld({ groups: { Zoho: { customers: ['Acme'] } }, customers: ['Zylker'] })
    expect(limitsOf(w, w.editGroup('Zoho', { customers: ['Acme', 'Zylker'] }), exclusive)).toEqual([])
  })

  it('exclusive: a save that adds no customer to a group is not refused for an older overlap', () => {
    const w = buildWorld({
      users: ['Alex'],
      groups: { Site24x7: { customers: ['Zylker'] }, Zoho: { customers: ['Zylker'] } },
    })
    expect(limitsOf(w, w.editGroup('Zoho', { users: ['Alex'] }), exclusive)).toEqual([])
  })

  it('shared: a customer may be in several groups', () => {
    const w = buildWorld({ groups: { Site24x7: { customers: ['Zylker'] }, Zoho: {} } })
    expect(limitsOf(w, w.editGroup('Zoho', { customers: ['Zylker'] }))).toEqual([])
    expect(limitsOf(w, w.editCustomer('Zylker', { groups: ['Site24x7', 'Zoho'] }))).toEqual([])
  })
})

describe('several limits in one save', () => {
  it('reports every violation', () => {
    const settings: GroupSettings = { groupMode: 'exclusive', maxCustomersPerGroup: 1, maxGroupsPerUser: 1 }
    const w = buildWorld({
      groups: { Site24x7: { customers: ['Zylker'], users: ['Alex'] }, Zoho: { customers: ['Acme'] } },
    })
    const violations = limitsOf(
      w,
      w.editGroup('Zoho', { customers: ['Acme', 'Zylker'], users: ['Alex'] }),
      settings,
    )
    expect(violations.map((v) => v.code).sort()).toEqual([
      'limit.customersPerGroup',
      'limit.exclusiveGroup',
      'limit.groupsPerUser',
    ])
  })
})
