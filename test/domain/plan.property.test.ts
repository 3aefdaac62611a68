// Property tests of the dissociation rule engine against an independent model of the association graph:
// a (user, customer) pair is associated iff a direct link or a shared group justifies it.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type {
  AssociationEdit,
  CustomerGroupEdit,
  CustomerPreferencesEdit,
  UserGroupsEdit,
} from '../../src/domain/edits.ts'
import { checkLimits, type GroupSettings } from '../../src/domain/limits.ts'
import {
  type CustomerId,
  deriveAssociations,
  type GroupId,
  type Justification,
  type Memberships,
  pairKey,
  type UserId,
} from '../../src/domain/memberships.ts'
import { nameBook } from '../../src/domain/names.ts'
import {
  type AlertGroupState,
  applyPlanToAssociations,
  isBlocked,
  needsPreview,
  type Pair,
  type PlanInput,
  planEdit,
  planFingerprint,
} from '../../src/domain/plan.ts'
import { associationKeysOf, planInputOf } from './world-builders.ts'

const RUNS = { numRuns: 1000 }

// Separate id ranges, so that a user id used as a customer id (or the like) cannot pass by accident.
const USERS: readonly UserId[] = [1, 2, 3, 4]
const CUSTOMERS: readonly CustomerId[] = [101, 102, 103, 104]
const GROUPS: readonly GroupId[] = [201, 202, 203, 204]

interface TestWorld {
  memberships: {
    groupCustomers: Array<[GroupId, CustomerId]>
    groupUsers: Array<[GroupId, UserId]>
    directLinks: Array<[UserId, CustomerId]>
  }
  accountContacts: Map<CustomerId, UserId | null>
  alertGroups: AlertGroupState[]
}

// ---------------------------------------------------------------------------------------------------------
// The independent model
// ---------------------------------------------------------------------------------------------------------

const has = <A, B>(edges: ReadonlyArray<readonly [A, B]>, a: A, b: B) =>
  edges.some(([x, y]) => x === a && y === b)

/** Every path that associates the pair: the direct link first, then shared groups by ascending id. */
function modelJustifications(m: Memberships, userId: UserId, customerId: CustomerId): Justification[] {
  const result: Justification[] = []
  if (has(m.directLinks, userId, customerId)) result.push({ kind: 'direct' })
  for (const groupId of GROUPS) {
    if (has(m.groupCustomers, groupId, customerId) && has(m.groupUsers, groupId, userId)) {
      result.push({ kind: 'group', groupId })
    }
  }
  return result
}

/** All associated pairs, as pair keys, by brute force over every user and customer. */
function modelAssociations(m: Memberships): Set<string> {
  const keys = new Set<string>()
  for (const u of USERS) {
    for (const c of CUSTOMERS) if (modelJustifications(m, u, c).length > 0) keys.add(pairKey(u, c))
  }
  return keys
}

const uniq = <T>(ids: readonly T[]) => [...new Set(ids)]

/** The memberships after the save, from the edge lists and the edit's full selections. */
function membershipsAfterEdit(m: Memberships, edit: AssociationEdit): TestWorld['memberships'] {
  const groupCustomers = m.groupCustomers.map(([g, c]): [GroupId, CustomerId] => [g, c])
  const groupUsers = m.groupUsers.map(([g, u]): [GroupId, UserId] => [g, u])
  const directLinks = m.directLinks.map(([u, c]): [UserId, CustomerId] => [u, c])
  switch (edit.kind) {
    case 'customer-preferences': {
      const c = edit.customerId
      return {
        groupCustomers: [
          ...groupCustomers.filter(([, id]) => id !== c),
          ...uniq(edit.groupIds).map((g): [GroupId, CustomerId] => [g, c]),
        ],
        groupUsers,
        directLinks: [
          ...directLinks.filter(([, id]) => id !== c),
          ...uniq(edit.directUserIds).map((u): [UserId, CustomerId] => [u, c]),
        ],
      }
    }
    case 'customer-group': {
      const g = edit.groupId
      return {
        groupCustomers: [
          ...groupCustomers.filter(([id]) => id !== g),
          ...uniq(edit.customerIds).map((c): [GroupId, CustomerId] => [g, c]),
        ],
        groupUsers: [
          ...groupUsers.filter(([id]) => id !== g),
          ...uniq(edit.userIds).map((u): [GroupId, UserId] => [g, u]),
        ],
        directLinks,
      }
    }
    case 'user-groups': {
      const u = edit.userId
      return {
        groupCustomers,
        groupUsers: [
          ...groupUsers.filter(([, id]) => id !== u),
          ...uniq(edit.groupIds).map((g): [GroupId, UserId] => [g, u]),
        ],
        directLinks,
      }
    }
  }
}

