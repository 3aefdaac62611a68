import { describe, expect, it } from 'vitest'
import { isEmptyDelta } from '../../src/domain/edits.ts'
import { describeBlock, describeKeptBy } from '../../src/domain/explain.ts'
import { deriveAssociations, MembershipIndex } from '../../src/domain/memberships.ts'
import {
  applyPlanToAssociations,
  isBlocked,
  needsPreview,
  type Plan,
  planEdit,
  planFingerprint,
} from '../../src/domain/plan.ts'
import { buildWorld, type World, type WorldSpec } from './world-builders.ts'

/** The associations after applying the plan, as "User→Customer" names. */
function associationsAfter(w: World, plan: Plan): string[] {
  return w.keyNames(applyPlanToAssociations(w.associationKeys(), plan))
}

function expectEmptyPlan(plan: Plan) {
  expect(isEmptyDelta(plan.delta)).toBe(true)
  expect(plan.added).toEqual([])
  expect(plan.removed).toEqual([])
  expect(plan.kept).toEqual([])
  expect(plan.blocked).toEqual([])
  expect(plan.alertGroupRemovals).toEqual([])
  expect(isBlocked(plan)).toBe(false)
  expect(needsPreview(plan)).toBe(false)
}

describe('deriveAssociations', () => {
  it('associates a pair through a direct link or a shared group, sorted by user then customer', () => {
    const w = buildWorld({
      groups: { Zoho: { customers: ['Zylker', 'Acme'], users: ['Alex'] }, Empty: { users: ['Bob'] } },
      direct: [['Bob', 'Zylker']],
      customers: ['Lonely'],
    })
    expect(deriveAssociations(w.memberships)).toEqual([
      [w.user('Alex'), w.customer('Zylker')],
      [w.user('Alex'), w.customer('Acme')],
      [w.user('Bob'), w.customer('Zylker')],
    ])
  })

  it('lists a pair justified by several paths once', () => {
    const w = buildWorld({
      groups: {
        Zoho: { customers: ['Zylker'], users: ['Alex'] },
        Site24x7: { customers: ['Zylker'], users: ['Alex'] },
      },
      direct: [['Alex', 'Zylker']],
    })
    expect(deriveAssociations(w.memberships)).toEqual([[w.user('Alex'), w.customer('Zylker')]])
  })

  it('gives the justifications of a pair: the direct link first, then groups in ascending id order', () => {
    const w = buildWorld({
      groups: {
        Zoho: { customers: ['Zylker'], users: ['Alex'] },
        Site24x7: { customers: ['Zylker'], users: ['Alex'] },
      },
      direct: [['Alex', 'Zylker']],
    })
    const index = new MembershipIndex(w.memberships)
    expect(w.justificationNames(index.justifications(w.user('Alex'), w.customer('Zylker')))).toEqual([
      'direct',
      'Zoho',
      'Site24x7',
    ])
  })
})

describe('the DESIGN.md example', () => {
  it('deselecting Zoho from Zylker leaves Alex on Zylker, kept by Site24x7', () => {
    const w = buildWorld({
      groups: {
        Zoho: { customers: ['Zylker'], users: ['Alex'] },
        Site24x7: { customers: ['Zylker'], users: ['Alex'] },
      },
    })
    const plan = w.plan(w.editCustomer('Zylker', { groups: ['Site24x7'] }))

    expect(plan.removed).toEqual([])
    expect(plan.blocked).toEqual([])
    expect(w.keptNames(plan)).toEqual(['Alex→Zylker by Site24x7'])
    expect(associationsAfter(w, plan)).toEqual(['Alex→Zylker'])
    expect(needsPreview(plan)).toBe(false)
  })

  it('with Alex only in Zoho, removing Zylker from Zoho removes Alex from Zylker', () => {
    const w = buildWorld({
      groups: {
        Zoho: { customers: ['Zylker'], users: ['Alex'] },
        Site24x7: { customers: ['Zylker'] },
      },
    })
    const plan = w.plan(w.editGroup('Zoho', { customers: [] }))

    expect(w.pairNames(plan.removed)).toEqual(['Alex→Zylker'])
    expect(plan.kept).toEqual([])
    expect(plan.blocked).toEqual([])
    expect(associationsAfter(w, plan)).toEqual([])
    expect(needsPreview(plan)).toBe(true)
  })
})

