// How services hand out portal users and their customer, and the checks every portal use case makes.
import type { Db } from '../../db/client.ts'
import {
  cnameTarget,
  type DataCenter,
  type PortalUserStatus,
  portalLoginUrl,
} from '../../domain/portal-users.ts'
import { assertMayTouchCustomers, type StaffActor } from '../actor.ts'

export interface PortalUserView {
  id: number
  name: string
  email: string
  status: PortalUserStatus
  role: string
  isAdmin: boolean
  /** When the latest invitation was sent; null when none was (e.g. a user loaded from a snapshot). */
  invitedAt: Date | null
  /** When the latest invitation's link stops working (past: expired); null when none was sent. */
  invitationExpiresAt: Date | null
}

export interface PortalCustomerView {
  id: number
  name: string
  portalDomain: string | null
  dataCenter: DataCenter
  /** `https://<portal domain>/app/login/customer_login_portal`; null without a portal domain. */
  loginUrl: string | null
  /** What the portal domain must be a CNAME of. */
  cnameTarget: string
}

export const customerView = (c: {
  id: number
  name: string
  portalDomain: string | null
  dataCenter: DataCenter
}): PortalCustomerView => ({
  id: c.id,
  name: c.name,
  portalDomain: c.portalDomain,
  dataCenter: c.dataCenter,
  loginUrl: portalLoginUrl(c.portalDomain),
  cnameTarget: cnameTarget(c.dataCenter),
})

/** The Prisma selection behind a PortalUserView. */
export const portalUserSelect = {
  id: true,
  name: true,
  email: true,
  status: true,
  role: true,
  isAdmin: true,
  invitations: { select: { createdAt: true, expiresAt: true }, orderBy: { id: 'desc' }, take: 1 },
} as const

export const portalUserView = (u: {
  id: number
  name: string
  email: string
  status: PortalUserStatus
  role: string
  isAdmin: boolean
  invitations: { createdAt: Date; expiresAt: Date }[]
}): PortalUserView => ({
  id: u.id,
  name: u.name,
  email: u.email,
  status: u.status,
  role: u.role,
  isAdmin: u.isAdmin,
  invitedAt: u.invitations[0]?.createdAt ?? null,
  invitationExpiresAt: u.invitations[0]?.expiresAt ?? null,
})

/** Below admin, staff act on portal users of customers associated with them only. */
export const assertMayTouchCustomer = (db: Db, actor: StaffActor, customer: { id: number; name: string }) =>
  assertMayTouchCustomers(db, actor, [customer.id], () => customer.name)