/** The Account Contact of a customer once the save is done. */
function contactAfterEdit(world: TestWorld, edit: AssociationEdit, customerId: CustomerId) {
  if (
    edit.kind === 'customer-preferences' &&
    edit.customerId === customerId &&
    edit.accountContactId !== undefined
  ) {
    return edit.accountContactId
  }
  return world.accountContacts.get(customerId) ?? null
}

/** The edit that puts the subject's selections back as they are in `m`. */
function inverseEdit(m: Memberships, edit: AssociationEdit): AssociationEdit {
  switch (edit.kind) {
    case 'customer-preferences':
      return {
        kind: 'customer-preferences',
        customerId: edit.customerId,
        groupIds: m.groupCustomers.filter(([, c]) => c === edit.customerId).map(([g]) => g),
        directUserIds: m.directLinks.filter(([, c]) => c === edit.customerId).map(([u]) => u),
      }
    case 'customer-group':
      return {
        kind: 'customer-group',
        groupId: edit.groupId,
        customerIds: m.groupCustomers.filter(([g]) => g === edit.groupId).map(([, c]) => c),
        userIds: m.groupUsers.filter(([g]) => g === edit.groupId).map(([, u]) => u),
      }
    case 'user-groups':
      return {
        kind: 'user-groups',
        userId: edit.userId,
        groupIds: m.groupUsers.filter(([, u]) => u === edit.userId).map(([g]) => g),
      }
  }
}

const keyOf = (p: Pair) => pairKey(p.userId, p.customerId)
const keysOf = (pairs: readonly Pair[]) => new Set(pairs.map(keyOf))
const difference = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  new Set([...a].filter((k) => !b.has(k)))
const intersection = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  new Set([...a].filter((k) => b.has(k)))
const sorted = (keys: Iterable<string>) => [...keys].sort()

function expectSortedAndUnique(pairs: readonly Pair[]) {
  for (let i = 1; i < pairs.length; i++) {
    const a = pairs[i - 1]
    const b = pairs[i]
    if (!a || !b) continue
    expect(a.userId < b.userId || (a.userId === b.userId && a.customerId < b.customerId)).toBe(true)
  }
}

// ---------------------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------------------

const allPairs = <A, B>(as: readonly A[], bs: readonly B[]) =>
  as.flatMap((a) => bs.map((b): [A, B] => [a, b]))

// Unbiased sizes: fast-check otherwise favours near-empty edge lists, and empty worlds test little.
const arbMemberships: fc.Arbitrary<TestWorld['memberships']> = fc.record({
  groupCustomers: fc.noBias(fc.shuffledSubarray(allPairs(GROUPS, CUSTOMERS))),
  groupUsers: fc.noBias(fc.shuffledSubarray(allPairs(GROUPS, USERS))),
  directLinks: fc.noBias(fc.shuffledSubarray(allPairs(USERS, CUSTOMERS), { maxLength: 6 })),
})

const arbAccountContacts: fc.Arbitrary<Map<CustomerId, UserId | null>> = fc
  .tuple(...CUSTOMERS.map(() => fc.option(fc.constantFrom(...USERS), { nil: null })))
  .map((contacts) => new Map(CUSTOMERS.map((c, i) => [c, contacts[i] ?? null])))