describe('Edit Customer Preferences', () => {
  it('deselecting a group keeps users in another group still selected and removes the others', () => {
    const w = buildWorld({
      groups: {
        Zoho: { customers: ['Zylker'], users: ['Alex', 'Bob'] },
        Site24x7: { customers: ['Zylker'], users: ['Alex'] },
      },
    })
    const plan = w.plan(w.editCustomer('Zylker', { groups: ['Site24x7'] }))

    expect(w.pairNames(plan.removed)).toEqual(['Bob→Zylker'])
    expect(w.keptNames(plan)).toEqual(['Alex→Zylker by Site24x7'])
    expect(associationsAfter(w, plan)).toEqual(['Alex→Zylker'])
  })

  it('deselecting a group keeps a directly linked user', () => {
    const w = buildWorld({
      groups: { Zoho: { customers: ['Zylker'], users: ['Alex'] } },
      direct: [['Alex', 'Zylker']],
    })
    const plan = w.plan(w.editCustomer('Zylker', { groups: [] }))

    expect(plan.removed).toEqual([])
    expect(w.keptNames(plan)).toEqual(['Alex→Zylker by direct'])
  })

  it('deselecting a group touches only this customer: the group keeps its users on its other customers', () => {
    const w = buildWorld({ groups: { Zoho: { customers: ['Zylker', 'Acme'], users: ['Alex'] } } })
    const plan = w.plan(w.editCustomer('Zylker', { groups: [] }))

    expect(w.pairNames(plan.removed)).toEqual(['Alex→Zylker'])
    expect(associationsAfter(w, plan)).toEqual(['Alex→Acme'])
  })

  it('deselecting a direct user whom a group still links keeps the pair, kept by that group', () => {
    const w = buildWorld({
      groups: { Zoho: { customers: ['Zylker'], users: ['Alex'] } },
      direct: [['Alex', 'Zylker']],
    })
    const plan = w.plan(w.editCustomer('Zylker', { directUsers: [] }))

    expect(plan.delta.removeDirect).toEqual([[w.user('Alex'), w.customer('Zylker')]])
    expect(plan.removed).toEqual([])
    expect(w.keptNames(plan)).toEqual(['Alex→Zylker by Zoho'])
    expect(associationsAfter(w, plan)).toEqual(['Alex→Zylker'])
  })

  it('deselecting a direct user with no group path removes the pair', () => {
    const w = buildWorld({
      groups: { Zoho: { customers: ['Zylker'], users: ['Bob'] } },
      direct: [
        ['Alex', 'Zylker'],
        ['Alex', 'Acme'],
      ],
    })
    const plan = w.plan(w.editCustomer('Zylker', { directUsers: [] }))

    expect(w.pairNames(plan.removed)).toEqual(['Alex→Zylker'])
    expect(plan.kept).toEqual([])
    expect(associationsAfter(w, plan)).toEqual(['Alex→Acme', 'Bob→Zylker'])
  })

  it('lists every remaining path of a kept pair, the direct link first', () => {
    const w = buildWorld({
      groups: {
        Zoho: { customers: ['Zylker'], users: ['Alex'] },
        Site24x7: { customers: ['Zylker'], users: ['Alex'] },
        ManageEngine: { customers: ['Zylker'], users: ['Alex'] },
      },
      direct: [['Alex', 'Zylker']],
    })
    const plan = w.plan(w.editCustomer('Zylker', { groups: ['ManageEngine', 'Site24x7'] }))

    expect(w.keptNames(plan)).toEqual(['Alex→Zylker by direct, Site24x7, ManageEngine'])
  })

  it('emptying both fields removes every user of the customer', () => {
    const w = buildWorld({
      groups: { Zoho: { customers: ['Zylker'], users: ['Alex', 'Bob'] } },
      direct: [['Cleo', 'Zylker']],
    })
    const plan = w.plan(w.editCustomer('Zylker', { groups: [], directUsers: [] }))

    expect(w.pairNames(plan.removed)).toEqual(['Alex→Zylker', 'Bob→Zylker', 'Cleo→Zylker'])
    expect(associationsAfter(w, plan)).toEqual([])
  })

  it('selecting a group adds its users who were not associated yet', () => {
    const w = buildWorld({
      groups: { Zoho: { users: ['Alex', 'Bob'] } },
      direct: [['Alex', 'Zylker']],
    })
    const plan = w.plan(w.editCustomer('Zylker', { groups: ['Zoho'] }))

    expect(plan.delta.addGroupCustomers).toEqual([[w.group('Zoho'), w.customer('Zylker')]])
    expect(w.pairNames(plan.added)).toEqual(['Bob→Zylker'])
    expect(plan.removed).toEqual([])
    expect(needsPreview(plan)).toBe(false)
    expect(associationsAfter(w, plan)).toEqual(['Alex→Zylker', 'Bob→Zylker'])
  })

  it('selecting a direct user adds the pair; a user already associated through a group is not added again', () => {
    const w = buildWorld({
      users: ['Bob'],
      groups: { Zoho: { customers: ['Zylker'], users: ['Alex'] } },
    })
    const plan = w.plan(w.editCustomer('Zylker', { directUsers: ['Alex', 'Bob'] }))

    expect(plan.delta.addDirect).toEqual([
      [w.user('Alex'), w.customer('Zylker')],
      [w.user('Bob'), w.customer('Zylker')],
    ])
    expect(w.pairNames(plan.added)).toEqual(['Bob→Zylker'])
  })

  it('moving the customer between groups removes, keeps and adds in one save', () => {
    const w = buildWorld({
      groups: {
        Zoho: { customers: ['Zylker'], users: ['Alex', 'Bob'] },
        Site24x7: { users: ['Alex', 'Cleo'] },
      },
    })
    const plan = w.plan(w.editCustomer('Zylker', { groups: ['Site24x7'] }))

    expect(w.pairNames(plan.removed)).toEqual(['Bob→Zylker'])
    expect(w.keptNames(plan)).toEqual(['Alex→Zylker by Site24x7'])
    expect(w.pairNames(plan.added)).toEqual(['Cleo→Zylker'])
    expect(associationsAfter(w, plan)).toEqual(['Alex→Zylker', 'Cleo→Zylker'])
  })
})

