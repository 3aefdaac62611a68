// The three forms that change associations, and the membership changes each one means.
import type { CustomerId, GroupId, MembershipIndex, UserId } from './memberships.ts'

/** Edit Customer Preferences: the customer's full group and direct-user selections. */
export interface CustomerPreferencesEdit {
  kind: 'customer-preferences'
  customerId: CustomerId
  groupIds: GroupId[]
  directUserIds: UserId[]
  /** The Account Contact after the save (undefined: unchanged). */
  accountContactId?: UserId | null
}

/** Edit Customer Group (or Add Customer Group): the group's full customer and user selections. */
export interface CustomerGroupEdit {
  kind: 'customer-group'
  groupId: GroupId
  customerIds: CustomerId[]
  userIds: UserId[]
}

/** Edit User: the MSP user's full group selection. */
export interface UserGroupsEdit {
  kind: 'user-groups'
  userId: UserId
  groupIds: GroupId[]
}

export type AssociationEdit = CustomerPreferencesEdit | CustomerGroupEdit | UserGroupsEdit

export interface MembershipDelta {
  addGroupCustomers: Array<[GroupId, CustomerId]>
  removeGroupCustomers: Array<[GroupId, CustomerId]>
  addGroupUsers: Array<[GroupId, UserId]>
  removeGroupUsers: Array<[GroupId, UserId]>
  addDirect: Array<[UserId, CustomerId]>
  removeDirect: Array<[UserId, CustomerId]>
}

/** Splits a full selection into what it adds to and removes from the current one (both sorted). */
function diff(current: ReadonlySet<number>, selected: readonly number[]) {
  const next = new Set(selected)
  const added = [...next].filter((id) => !current.has(id)).sort((a, b) => a - b)
  const removed = [...current].filter((id) => !next.has(id)).sort((a, b) => a - b)
  return { added, removed }
}

export function deltaOf(edit: AssociationEdit, index: MembershipIndex): MembershipDelta {
  const delta: MembershipDelta = {
    addGroupCustomers: [],
    removeGroupCustomers: [],
    addGroupUsers: [],
    removeGroupUsers: [],
    addDirect: [],
    removeDirect: [],
  }
  switch (edit.kind) {
    case 'customer-preferences': {
      const c = edit.customerId
      const groups = diff(index.groupsOfCustomer(c), edit.groupIds)
      delta.addGroupCustomers = groups.added.map((g) => [g, c])
      delta.removeGroupCustomers = groups.removed.map((g) => [g, c])
      const users = diff(index.directUsersOf(c), edit.directUserIds)
      delta.addDirect = users.added.map((u) => [u, c])
      delta.removeDirect = users.removed.map((u) => [u, c])
      break
    }
    case 'customer-group': {
      const g = edit.groupId
      const customers = diff(index.customersOf(g), edit.customerIds)
      delta.addGroupCustomers = customers.added.map((c) => [g, c])
      delta.removeGroupCustomers = customers.removed.map((c) => [g, c])
      const users = diff(index.usersOf(g), edit.userIds)
      delta.addGroupUsers = users.added.map((u) => [g, u])
      delta.removeGroupUsers = users.removed.map((u) => [g, u])
      break
    }
    case 'user-groups': {
      const u = edit.userId
      const groups = diff(index.groupsOfUser(u), edit.groupIds)
      delta.addGroupUsers = groups.added.map((g) => [g, u])
      delta.removeGroupUsers = groups.removed.map((g) => [g, u])
      break
    }
  }
  return delta
}

export function applyDelta(index: MembershipIndex, delta: MembershipDelta) {
  for (const [g, c] of delta.removeGroupCustomers) index.unlinkGroupCustomer(g, c)
  for (const [g, u] of delta.removeGroupUsers) index.unlinkGroupUser(g, u)
  for (const [u, c] of delta.removeDirect) index.unlinkDirect(u, c)
  for (const [g, c] of delta.addGroupCustomers) index.linkGroupCustomer(g, c)
  for (const [g, u] of delta.addGroupUsers) index.linkGroupUser(g, u)
  for (const [u, c] of delta.addDirect) index.linkDirect(u, c)
}

export const isEmptyDelta = (d: MembershipDelta) => Object.values(d).every((list) => list.length === 0)