/** Alert groups of random customers; members mostly among the customer's associated users, sometimes anyone. */
function arbAlertGroups(m: Memberships): fc.Arbitrary<AlertGroupState[]> {
  const associated = modelAssociations(m)
  const alertGroup = fc.constantFrom(...CUSTOMERS).chain((customerId) => {
    const usersOfCustomer = USERS.filter((u) => associated.has(pairKey(u, customerId)))
    const anyone = fc.uniqueArray(fc.constantFrom(...USERS), { maxLength: 3 })
    const members =
      usersOfCustomer.length === 0
        ? anyone
        : fc.oneof(
            { weight: 3, arbitrary: fc.shuffledSubarray(usersOfCustomer, { minLength: 1 }) },
            { weight: 1, arbitrary: anyone },
          )
    return members.map((list) => ({ customerId, members: list }))
  })
  return fc
    .array(alertGroup, { maxLength: 5 })
    .map((groups) => groups.map((a, i) => ({ id: 301 + i, name: `Alert ${i + 1}`, ...a })))
}

const arbWorld: fc.Arbitrary<TestWorld> = arbMemberships.chain((memberships) =>
  fc.record({
    memberships: fc.constant(memberships),
    accountContacts: arbAccountContacts,
    alertGroups: arbAlertGroups(memberships),
  }),
)

/** Worlds where no removal can be blocked: no Account Contacts and no alert groups. */
const arbPlainWorld: fc.Arbitrary<TestWorld> = arbMemberships.map((memberships) => ({
  memberships,
  accountContacts: new Map(),
  alertGroups: [],
}))

/**
 * A full selection: a random subset (in random order), the current one, the current one with one id toggled,
 * or part of the current one (the saves that remove, which matter most).
 */
function arbSelection(all: readonly number[], current: readonly number[]): fc.Arbitrary<number[]> {
  return fc.oneof<fc.WeightedArbitrary<number[]>[]>(
    { weight: 3, arbitrary: fc.noBias(fc.shuffledSubarray([...all])) },
    { weight: 1, arbitrary: fc.constant([...current]) },
    { weight: 2, arbitrary: fc.shuffledSubarray([...current]) },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(...all)
        .map((id) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id])),
    },
  )
}

const arbContactChoice: fc.Arbitrary<UserId | null | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom(...USERS),
)

function arbEdit(
  m: Memberships,
  contactChoice: fc.Arbitrary<UserId | null | undefined>,
): fc.Arbitrary<AssociationEdit> {
  const customerPreferences = fc.constantFrom(...CUSTOMERS).chain((customerId) =>
    fc
      .record({
        groupIds: arbSelection(
          GROUPS,
          m.groupCustomers.filter(([, c]) => c === customerId).map(([g]) => g),
        ),
        directUserIds: arbSelection(
          USERS,
          m.directLinks.filter(([, c]) => c === customerId).map(([u]) => u),
        ),
        contact: contactChoice,
      })
      .map(({ groupIds, directUserIds, contact }) => {
        const edit: CustomerPreferencesEdit = {
          kind: 'customer-preferences',
          customerId,
          groupIds,
          directUserIds,
        }
        if (contact !== undefined) edit.accountContactId = contact
        return edit
      }),
  )
  const customerGroup = fc.constantFrom(...GROUPS).chain((groupId) =>
    fc
      .record({
        customerIds: arbSelection(
          CUSTOMERS,
          m.groupCustomers.filter(([g]) => g === groupId).map(([, c]) => c),
        ),
        userIds: arbSelection(
          USERS,
          m.groupUsers.filter(([g]) => g === groupId).map(([, u]) => u),
        ),
      })
      .map((selection): CustomerGroupEdit => ({ kind: 'customer-group', groupId, ...selection })),
  )
  const userGroups = fc.constantFrom(...USERS).chain((userId) =>
    arbSelection(
      GROUPS,
      m.groupUsers.filter(([, u]) => u === userId).map(([g]) => g),
    ).map((groupIds): UserGroupsEdit => ({ kind: 'user-groups', userId, groupIds })),
  )
  return fc.oneof(customerPreferences, customerGroup, userGroups)
}

