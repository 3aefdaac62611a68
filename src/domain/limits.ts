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

export type LimitKind = 'customers-per-group' | 'groups-per-user' | 'exclusive-group'

export interface LimitViolation {
  kind: LimitKind
  groupId?: GroupId
  userId?: UserId
  customerId?: CustomerId
  message: string
}

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
      violations.push({
        kind: 'customers-per-group',
        groupId,
        message: `A customer group holds at most ${settings.maxCustomersPerGroup} customers; ${names.group(groupId)} would have ${count}.`,
      })
    }
  }
  for (const userId of new Set(delta.addGroupUsers.map(([, u]) => u))) {
    const count = after.groupsOfUser(userId).size
    if (count > settings.maxGroupsPerUser) {
      violations.push({
        kind: 'groups-per-user',
        userId,
        message: `An MSP user can be in at most ${settings.maxGroupsPerUser} customer groups; ${names.user(userId)} would be in ${count}.`,
      })
    }
  }
  if (settings.groupMode === 'exclusive') {
    for (const [groupId, customerId] of delta.addGroupCustomers) {
      const others = [...after.groupsOfCustomer(customerId)].filter((g) => g !== groupId)
      if (others.length === 0) continue
      violations.push({
        kind: 'exclusive-group',
        groupId,
        customerId,
        message: `${names.customer(customerId)} is already in ${others.map(names.group).join(', ')}; groups are exclusive, so a customer can be in only one.`,
      })
    }
  }
  return violations
}
