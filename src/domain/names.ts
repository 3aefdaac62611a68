// Display names for ids, so rule messages read as the admin would say them.
import type { CustomerId, GroupId, UserId } from './memberships.ts'

/** Names are unique case-insensitively: this is the key they are stored and compared under. */
export const nameKey = (name: string) => name.trim().toLowerCase()

export interface NameBook {
  user(id: UserId): string
  customer(id: CustomerId): string
  group(id: GroupId): string
  alertGroup(id: number): string
}

export function nameBook(maps: {
  users: ReadonlyMap<UserId, string>
  customers: ReadonlyMap<CustomerId, string>
  groups: ReadonlyMap<GroupId, string>
  alertGroups: ReadonlyMap<number, string>
}): NameBook {
  return {
    user: (id) => maps.users.get(id) ?? `user #${id}`,
    customer: (id) => maps.customers.get(id) ?? `customer #${id}`,
    group: (id) => maps.groups.get(id) ?? `group #${id}`,
    alertGroup: (id) => maps.alertGroups.get(id) ?? `alert group #${id}`,
  }
}