describe('Edit Customer Group', () => {
  const world = () =>
    buildWorld({
      groups: {
        Zoho: { customers: ['Zylker', 'Acme', 'Globex'], users: ['Alex', 'Bob', 'Cleo'] },
        Site24x7: { customers: ['Acme'], users: ['Bob'] },
      },
      direct: [['Cleo', 'Zylker']],
    })

  it('deselecting a customer: the group users lose it unless another group or a direct link holds it', () => {
    const w = world()
    const plan = w.plan(w.editGroup('Zoho', { customers: ['Globex'] }))

    expect(w.pairNames(plan.removed)).toEqual(['Alex→Zylker', 'Alex→Acme', 'Bob→Zylker', 'Cleo→Acme'])
    expect(w.keptNames(plan)).toEqual(['Bob→Acme by Site24x7', 'Cleo→Zylker by direct'])
    expect(associationsAfter(w, plan)).toEqual([
      'Alex→Globex',
      'Bob→Acme',
      'Bob→Globex',
      'Cleo→Globex',
      'Cleo→Zylker',
    ])
  })

  it('removing a user from the group: the user loses every customer of the group not otherwise justified', () => {
    const w = world()
    const plan = w.plan(w.editGroup('Zoho', { users: ['Alex', 'Cleo'] }))

    expect(plan.delta.removeGroupUsers).toEqual([[w.group('Zoho'), w.user('Bob')]])
    expect(w.pairNames(plan.removed)).toEqual(['Bob→Zylker', 'Bob→Globex'])
    expect(w.keptNames(plan)).toEqual(['Bob→Acme by Site24x7'])
  })

  it('removing a user and a customer in one save counts each lost pair once', () => {
    const w = world()
    const plan = w.plan(w.editGroup('Zoho', { customers: ['Acme', 'Globex'], users: ['Bob', 'Cleo'] }))

    expect(w.pairNames(plan.removed)).toEqual(['Alex→Zylker', 'Alex→Acme', 'Alex→Globex', 'Bob→Zylker'])
    expect(w.keptNames(plan)).toEqual(['Cleo→Zylker by direct'])
  })

  it('adding customers and users adds the pairs that were not associated yet', () => {
    const w = buildWorld({
      customers: ['Initech'],
      groups: { Zoho: { customers: ['Zylker'], users: ['Alex'] } },
      direct: [['Dana', 'Zylker']],
    })
    const plan = w.plan(w.editGroup('Zoho', { customers: ['Zylker', 'Initech'], users: ['Alex', 'Dana'] }))

    expect(w.pairNames(plan.added)).toEqual(['Alex→Initech', 'Dana→Initech'])
    expect(plan.removed).toEqual([])
    expect(plan.kept).toEqual([])
    expect(associationsAfter(w, plan)).toEqual(['Alex→Initech', 'Alex→Zylker', 'Dana→Initech', 'Dana→Zylker'])
  })

  it('a new group (Add Customer Group) with customers and users adds their pairs', () => {
    const w = buildWorld({
      users: ['Alex', 'Bob'],
      customers: ['Zylker', 'Acme'],
      groups: { NewGroup: {} },
    })
    const plan = w.plan(w.editGroup('NewGroup', { customers: ['Zylker', 'Acme'], users: ['Alex', 'Bob'] }))

    expect(w.pairNames(plan.added)).toEqual(['Alex→Zylker', 'Alex→Acme', 'Bob→Zylker', 'Bob→Acme'])
    expect(needsPreview(plan)).toBe(false)
  })

  it('emptying the group removes everything it alone justified', () => {
    const w = world()
    const plan = w.plan(w.editGroup('Zoho', { customers: [], users: [] }))

    expect(associationsAfter(w, plan)).toEqual(['Bob→Acme', 'Cleo→Zylker'])
  })
})