/** A world and an edit of it; the edit may change the Account Contact unless `plain`. */
const arbCase = (worlds: fc.Arbitrary<TestWorld>, plain = false) =>
  worlds.chain((world) =>
    arbEdit(world.memberships, plain ? fc.constant(undefined) : arbContactChoice).map((edit) => ({
      world,
      edit,
    })),
  )

/** A deterministic shuffle (mulberry32-driven Fisher–Yates), so that a failing seed can be replayed. */
function seededShuffle(seed: number) {
  let state = seed >>> 0
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return <T>(items: readonly T[]): T[] => {
    const result = [...items]
    for (let i = result.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      const a = result[i]
      const b = result[j]
      if (a === undefined || b === undefined) continue
      result[i] = b
      result[j] = a
    }
    return result
  }
}

// ---------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------

describe('deriveAssociations (property)', () => {
  it('holds exactly the pairs a direct link or a shared group justifies', () => {
    fc.assert(
      fc.property(arbMemberships, (m) => {
        const derived = deriveAssociations(m)
        expect(sorted(derived.map(([u, c]) => pairKey(u, c)))).toEqual(sorted(modelAssociations(m)))
        expect(new Set(derived.map(([u, c]) => pairKey(u, c))).size).toBe(derived.length)
      }),
      RUNS,
    )
  })
})

