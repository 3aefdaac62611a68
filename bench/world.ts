// The benchmark world: group G with 50 MSP users who, through 10 groups each and direct links,
// are associated with 10 000 customers; G itself holds 20 customers. Ids are fixed so the same
// world can be planned in memory (part 1) and written to a database (part 2).
import type { CustomerGroupEdit } from '../src/domain/edits.ts'
import { deriveAssociations, type Memberships, pairKey } from '../src/domain/memberships.ts'
import type { AlertGroupState, Pair, PlanInput } from '../src/domain/plan.ts'

export const G = 1
export const G_USERS = 50
export const CUSTOMERS = 10_000
export const G_CUSTOMERS = 20
export const GROUPS_PER_USER = 10
export const CUSTOMERS_PER_GROUP = 20
/** The admin who makes the edit (not in G). */
export const ADMIN_ID = G_USERS + 1

export interface World {
  userIds: number[]
  customerIds: number[]
  groupIds: number[]
  memberships: Memberships
  accountContacts: Map<number, number | null>
  alertGroups: AlertGroupState[]
  /** Materialized (user, customer) pairs, as the Association table holds them. */
  associations: Array<[number, number]>
  /** The edit: remove all 20 customers from G, keep its users. */
  edit: CustomerGroupEdit
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i)

export function buildWorld(): World {
  const users = range(1, G_USERS)
  const gCustomers = range(1, G_CUSTOMERS)
  const groupCustomers: Array<[number, number]> = gCustomers.map((c) => [G, c])
  const groupUsers: Array<[number, number]> = users.map((u) => [G, u])
  const directLinks: Array<[number, number]> = []
  const grouped = new Set<number>(gCustomers)

  // Each user is in G plus 9 groups of their own, 20 customers each, drawn from customers 21…
  let nextCustomer = G_CUSTOMERS + 1
  let nextGroup = G + 1
  const groupIds = [G]
  for (const u of users) {
    for (let k = 0; k < GROUPS_PER_USER - 1; k++) {
      const g = nextGroup++
      groupIds.push(g)
      groupUsers.push([g, u])
      // Every fifth user's first group also holds one of G's customers: that pair is kept.
      const shared = k === 0 && u % 5 === 0 ? ((u / 5) % G_CUSTOMERS) + 1 : undefined
      const own = shared === undefined ? CUSTOMERS_PER_GROUP : CUSTOMERS_PER_GROUP - 1
      if (shared !== undefined) groupCustomers.push([g, shared])
      for (let i = 0; i < own; i++) {
        groupCustomers.push([g, nextCustomer])
        grouped.add(nextCustomer++)
      }
    }
  }
  // The remaining customers are reached by direct links, round-robin over the users.
  let turn = 0
  for (let c = 1; c <= CUSTOMERS; c++) {
    if (grouped.has(c)) continue
    directLinks.push([users[turn % users.length] ?? 1, c])
    turn++
  }
  // Every seventh user is also directly linked to one of G's customers: kept too.
  for (const u of users) if (u % 7 === 0) directLinks.push([u, ((u * 3) % G_CUSTOMERS) + 1])

  const memberships: Memberships = { groupCustomers, groupUsers, directLinks }
  const associations = deriveAssociations(memberships)

  // Keepers of G's customers (a second path besides G) are their Account Contacts and alert-group
  // members, next to one user who is removed: the plan removes alert memberships but blocks nothing.
  const keepers = new Map<number, number>()
  for (const [g, c] of groupCustomers) {
    if (g === G || c > G_CUSTOMERS) continue
    const owner = groupUsers.find(([gg]) => gg === g)?.[1]
    if (owner !== undefined && !keepers.has(c)) keepers.set(c, owner)
  }
  for (const [u, c] of directLinks) if (c <= G_CUSTOMERS && !keepers.has(c)) keepers.set(c, u)

  const accountContacts = new Map<number, number | null>()
  const alertGroups: AlertGroupState[] = []
  for (let c = 1; c <= CUSTOMERS; c++) accountContacts.set(c, null)
  for (const [u, c] of associations)
    if (c > G_CUSTOMERS && accountContacts.get(c) === null) accountContacts.set(c, u)
  for (const c of gCustomers) {
    const keeper = keepers.get(c)
    if (keeper === undefined) continue
    accountContacts.set(c, keeper)
    const removedMember = keeper === 1 ? 2 : 1
    alertGroups.push({
      id: alertGroups.length + 1,
      customerId: c,
      name: `Ops ${c}`,
      members: [keeper, removedMember],
    })
  }

  return {
    userIds: [...users, ADMIN_ID],
    customerIds: range(1, CUSTOMERS),
    groupIds,
    memberships,
    accountContacts,
    alertGroups,
    associations,
    edit: { kind: 'customer-group', groupId: G, customerIds: [], userIds: users },
  }
}