describe('Edit User', () => {
  const world = () =>
    buildWorld({
      groups: {
        Zoho: { customers: ['Zylker', 'Acme'], users: ['Alex'] },
        Site24x7: { customers: ['Acme'], users: ['Alex'] },
        ManageEngine: { customers: ['Globex', 'Initech'], users: ['Alex'] },
        Spare: { customers: ['Zylker', 'Umbrella'] },
      },
      direct: [['Alex', 'Globex']],
    })

  it('deselecting a group: customers another of the user’s groups holds are kept, the others removed', () => {
    const w = world()
    const plan = w.plan(w.editUser('Alex', { groups: ['Site24x7', 'ManageEngine'] }))

    expect(w.pairNames(plan.removed)).toEqual(['Alex→Zylker'])
    expect(w.keptNames(plan)).toEqual(['Alex→Acme by Site24x7'])
  })

  it('deselecting a group: a direct link keeps its customer', () => {
    const w = world()
    const plan = w.plan(w.editUser('Alex', { groups: ['Zoho', 'Site24x7'] }))

    expect(w.pairNames(plan.removed)).toEqual(['Alex→Initech'])
    expect(w.keptNames(plan)).toEqual(['Alex→Globex by direct'])
  })

  it('selecting a group adds its customers the user did not have', () => {
    const w = world()
    const plan = w.plan(w.editUser('Alex', { groups: ['Zoho', 'Site24x7', 'ManageEngine', 'Spare'] }))

    expect(w.pairNames(plan.added)).toEqual(['Alex→Umbrella'])
    expect(plan.removed).toEqual([])
    expect(plan.kept).toEqual([])
  })

  it('swapping a group for another that holds the same customer keeps it without adding it', () => {
    const w = world()
    const plan = w.plan(w.editUser('Alex', { groups: ['Site24x7', 'ManageEngine', 'Spare'] }))

    expect(w.pairNames(plan.removed)).toEqual([])
    expect(w.keptNames(plan)).toEqual(['Alex→Zylker by Spare', 'Alex→Acme by Site24x7'])
    expect(w.pairNames(plan.added)).toEqual(['Alex→Umbrella'])
  })

  it('deselecting every group leaves only the direct links', () => {
    const w = world()
    const plan = w.plan(w.editUser('Alex', { groups: [] }))

    expect(associationsAfter(w, plan)).toEqual(['Alex→Globex'])
  })
})