describe('planEdit (property)', () => {
  it('an unblocked plan applied to the associations gives the associations of the edited world', () => {
    fc.assert(
      fc.property(arbCase(arbWorld), ({ world, edit }) => {
        const assoc0 = associationKeysOf(world.memberships)
        const plan = planEdit(planInputOf(world, edit))
        const next = applyPlanToAssociations(assoc0, plan)
        if (isBlocked(plan)) {
          expect(sorted(next)).toEqual(sorted(assoc0))
          return
        }
        const worldAfterEdit = membershipsAfterEdit(world.memberships, edit)
        const expected = deriveAssociations(worldAfterEdit).map(([u, c]) => pairKey(u, c))
        expect(sorted(next)).toEqual(sorted(expected))
        expect(sorted(next)).toEqual(sorted(modelAssociations(worldAfterEdit)))
      }),
      RUNS,
    )
  })

  it('its `after` index is the edited world', () => {
    const ids = (set: ReadonlySet<number>) => [...set].sort((a, b) => a - b)
    const firsts = (edges: ReadonlyArray<readonly [number, number]>, second: number) =>
      uniq(edges.filter(([, y]) => y === second).map(([x]) => x)).sort((a, b) => a - b)
    const seconds = (edges: ReadonlyArray<readonly [number, number]>, first: number) =>
      uniq(edges.filter(([x]) => x === first).map(([, y]) => y)).sort((a, b) => a - b)
    fc.assert(
      fc.property(arbCase(arbWorld), ({ world, edit }) => {
        const { after } = planEdit(planInputOf(world, edit))
        const m = membershipsAfterEdit(world.memberships, edit)
        for (const u of USERS) {
          expect(ids(after.groupsOfUser(u))).toEqual(firsts(m.groupUsers, u))
          for (const c of CUSTOMERS) {
            expect(after.justifications(u, c)).toEqual(modelJustifications(m, u, c))
            expect(after.isAssociated(u, c)).toBe(modelJustifications(m, u, c).length > 0)
          }
        }
        for (const c of CUSTOMERS) {
          expect(ids(after.groupsOfCustomer(c))).toEqual(firsts(m.groupCustomers, c))
          expect(ids(after.directUsersOf(c))).toEqual(firsts(m.directLinks, c))
        }
        for (const g of GROUPS) {
          expect(ids(after.customersOf(g))).toEqual(seconds(m.groupCustomers, g))
          expect(ids(after.usersOf(g))).toEqual(seconds(m.groupUsers, g))
        }
      }),
      RUNS,
    )
  })

  it('sorts every pair into added, removed, kept or blocked exactly as the rules say', () => {
    fc.assert(
      fc.property(arbCase(arbWorld), ({ world, edit }) => {
        const plan = planEdit(planInputOf(world, edit))
        const worldAfterEdit = membershipsAfterEdit(world.memberships, edit)
        const before = modelAssociations(world.memberships)
        const after = modelAssociations(worldAfterEdit)
        const removed = keysOf(plan.removed)
        const blocked = keysOf(plan.blocked)
        const kept = keysOf(plan.kept)
        const added = keysOf(plan.added)

        // Lists are sorted by user then customer, without repeats.
        for (const list of [plan.added, plan.removed, plan.kept, plan.blocked]) expectSortedAndUnique(list)

        // Every pair the save takes away is either removed or blocked, never both.
        expect(sorted(intersection(removed, blocked))).toEqual([])
        expect(sorted(new Set([...removed, ...blocked]))).toEqual(sorted(difference(before, after)))

        // Removed pairs: associated before, justified by nothing after.
        for (const p of plan.removed) {
          expect(before.has(keyOf(p))).toBe(true)
          expect(modelJustifications(worldAfterEdit, p.userId, p.customerId)).toEqual([])
        }

        // Added pairs: exactly the pairs not associated before and associated after.
        expect(sorted(added)).toEqual(sorted(difference(after, before)))

        // Kept pairs: associated before, lost a path, still justified after by exactly the listed paths.
        const lostAPath = [...intersection(before, after)].filter((key) => {
          const [u = 0, c = 0] = key.split(':').map(Number)
          const now = modelJustifications(worldAfterEdit, u, c).map((j) => JSON.stringify(j))
          return modelJustifications(world.memberships, u, c).some((j) => !now.includes(JSON.stringify(j)))
        })
        expect(sorted(kept)).toEqual(sorted(lostAPath))
        for (const k of plan.kept) {
          expect(k.keptBy.length).toBeGreaterThan(0)
          expect(k.keptBy).toEqual(modelJustifications(worldAfterEdit, k.userId, k.customerId))
        }

        expect(needsPreview(plan)).toBe(plan.removed.length > 0 || plan.blocked.length > 0)
        expect(isBlocked(plan)).toBe(plan.blocked.length > 0)
      }),
      RUNS,
    )
  })

  it('blocks a pair only for a real reason, and blocks every pair that has one', () => {
    fc.assert(
      fc.property(arbCase(arbWorld), ({ world, edit }) => {
        const plan = planEdit(planInputOf(world, edit))
        const leaving = new Set([...keysOf(plan.removed), ...keysOf(plan.blocked)])
        const alertGroupById = new Map(world.alertGroups.map((a) => [a.id, a]))
        const emptied = (a: AlertGroupState) =>
          a.members.length > 0 && a.members.every((u) => leaving.has(pairKey(u, a.customerId)))

        // Soundness: each reason is true.
        for (const b of plan.blocked) {
          expect(b.reasons.length).toBeGreaterThan(0)
          for (const reason of b.reasons) {
            if (reason.kind === 'account-contact') {
              expect(contactAfterEdit(world, edit, b.customerId)).toBe(b.userId)
            } else {
              const alertGroup = alertGroupById.get(reason.alertGroupId)
              expect(alertGroup).toBeDefined()
              if (!alertGroup) continue
              expect(alertGroup.customerId).toBe(b.customerId)
              expect(alertGroup.members).toContain(b.userId)
              expect(emptied(alertGroup)).toBe(true)
            }
          }
        }

        // Completeness: every leaving Account Contact and every member of an emptied alert group is blocked.
        const reasonsOf = new Map(plan.blocked.map((b) => [keyOf(b), b.reasons]))
        for (const key of leaving) {
          const [u = 0, c = 0] = key.split(':').map(Number)
          if (contactAfterEdit(world, edit, c) === u) {
            expect(reasonsOf.get(key)).toContainEqual({ kind: 'account-contact' })
          }
        }
        for (const alertGroup of world.alertGroups.filter(emptied)) {
          for (const u of alertGroup.members) {
            expect(reasonsOf.get(pairKey(u, alertGroup.customerId))).toContainEqual({
              kind: 'last-alert-member',
              alertGroupId: alertGroup.id,
            })
          }
        }

        // A removed pair takes the user out of every alert group of that customer, and nothing else does.
        const expectedAlertRemovals = world.alertGroups.flatMap((a) =>
          a.members
            .filter((u) => keysOf(plan.removed).has(pairKey(u, a.customerId)))
            .map((userId) => ({ alertGroupId: a.id, userId })),
        )
        const byAlertThenUser = (
          x: { alertGroupId: number; userId: number },
          y: { alertGroupId: number; userId: number },
        ) => x.alertGroupId - y.alertGroupId || x.userId - y.userId
        expect(plan.alertGroupRemovals).toEqual(expectedAlertRemovals.sort(byAlertThenUser))
      }),
      RUNS,
    )
  })

  it('does not change its input', () => {
    fc.assert(
      fc.property(arbCase(arbWorld), ({ world, edit }) => {
        const input = planInputOf(world, edit)
        const copy = structuredClone(input)
        planEdit(input)
        expect(input).toEqual(copy)
      }),
      RUNS,
    )
  })
})

