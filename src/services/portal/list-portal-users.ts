// `/msp portal <customer> [category]`: a customer's portal users, by status, with the actions that apply.
import type { Db } from '../../db/client.ts'
import {
  actionsFor,
  PORTAL_USER_STATUSES,
  type PortalUserAction,
  type PortalUserStatus,
} from '../../domain/portal-users.ts'
import { can } from '../../domain/roles.ts'
import { requireCapability, type StaffActor } from '../actor.ts'
import { gone } from '../errors.ts'
import {
  assertMayTouchCustomer,
  customerView,
  type PortalCustomerView,
  type PortalUserView,
  portalUserSelect,
  portalUserView,
} from './portal-user-view.ts'

export interface ListedPortalUser extends PortalUserView {
  /** The actions the actor may take on this user now (none for viewers), in button order. */
  actions: readonly PortalUserAction[]
}

export interface PortalUserList {
  customer: PortalCustomerView
  /** The users of the category asked for (all when none), by status (enabled, disabled, unconfirmed), then name. */
  users: ListedPortalUser[]
  /** How many users each status has, whatever category was asked for. */
  counts: Record<PortalUserStatus, number>
  /** Whether the actor may manage these portal users (technicians and up); viewers only read. */
  mayManage: boolean
  /** The customer's portal admin, if it has one: an added user may be portal admin only when it has none. */
  admin: { id: number; name: string } | null
}

const statusRank = (s: PortalUserStatus) => PORTAL_USER_STATUSES.indexOf(s)

export async function listPortalUsers(
  db: Db,
  actor: StaffActor,
  customerId: number,
  status?: PortalUserStatus,
): Promise<PortalUserList> {
  requireCapability(actor, 'read')
  const customer = await db.customer.findUnique({
    where: { id: customerId },
    select: { id: true, name: true, portalDomain: true, dataCenter: true },
  })
  if (!customer) throw gone('customer')
  await assertMayTouchCustomer(db, actor, customer)
  const rows = await db.portalUser.findMany({ where: { customerId }, select: portalUserSelect })
  const mayManage = can(actor.role, 'managePortalUsers')
  const counts: Record<PortalUserStatus, number> = { enabled: 0, disabled: 0, unconfirmed: 0 }
  for (const r of rows) counts[r.status] += 1
  const admin = rows.find((r) => r.isAdmin)
  const users = rows
    .filter((r) => status === undefined || r.status === status)
    .map((r) => ({ ...portalUserView(r), actions: mayManage ? actionsFor(r.status) : [] }))
    .sort(
      (a, b) =>
        statusRank(a.status) - statusRank(b.status) ||
        a.name.toLowerCase().localeCompare(b.name.toLowerCase()) ||
        a.email.localeCompare(b.email),
    )
  return {
    customer: customerView(customer),
    users,
    counts,
    mayManage,
    admin: admin ? { id: admin.id, name: admin.name } : null,
  }
}