describe('a save that changes nothing', () => {
  const w = buildWorld({
    groups: {
      Zoho: { customers: ['Zylker', 'Acme'], users: ['Alex', 'Bob'] },
      Site24x7: { customers: ['Zylker'], users: ['Alex'] },
    },
    direct: [['Cleo', 'Zylker']],
    accountContacts: { Zylker: 'Alex' },
    alertGroups: [{ name: 'Ops', customer: 'Zylker', members: ['Bob'] }],
  })

  it('Edit Customer Preferences with the current selection (in another order) gives an empty plan', () => {
    expectEmptyPlan(w.plan(w.editCustomer('Zylker', { groups: ['Site24x7', 'Zoho'], directUsers: ['Cleo'] })))
  })

  it('Edit Customer Preferences re-saving the same Account Contact gives an empty plan', () => {
    expectEmptyPlan(w.plan(w.editCustomer('Zylker', { accountContact: 'Alex' })))
  })

  it('Edit Customer Group with the current selection (in another order) gives an empty plan', () => {
    expectEmptyPlan(w.plan(w.editGroup('Zoho', { customers: ['Acme', 'Zylker'], users: ['Bob', 'Alex'] })))
  })

  it('Edit User with the current selection (in another order) gives an empty plan', () => {
    expectEmptyPlan(w.plan(w.editUser('Alex', { groups: ['Site24x7', 'Zoho'] })))
  })

  it('Edit User with no groups before and none after gives an empty plan', () => {
    expectEmptyPlan(w.plan(w.editUser('Cleo', { groups: [] })))
  })
})

