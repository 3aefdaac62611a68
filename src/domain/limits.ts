// Limits a save must respect, checked on the memberships after the edit, before anything is written.
import type { MembershipDelta } from './edits.ts'
import type { CustomerId, GroupId, MembershipIndex, UserId } from './memberships.ts'
import type { NameBook } from './names.ts'

export type GroupMode = 'shared' | 'exclusive'

export interface GroupSettings {
  groupMode: GroupMode
  maxCustomersPerGroup: number
  maxGroupsPerUser: number
}

export const DEFAULT_GROUP_SETTINGS: GroupSettings = {
  groupMode: 'shared',
  maxCustomersPerGroup: 20,
  maxGroupsPerUser: 10,
}

/** A broken limit, as data: the Slack and CLI edges turn the code into words. */
export type LimitViolation =
  | { code: 'limit.customersPerGroup'; groupId: GroupId; group: string; limit: number; count: number }
  | { code: 'limit.groupsPerUser'; userId: UserId; user: string; limit: number; count: number }
  | {
      code: 'limit.exclusiveGroup'
      groupId: GroupId
      customerId: CustomerId
      customer: string
      /** The groups that already hold the customer. */
      takenBy: string[]
    }

export type LimitCode = LimitViolation['code']

/**
 * Checks the groups and users that the delta adds to. `after` must hold all customers of every group
 * gaining customers, all groups of every user gaining groups, and all groups of every customer gaining groups.
 */
export function checkLimits(
  delta: MembershipDelta,
  after: MembershipIndex,
  settings: GroupSettings,
  names: NameBook,
): LimitViolation[] {
  const violations: LimitViolation[] = []
  for (const groupId of new Set(delta.addGroupCustomers.map(([g]) => g))) {
    const count = after.customersOf(groupId).size
    if (count > settings.maxCustomersPerGroup) {
      const limit = settings.maxCustomersPerGroup
      violations.push({ code: 'limit.customersPerGroup', groupId, group: names.group(groupId), limit, count })
    }
  }
  for (const userId of new Set(delta.addGroupUsers.map(([, u]) => u))) {
    const count = after.groupsOfUser(userId).size
    if (count > settings.maxGroupsPerUser) {
      const limit = settings.maxGroupsPerUser
      violations.push({ code: 'limit.groupsPerUser', userId, user: names.user(userId), limit, count })
    }
  }
  if (settings.groupMode === 'exclusive') {
    for (const [groupId, customerId] of delta.addGroupCustomers) {
      const others = [...after.groupsOfCustomer(customerId)].filter((g) => g !== groupId)
      if (others.length === 0) continue
      violations.push({
        code: 'limit.exclusiveGroup',
        groupId,
        customerId,
        customer: names.customer(customerId),
        takenBy: others.map(names.group),
      })
    }
  }
  return violations
}