describe('the inverse edit (property)', () => {
  it('planning the previous selection on the edited world restores the associations exactly', () => {
    fc.assert(
      fc.property(arbCase(arbPlainWorld, true), ({ world, edit }) => {
        const assoc0 = associationKeysOf(world.memberships)
        const plan = planEdit(planInputOf(world, edit))
        expect(isBlocked(plan)).toBe(false)
        const assoc1 = applyPlanToAssociations(assoc0, plan)

        const edited: TestWorld = { ...world, memberships: membershipsAfterEdit(world.memberships, edit) }
        const undo = planEdit(planInputOf(edited, inverseEdit(world.memberships, edit)))
        expect(isBlocked(undo)).toBe(false)
        expect(sorted(applyPlanToAssociations(assoc1, undo))).toEqual(sorted(assoc0))

        // The undo does the opposite of the edit, pair for pair and membership for membership.
        expect(undo.added).toEqual(plan.removed)
        expect(undo.removed).toEqual(plan.added)
        expect(undo.delta.addGroupCustomers).toEqual(plan.delta.removeGroupCustomers)
        expect(undo.delta.removeGroupCustomers).toEqual(plan.delta.addGroupCustomers)
        expect(undo.delta.addGroupUsers).toEqual(plan.delta.removeGroupUsers)
        expect(undo.delta.removeGroupUsers).toEqual(plan.delta.addGroupUsers)
        expect(undo.delta.addDirect).toEqual(plan.delta.removeDirect)
        expect(undo.delta.removeDirect).toEqual(plan.delta.addDirect)
      }),
      RUNS,
    )
  })
})