describe('blocked removals', () => {
  describe('Account Contact', () => {
    const world = () =>
      buildWorld({
        groups: { Zoho: { customers: ['Zylker', 'Acme'], users: ['Alex', 'Bob'] } },
        direct: [['Cleo', 'Zylker']],
        accountContacts: { Zylker: 'Alex' },
      })

    it('blocks removing the Account Contact from the customer', () => {
      const w = world()
      const plan = w.plan(w.editCustomer('Zylker', { groups: [] }))

      expect(plan.blocked).toEqual([{ ...w.pair('Alex', 'Zylker'), reasons: [{ kind: 'account-contact' }] }])
      expect(w.pairNames(plan.removed)).toEqual(['Bob→Zylker'])
      expect(isBlocked(plan)).toBe(true)
      expect(needsPreview(plan)).toBe(true)
    })

    it('a blocked plan changes no association, not even its unblocked removals', () => {
      const w = world()
      const plan = w.plan(w.editCustomer('Zylker', { groups: [] }))
      const before = w.associationKeys()

      expect(applyPlanToAssociations(before, plan)).toEqual(before)
    })

    it('blocks in Edit Customer Group and Edit User as well', () => {
      const w = world()
      const groupPlan = w.plan(w.editGroup('Zoho', { customers: ['Acme'] }))
      expect(w.blockedNames(groupPlan)).toEqual(['Alex→Zylker: account contact'])
      expect(w.pairNames(groupPlan.removed)).toEqual(['Bob→Zylker'])

      const userPlan = w.plan(w.editUser('Alex', { groups: [] }))
      expect(w.blockedNames(userPlan)).toEqual(['Alex→Zylker: account contact'])
      expect(w.pairNames(userPlan.removed)).toEqual(['Alex→Acme'])
    })

    it('does not block when another path keeps the Account Contact on the customer', () => {
      const w = buildWorld({
        groups: { Zoho: { customers: ['Zylker'], users: ['Alex'] } },
        direct: [['Alex', 'Zylker']],
        accountContacts: { Zylker: 'Alex' },
      })
      const plan = w.plan(w.editCustomer('Zylker', { groups: [] }))

      expect(isBlocked(plan)).toBe(false)
      expect(w.keptNames(plan)).toEqual(['Alex→Zylker by direct'])
    })

    it('does not block removing the Account Contact of one customer from another customer', () => {
      const w = world()
      const plan = w.plan(w.editCustomer('Acme', { groups: [] }))

      expect(isBlocked(plan)).toBe(false)
      expect(w.pairNames(plan.removed)).toEqual(['Alex→Acme', 'Bob→Acme'])
    })

    it('changing the Account Contact in the same save lets the old contact go', () => {
      const w = world()
      const plan = w.plan(w.editCustomer('Zylker', { groups: [], accountContact: 'Cleo' }))

      expect(isBlocked(plan)).toBe(false)
      expect(w.pairNames(plan.removed)).toEqual(['Alex→Zylker', 'Bob→Zylker'])
      expect(associationsAfter(w, plan)).toEqual(['Alex→Acme', 'Bob→Acme', 'Cleo→Zylker'])
    })

    it('emptying the Account Contact in the same save lets the old contact go', () => {
      const w = world()
      const plan = w.plan(w.editCustomer('Zylker', { groups: [], accountContact: null }))

      expect(isBlocked(plan)).toBe(false)
      expect(w.pairNames(plan.removed)).toEqual(['Alex→Zylker', 'Bob→Zylker'])
    })

    it('the new Account Contact of the same save is blocked if the save would remove them', () => {
      const w = world()
      const plan = w.plan(w.editCustomer('Zylker', { groups: [], accountContact: 'Bob' }))

      expect(w.blockedNames(plan)).toEqual(['Bob→Zylker: account contact'])
      expect(w.pairNames(plan.removed)).toEqual(['Alex→Zylker'])
      expect(applyPlanToAssociations(w.associationKeys(), plan)).toEqual(w.associationKeys())
    })
  })

  describe('alert groups', () => {
    it('blocks removing the last member of an alert group of the customer', () => {
      const w = buildWorld({
        groups: { Zoho: { customers: ['Zylker'], users: ['Alex'] } },
        alertGroups: [{ name: 'Ops', customer: 'Zylker', members: ['Alex'] }],
      })
      const plan = w.plan(w.editGroup('Zoho', { customers: [] }))

      expect(plan.blocked).toEqual([
        {
          ...w.pair('Alex', 'Zylker'),
          reasons: [{ kind: 'last-alert-member', alertGroupId: w.alertGroup('Zylker', 'Ops') }],
        },
      ])
      expect(plan.removed).toEqual([])
      expect(plan.alertGroupRemovals).toEqual([])
      expect(isBlocked(plan)).toBe(true)
    })

    it('judges the save as a whole: two members leaving together both block', () => {
      const w = buildWorld({
        groups: { Zoho: { customers: ['Zylker'], users: ['Alex', 'Bob', 'Cleo'] } },
        direct: [['Cleo', 'Zylker']],
        alertGroups: [{ name: 'Ops', customer: 'Zylker', members: ['Alex', 'Bob'] }],
      })
      const plan = w.plan(w.editCustomer('Zylker', { groups: [] }))

      expect(w.blockedNames(plan)).toEqual(['Alex→Zylker: last of Ops', 'Bob→Zylker: last of Ops'])
      expect(plan.removed).toEqual([])
      expect(w.keptNames(plan)).toEqual(['Cleo→Zylker by direct'])
      expect(applyPlanToAssociations(w.associationKeys(), plan)).toEqual(w.associationKeys())
    })

    it('an alert group that keeps another member does not block; the leaving member leaves the alert group', () => {
      const w = buildWorld({
        groups: {
          Zoho: { customers: ['Zylker'], users: ['Alex', 'Bob'] },
          Site24x7: { customers: ['Zylker'], users: ['Bob'] },
        },
        alertGroups: [{ name: 'Ops', customer: 'Zylker', members: ['Alex', 'Bob'] }],
      })
      const plan = w.plan(w.editCustomer('Zylker', { groups: ['Site24x7'] }))

      expect(isBlocked(plan)).toBe(false)
      expect(w.pairNames(plan.removed)).toEqual(['Alex→Zylker'])
      expect(plan.alertGroupRemovals).toEqual([
        { alertGroupId: w.alertGroup('Zylker', 'Ops'), userId: w.user('Alex') },
      ])
    })

    it('an alert group of another customer is not affected', () => {
      const w = buildWorld({
        groups: { Zoho: { customers: ['Zylker', 'Acme'], users: ['Alex'] } },
        alertGroups: [{ name: 'Ops', customer: 'Acme', members: ['Alex'] }],
      })
      const plan = w.plan(w.editCustomer('Zylker', { groups: [] }))

      expect(isBlocked(plan)).toBe(false)
      expect(w.pairNames(plan.removed)).toEqual(['Alex→Zylker'])
      expect(plan.alertGroupRemovals).toEqual([])
    })

    it('a kept member stays in the alert group', () => {
      const w = buildWorld({
        groups: { Zoho: { customers: ['Zylker'], users: ['Alex'] } },
        direct: [['Alex', 'Zylker']],
        alertGroups: [{ name: 'Ops', customer: 'Zylker', members: ['Alex'] }],
      })
      const plan = w.plan(w.editCustomer('Zylker', { groups: [] }))

      expect(isBlocked(plan)).toBe(false)
      expect(plan.alertGroupRemovals).toEqual([])
    })

    it('lists removals from every alert group a removed member is in', () => {
      const w = buildWorld({
        groups: { Zoho: { customers: ['Zylker'], users: ['Alex', 'Bob'] } },
        direct: [['Bob', 'Zylker']],
        alertGroups: [
          { name: 'Ops', customer: 'Zylker', members: ['Alex', 'Bob'] },
          { name: 'Billing', customer: 'Zylker', members: ['Bob', 'Alex'] },
        ],
      })
      const plan = w.plan(w.editUser('Alex', { groups: [] }))

      expect(plan.alertGroupRemovals).toEqual([
        { alertGroupId: w.alertGroup('Zylker', 'Ops'), userId: w.user('Alex') },
        { alertGroupId: w.alertGroup('Zylker', 'Billing'), userId: w.user('Alex') },
      ])
    })

    it('a pair can be blocked for several reasons at once', () => {
      const w = buildWorld({
        groups: { Zoho: { customers: ['Zylker'], users: ['Alex'] } },
        accountContacts: { Zylker: 'Alex' },
        alertGroups: [
          { name: 'Ops', customer: 'Zylker', members: ['Alex'] },
          { name: 'Billing', customer: 'Zylker', members: ['Alex'] },
        ],
      })
      const plan = w.plan(w.editUser('Alex', { groups: [] }))

      expect(w.blockedNames(plan)).toEqual(['Alex→Zylker: account contact, last of Ops, last of Billing'])
    })
  })
})

