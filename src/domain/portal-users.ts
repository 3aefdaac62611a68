// Portal users: the people of an end-customer invited to the customer's rebranded Site24x7 portal.
// Which actions apply in which status, the roles a portal user can have, one portal admin per customer,
// email normalization, and the portal's addresses (custom login URL, CNAME target).

/** In the order lists show them. */
export const PORTAL_USER_STATUSES = ['enabled', 'disabled', 'unconfirmed'] as const
export type PortalUserStatus = (typeof PORTAL_USER_STATUSES)[number]

export const isPortalUserStatus = (value: string): value is PortalUserStatus =>
  (PORTAL_USER_STATUSES as readonly string[]).includes(value)

export const PORTAL_USER_ACTIONS = ['enable', 'disable', 'reinvite', 'delete'] as const
export type PortalUserAction = (typeof PORTAL_USER_ACTIONS)[number]

/**
 * The actions that apply to a portal user in each status, in button order: enable only a disabled user,
 * disable only an enabled one, reinvite only an unconfirmed one; delete applies to all.
 */
const ACTIONS: Record<PortalUserStatus, readonly PortalUserAction[]> = {
  enabled: ['disable', 'delete'],
  disabled: ['enable', 'delete'],
  unconfirmed: ['reinvite', 'delete'],
}

export const actionsFor = (status: PortalUserStatus): readonly PortalUserAction[] => ACTIONS[status]

export const actionApplies = (action: PortalUserAction, status: PortalUserStatus): boolean =>
  ACTIONS[status].includes(action)

/** The status an action leaves the user in; null for delete (no user left). */
export function statusAfter(action: PortalUserAction): PortalUserStatus | null {
  switch (action) {
    case 'enable':
      return 'enabled'
    case 'disable':
      return 'disabled'
    case 'reinvite':
      return 'unconfirmed'
    case 'delete':
      return null
  }
}

/**
 * The seven roles Site24x7 offers an MSP's end-customer (its "Associating End-Customers with your MSP
 * Customer Account" article), in its order. `operator` is the default, the "MSP Customer" role: the
 * portal's Admin tab is hidden from it.
 */
export const PORTAL_ROLE_IDS = [
  'client_portal',
  'admin',
  'operator',
  'read_only',
  'spokesperson',
  'hosting_provider',
  'alert_contact',
] as const

export type PortalRole = (typeof PORTAL_ROLE_IDS)[number]

const PORTAL_ROLE_LABELS: Record<PortalRole, string> = {
  client_portal: 'White-labeled Client Portal (Read Only)',
  admin: 'Admin',
  operator: 'Operator (MSP Customer)',
  read_only: 'Read Only',
  spokesperson: 'Spokesperson',
  hosting_provider: 'Hosting Provider',
  alert_contact: 'Alert Contact (No Access to Web Client)',
}

/** The roles with their labels, in Site24x7's order. */
export const PORTAL_ROLES: ReadonlyArray<{ id: PortalRole; label: string }> = PORTAL_ROLE_IDS.map((id) => ({
  id,
  label: PORTAL_ROLE_LABELS[id],
}))

export const DEFAULT_PORTAL_ROLE: PortalRole = 'operator'

export const isPortalRole = (value: string): value is PortalRole =>
  (PORTAL_ROLE_IDS as readonly string[]).includes(value)

/** The role's label; an unknown role (never written by the app) as it is. */
export const portalRoleLabel = (role: string): string =>
  isPortalRole(role) ? PORTAL_ROLE_LABELS[role] : role

/** Emails are compared and stored trimmed and lower-cased. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase()

/**
 * A deliverable address: one `@`, a local part and a dotted domain, no spaces or angle brackets, within
 * RFC 5321's lengths. Deliberately plain: the invitation itself proves the address.
 */
export function isValidEmail(email: string): boolean {
  if (email.length > 254) return false
  const match =
    /^([^\s@<>()[\]\\,;:"]+)@([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+)$/i.exec(
      email,
    )
  if (!match) return false
  const [, local = '', domain = ''] = match
  if (local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false
  return /[a-z]{2,63}$/i.test(domain.slice(domain.lastIndexOf('.') + 1))
}

/** Whom a new portal user may not be: a second user with the same email, or a second portal admin. */
export interface PortalUserClash {
  emailTaken: boolean
  /** The name of the customer's current portal admin when the new user would be a second one. */
  adminTakenBy: string | null
}

export function portalUserClash(
  existing: ReadonlyArray<{ email: string; name: string; isAdmin: boolean }>,
  candidate: { email: string; isAdmin: boolean },
): PortalUserClash {
  const email = normalizeEmail(candidate.email)
  const admin = candidate.isAdmin ? existing.find((u) => u.isAdmin) : undefined
  return {
    emailTaken: existing.some((u) => normalizeEmail(u.email) === email),
    adminTakenBy: admin ? admin.name : null,
  }
}

export type DataCenter = 'us' | 'eu'

/** The host a rebranded portal domain must be a CNAME of, by the customer's data center. */
export const cnameTarget = (dataCenter: DataCenter): string =>
  dataCenter === 'eu' ? 'customer-sp.site24x7.eu' : 'customer-sp.site24x7.com'

/** The custom login URL of a customer's rebranded portal; null while the customer has no portal domain. */
export const portalLoginUrl = (portalDomain: string | null): string | null =>
  portalDomain ? `https://${portalDomain}/app/login/customer_login_portal` : null

/** Days an invitation link stays valid unless the settings say otherwise. */
export const DEFAULT_INVITATION_DAYS = 7
