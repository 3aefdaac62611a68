// Staff roles: admin > manager > technician > viewer, and what each may do.
export const STAFF_ROLES = ['admin', 'manager', 'technician', 'viewer'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

const RANK: Record<StaffRole, number> = { viewer: 0, technician: 1, manager: 2, admin: 3 }

/** The least role each kind of action needs. */
export const REQUIRED_ROLE = {
  read: 'viewer',
  managePortalUsers: 'technician',
  manageCustomerUsers: 'technician',
  editAssociations: 'manager',
  editGroups: 'manager',
  editCustomers: 'manager',
  applySubscriptions: 'manager',
  manageSubscriptionPool: 'admin',
  manageStaff: 'admin',
  manageSettings: 'admin',
  approve: 'admin',
} as const satisfies Record<string, StaffRole>

export type Capability = keyof typeof REQUIRED_ROLE

export const hasRole = (role: StaffRole, needed: StaffRole) => RANK[role] >= RANK[needed]
export const can = (role: StaffRole, capability: Capability) => hasRole(role, REQUIRED_ROLE[capability])
/** Below admin, staff act only on customers associated with them. */
export const seesAllCustomers = (role: StaffRole) => role === 'admin'