describe('planFingerprint', () => {
  const spec = {
    groups: {
      Zoho: { customers: ['Zylker', 'Acme'], users: ['Alex', 'Bob'] },
      Site24x7: { customers: ['Zylker'], users: ['Alex', 'Cleo'] },
    },
    direct: [
      ['Bob', 'Acme'],
      ['Cleo', 'Zylker'],
    ],
    accountContacts: { Acme: 'Alex' },
    alertGroups: [
      { name: 'Ops', customer: 'Zylker', members: ['Bob', 'Alex'] },
      { name: 'Night', customer: 'Zylker', members: ['Bob'] },
    ],
  } satisfies WorldSpec

  it('is the same for the same input planned twice', () => {
    const w = buildWorld(spec)
    const edit = w.editCustomer('Zylker', { groups: [] })
    expect(planFingerprint(w.plan(edit))).toBe(planFingerprint(w.plan(edit)))
  })

  it('does not depend on the order of memberships, alert groups, members or selections', () => {
    const w = buildWorld(spec)
    const edit = w.editGroup('Zoho', { customers: ['Acme'], users: ['Bob', 'Cleo'] })
    const reversed = planEdit({
      memberships: {
        groupCustomers: [...w.memberships.groupCustomers].reverse(),
        groupUsers: [...w.memberships.groupUsers].reverse(),
        directLinks: [...w.memberships.directLinks].reverse(),
      },
      edit: { ...edit, customerIds: [...edit.customerIds].reverse(), userIds: [...edit.userIds].reverse() },
      accountContacts: new Map([...w.accountContacts].reverse()),
      alertGroups: [...w.alertGroups].reverse().map((a) => ({ ...a, members: [...a.members].reverse() })),
    })
    expect(planFingerprint(reversed)).toBe(planFingerprint(w.plan(edit)))
  })

  it('changes when the memberships change what the save would do', () => {
    const w = buildWorld(spec)
    const edit = w.editCustomer('Zylker', { groups: ['Site24x7'] })
    const fingerprint = planFingerprint(w.plan(edit))

    // Bob joins Site24x7 meanwhile: he is now kept instead of removed.
    const moved = planEdit({
      ...w.planInput(edit),
      memberships: {
        ...w.memberships,
        groupUsers: [...w.memberships.groupUsers, [w.group('Site24x7'), w.user('Bob')]],
      },
    })
    expect(planFingerprint(moved)).not.toBe(fingerprint)

    // Dana joins Zoho meanwhile: she would be removed as well.
    const joined = buildWorld({
      ...spec,
      groups: { ...spec.groups, Zoho: { ...spec.groups.Zoho, users: ['Alex', 'Bob', 'Dana'] } },
    })
    expect(planFingerprint(joined.plan(joined.editCustomer('Zylker', { groups: ['Site24x7'] })))).not.toBe(
      fingerprint,
    )
  })

  it('changes when a kept pair is kept by different paths', () => {
    const w = buildWorld(spec)
    const edit = w.editUser('Alex', { groups: ['Zoho'] })
    const fingerprint = planFingerprint(w.plan(edit))
    const withDirect = planEdit({
      ...w.planInput(edit),
      memberships: {
        ...w.memberships,
        directLinks: [...w.memberships.directLinks, [w.user('Alex'), w.customer('Zylker')]],
      },
    })
    expect(w.keptNames(withDirect)).toEqual(['Alex→Zylker by direct, Zoho'])
    expect(planFingerprint(withDirect)).not.toBe(fingerprint)
  })

  it('changes when the blocking situation changes', () => {
    const w = buildWorld(spec)
    const edit = w.editCustomer('Zylker', { groups: [] })
    const blocked = w.plan(edit)
    const unblocked = planEdit({ ...w.planInput(edit), alertGroups: [] })
    expect(isBlocked(blocked)).toBe(true)
    expect(isBlocked(unblocked)).toBe(false)
    expect(planFingerprint(unblocked)).not.toBe(planFingerprint(blocked))
  })
})