/** The full world as a plan input (everything loaded). */
export function fullInput(world: World): PlanInput {
  return {
    memberships: world.memberships,
    edit: world.edit,
    accountContacts: world.accountContacts,
    alertGroups: world.alertGroups,
  }
}

/** The slice loadPlanInput loads for a customer-group edit (same filters, applied in memory). */
export function sliceInput(world: World): PlanInput {
  const { edit, memberships } = world
  const users = new Set([
    ...memberships.groupUsers.filter(([g]) => g === edit.groupId).map(([, u]) => u),
    ...edit.userIds,
  ])
  const customers = new Set([
    ...memberships.groupCustomers.filter(([g]) => g === edit.groupId).map(([, c]) => c),
    ...edit.customerIds,
  ])
  return {
    edit,
    memberships: {
      groupUsers: memberships.groupUsers.filter(([, u]) => users.has(u)),
      groupCustomers: memberships.groupCustomers.filter(([g, c]) => customers.has(c) || g === edit.groupId),
      directLinks: memberships.directLinks.filter(([u, c]) => customers.has(c) && users.has(u)),
    },
    accountContacts: new Map([...customers].map((c) => [c, world.accountContacts.get(c) ?? null])),
    alertGroups: world.alertGroups.filter((a) => customers.has(a.customerId)),
  }
}

/**
 * Baseline: the pairs a customer-group edit removes, by brute force — for every (user of the group,
 * deselected customer) pair, scan every other group for one holding both, then check the direct links.
 */
export function bruteForceRemoved(input: PlanInput): Pair[] {
  const edit = input.edit
  if (edit.kind !== 'customer-group') throw new Error('the baseline handles customer-group edits only')
  const usersOf = new Map<number, Set<number>>()
  const customersOf = new Map<number, Set<number>>()
  for (const [g, u] of input.memberships.groupUsers) {
    const set = usersOf.get(g) ?? new Set<number>()
    set.add(u)
    usersOf.set(g, set)
  }
  for (const [g, c] of input.memberships.groupCustomers) {
    const set = customersOf.get(g) ?? new Set<number>()
    set.add(c)
    customersOf.set(g, set)
  }
  const direct = new Set(input.memberships.directLinks.map(([u, c]) => pairKey(u, c)))
  const keep = new Set(edit.customerIds)
  const deselected = [...(customersOf.get(edit.groupId) ?? [])].filter((c) => !keep.has(c))
  const removed: Pair[] = []
  for (const userId of [...(usersOf.get(edit.groupId) ?? [])].sort((a, b) => a - b)) {
    for (const customerId of deselected) {
      if (direct.has(pairKey(userId, customerId))) continue
      let other = false
      for (const [g, customers] of customersOf) {
        if (g !== edit.groupId && customers.has(customerId) && usersOf.get(g)?.has(userId)) {
          other = true
          break
        }
      }
      if (!other) removed.push({ userId, customerId })
    }
  }
  return removed.sort((a, b) => a.userId - b.userId || a.customerId - b.customerId)
}
