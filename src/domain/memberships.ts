// The association graph: customers and MSP users joined through groups and direct links.
// A (user, customer) pair is associated when a direct link or a shared group justifies it.

export type UserId = number
export type CustomerId = number
export type GroupId = number

export interface Memberships {
  groupCustomers: ReadonlyArray<readonly [GroupId, CustomerId]>
  groupUsers: ReadonlyArray<readonly [GroupId, UserId]>
  directLinks: ReadonlyArray<readonly [UserId, CustomerId]>
}

export type Justification = { kind: 'group'; groupId: GroupId } | { kind: 'direct' }

export const pairKey = (userId: UserId, customerId: CustomerId) => `${userId}:${customerId}`

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
  const set = map.get(key)
  if (set) set.add(value)
  else map.set(key, new Set([value]))
}

const EMPTY: ReadonlySet<never> = new Set()

/** Both-way indexes over a memberships slice; cheap lookups for the rule engine. */
export class MembershipIndex {
  private readonly customersByGroup = new Map<GroupId, Set<CustomerId>>()
  private readonly groupsByCustomer = new Map<CustomerId, Set<GroupId>>()
  private readonly usersByGroup = new Map<GroupId, Set<UserId>>()
  private readonly groupsByUser = new Map<UserId, Set<GroupId>>()
  private readonly direct = new Set<string>()
  private readonly directByCustomer = new Map<CustomerId, Set<UserId>>()

  constructor(memberships: Memberships) {
    for (const [g, c] of memberships.groupCustomers) this.linkGroupCustomer(g, c)
    for (const [g, u] of memberships.groupUsers) this.linkGroupUser(g, u)
    for (const [u, c] of memberships.directLinks) this.linkDirect(u, c)
  }

  customersOf(groupId: GroupId): ReadonlySet<CustomerId> {
    return this.customersByGroup.get(groupId) ?? EMPTY
  }
  groupsOfCustomer(customerId: CustomerId): ReadonlySet<GroupId> {
    return this.groupsByCustomer.get(customerId) ?? EMPTY
  }
  usersOf(groupId: GroupId): ReadonlySet<UserId> {
    return this.usersByGroup.get(groupId) ?? EMPTY
  }
  groupsOfUser(userId: UserId): ReadonlySet<GroupId> {
    return this.groupsByUser.get(userId) ?? EMPTY
  }
  directUsersOf(customerId: CustomerId): ReadonlySet<UserId> {
    return this.directByCustomer.get(customerId) ?? EMPTY
  }
  hasDirect(userId: UserId, customerId: CustomerId): boolean {
    return this.direct.has(pairKey(userId, customerId))
  }

  /** Every path that associates the pair, groups in ascending id order. */
  justifications(userId: UserId, customerId: CustomerId): Justification[] {
    const result: Justification[] = []
    if (this.hasDirect(userId, customerId)) result.push({ kind: 'direct' })
    const userGroups = this.groupsOfUser(userId)
    const customerGroups = this.groupsOfCustomer(customerId)
    const [small, large] =
      userGroups.size <= customerGroups.size ? [userGroups, customerGroups] : [customerGroups, userGroups]
    const shared = [...small].filter((g) => large.has(g)).sort((a, b) => a - b)
    for (const groupId of shared) result.push({ kind: 'group', groupId })
    return result
  }

  isAssociated(userId: UserId, customerId: CustomerId): boolean {
    if (this.hasDirect(userId, customerId)) return true
    const userGroups = this.groupsOfUser(userId)
    for (const g of this.groupsOfCustomer(customerId)) if (userGroups.has(g)) return true
    return false
  }

  linkGroupCustomer(groupId: GroupId, customerId: CustomerId) {
    addTo(this.customersByGroup, groupId, customerId)
    addTo(this.groupsByCustomer, customerId, groupId)
  }
  unlinkGroupCustomer(groupId: GroupId, customerId: CustomerId) {
    this.customersByGroup.get(groupId)?.delete(customerId)
    this.groupsByCustomer.get(customerId)?.delete(groupId)
  }
  linkGroupUser(groupId: GroupId, userId: UserId) {
    addTo(this.usersByGroup, groupId, userId)
    addTo(this.groupsByUser, userId, groupId)
  }
  unlinkGroupUser(groupId: GroupId, userId: UserId) {
    this.usersByGroup.get(groupId)?.delete(userId)
    this.groupsByUser.get(userId)?.delete(groupId)
  }
  linkDirect(userId: UserId, customerId: CustomerId) {
    this.direct.add(pairKey(userId, customerId))
    addTo(this.directByCustomer, customerId, userId)
  }
  unlinkDirect(userId: UserId, customerId: CustomerId) {
    this.direct.delete(pairKey(userId, customerId))
    this.directByCustomer.get(customerId)?.delete(userId)
  }
}

/** All associated pairs of a complete memberships set, sorted by user then customer. */
export function deriveAssociations(memberships: Memberships): Array<[UserId, CustomerId]> {
  const index = new MembershipIndex(memberships)
  const pairs = new Map<string, [UserId, CustomerId]>()
  for (const [u, c] of memberships.directLinks) pairs.set(pairKey(u, c), [u, c])
  const groupIds = new Set(memberships.groupCustomers.map(([g]) => g))
  for (const g of groupIds) {
    for (const u of index.usersOf(g)) for (const c of index.customersOf(g)) pairs.set(pairKey(u, c), [u, c])
  }
  return [...pairs.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1])
}