describe('explanations', () => {
  it('describes an Account Contact block with its fix', () => {
    const w = buildWorld({
      groups: { Zoho: { customers: ['Zylker'], users: ['Alex'] } },
      accountContacts: { Zylker: 'Alex' },
    })
    const [blocked] = w.plan(w.editCustomer('Zylker', { groups: [] })).blocked
    expect(blocked).toBeDefined()
    if (!blocked) return
    expect(blocked.reasons).toEqual([{ kind: 'account-contact' }])
    const [reason] = blocked.reasons
    if (!reason) return
    expect(describeBlock(blocked, reason, w.names)).toEqual({
      reason: 'Alex is the Account Contact of Zylker',
      fix: 'change the Account Contact of Zylker first',
    })
  })

  it('describes a last-alert-member block with its fix', () => {
    const w = buildWorld({
      groups: { Zoho: { customers: ['Zylker'], users: ['Alex'] } },
      alertGroups: [{ name: 'Ops', customer: 'Zylker', members: ['Alex'] }],
    })
    const [blocked] = w.plan(w.editUser('Alex', { groups: [] })).blocked
    expect(blocked).toBeDefined()
    if (!blocked) return
    const [reason] = blocked.reasons
    expect(reason).toEqual({ kind: 'last-alert-member', alertGroupId: w.alertGroup('Zylker', 'Ops') })
    if (!reason) return
    const text = describeBlock(blocked, reason, w.names)
    expect(text.fix).toBe('remove Alex from alert group Ops or delete the group first')
    expect(text.reason).toBe('removing Alex would leave alert group Ops of Zylker with no members')
  })

  it('names the group (and the direct link) that keeps a pair', () => {
    const w = buildWorld({
      groups: {
        Zoho: { customers: ['Zylker'], users: ['Alex', 'Bob'] },
        Site24x7: { customers: ['Zylker'], users: ['Alex', 'Bob'] },
      },
      direct: [['Bob', 'Zylker']],
    })
    const plan = w.plan(w.editCustomer('Zylker', { groups: ['Site24x7'] }))
    expect(plan.kept.map((k) => describeKeptBy(k.keptBy, w.names))).toEqual([
      'group Site24x7',
      'a direct link and group Site24x7',
    ])
  })

  it('falls back to ids for unknown names', () => {
    const w = buildWorld({})
    expect(describeKeptBy([{ kind: 'group', groupId: 999 }], w.names)).toBe('group group #999')
    expect(describeBlock({ userId: 7, customerId: 8 }, { kind: 'account-contact' }, w.names).fix).toBe(
      'change the Account Contact of customer #8 first',
    )
  })
})