describe('planFingerprint (property)', () => {
  it('is the same when the same input is planned twice', () => {
    fc.assert(
      fc.property(arbCase(arbWorld), ({ world, edit }) => {
        expect(planFingerprint(planEdit(planInputOf(world, edit)))).toBe(
          planFingerprint(planEdit(planInputOf(world, edit))),
        )
      }),
      RUNS,
    )
  })

  it('does not depend on the order of edges, alert groups, members or selections', () => {
    fc.assert(
      fc.property(arbCase(arbWorld), fc.integer(), ({ world, edit }, seed) => {
        const shuffle = seededShuffle(seed)
        const shuffledEdit = (): AssociationEdit => {
          switch (edit.kind) {
            case 'customer-preferences':
              return { ...edit, groupIds: shuffle(edit.groupIds), directUserIds: shuffle(edit.directUserIds) }
            case 'customer-group':
              return { ...edit, customerIds: shuffle(edit.customerIds), userIds: shuffle(edit.userIds) }
            case 'user-groups':
              return { ...edit, groupIds: shuffle(edit.groupIds) }
          }
        }
        const shuffled: PlanInput = {
          memberships: {
            groupCustomers: shuffle(world.memberships.groupCustomers),
            groupUsers: shuffle(world.memberships.groupUsers),
            directLinks: shuffle(world.memberships.directLinks),
          },
          edit: shuffledEdit(),
          accountContacts: new Map(shuffle([...world.accountContacts])),
          alertGroups: shuffle(world.alertGroups).map((a) => ({ ...a, members: shuffle(a.members) })),
        }
        expect(planFingerprint(planEdit(shuffled))).toBe(planFingerprint(planEdit(planInputOf(world, edit))))
      }),
      RUNS,
    )
  })
})

// The slice PlanInput documents: for every pair the edit may touch, all groups of that user, all groups of that
// customer and their direct link; all current members of the edited selections; the subject customers'
// contacts and alert groups. Planning on it must give the same plan (and limits) as planning on everything.
function sliceFor(world: TestWorld, edit: AssociationEdit): PlanInput {
  const m = world.memberships
  let users: UserId[]
  let customers: CustomerId[]
  let groups: GroupId[]
  switch (edit.kind) {
    case 'customer-preferences': {
      groups = uniq([
        ...m.groupCustomers.filter(([, c]) => c === edit.customerId).map(([g]) => g),
        ...edit.groupIds,
      ])
      users = uniq([
        ...m.groupUsers.filter(([g]) => groups.includes(g)).map(([, u]) => u),
        ...m.directLinks.filter(([, c]) => c === edit.customerId).map(([u]) => u),
        ...edit.directUserIds,
      ])
      customers = [edit.customerId]
      break
    }
    case 'customer-group': {
      groups = [edit.groupId]
      users = uniq([...m.groupUsers.filter(([g]) => g === edit.groupId).map(([, u]) => u), ...edit.userIds])
      customers = uniq([
        ...m.groupCustomers.filter(([g]) => g === edit.groupId).map(([, c]) => c),
        ...edit.customerIds,
      ])
      break
    }
    case 'user-groups': {
      groups = uniq([...m.groupUsers.filter(([, u]) => u === edit.userId).map(([g]) => g), ...edit.groupIds])
      users = [edit.userId]
      customers = uniq(m.groupCustomers.filter(([g]) => groups.includes(g)).map(([, c]) => c))
      break
    }
  }
  return {
    memberships: {
      groupUsers: m.groupUsers.filter(([, u]) => users.includes(u)),
      groupCustomers: m.groupCustomers.filter(([g, c]) => customers.includes(c) || groups.includes(g)),
      directLinks: m.directLinks.filter(([u, c]) => users.includes(u) && customers.includes(c)),
    },
    edit,
    accountContacts: new Map([...world.accountContacts].filter(([c]) => customers.includes(c))),
    alertGroups: world.alertGroups.filter((a) => customers.includes(a.customerId)),
  }
}

describe('planning on the documented slice (property)', () => {
  const tight: GroupSettings = { groupMode: 'exclusive', maxCustomersPerGroup: 2, maxGroupsPerUser: 2 }
  const names = nameBook({
    users: new Map(),
    customers: new Map(),
    groups: new Map(),
    alertGroups: new Map(),
  })

  it('gives the same plan and the same limit violations as planning on everything', () => {
    fc.assert(
      fc.property(arbCase(arbWorld), ({ world, edit }) => {
        const full = planEdit(planInputOf(world, edit))
        const slice = planEdit(sliceFor(world, edit))
        expect(planFingerprint(slice)).toBe(planFingerprint(full))
        expect(checkLimits(slice.delta, slice.after, tight, names)).toEqual(
          checkLimits(full.delta, full.after, tight, names),
        )
      }),
      RUNS,
    )
  })
})
