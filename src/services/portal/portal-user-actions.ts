// Enable, disable, reinvite and delete a portal user. Each runs only while it applies (enable a disabled
// user, disable an enabled one, reinvite an unconfirmed one, delete any): one that no longer applies —
// someone else acted first, a double click — changes nothing and says what the user is now.
import type { Db, TransactionClient } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import {
  actionApplies,
  type PortalUserAction,
  type PortalUserStatus,
  statusAfter,
} from '../../domain/portal-users.ts'
import { requireCapability, type StaffActor } from '../actor.ts'
import { recordAudit } from '../audit.ts'
import {
  defaultInvitationOptions,
  type InvitationOptions,
  issueInvitation,
  revokeOpenInvitations,
} from './invitations.ts'
import {
  assertMayTouchCustomer,
  customerView,
  type PortalCustomerView,
  type PortalUserView,
  portalUserSelect,
  portalUserView,
} from './portal-user-view.ts'

export type PortalUserActionOutcome =
  | {
      status: 'done'
      action: PortalUserAction
      /** The user as the action left it; for delete, as it was just before. */
      user: PortalUserView
      customer: PortalCustomerView
    }
  | {
      status: 'notApplicable'
      action: PortalUserAction
      /** What the user is now: the action does not apply to that status, or the user was deleted. */
      current: PortalUserStatus | 'gone'
      /** The user as it is now (absent when gone). */
      user?: PortalUserView
      customer?: PortalCustomerView
    }

/** The user, its row locked until the transaction ends: two actions on one user take turns. */
async function lockedUser(tx: TransactionClient, portalUserId: number) {
  await tx.$queryRaw`SELECT id FROM "PortalUser" WHERE id = ${portalUserId}::int FOR UPDATE`
  return tx.portalUser.findUnique({
    where: { id: portalUserId },
    select: {
      ...portalUserSelect,
      customer: { select: { id: true, name: true, portalDomain: true, dataCenter: true } },
    },
  })
}

type LockedUser = NonNullable<Awaited<ReturnType<typeof lockedUser>>>

async function runAction(
  db: Db,
  actor: StaffActor,
  portalUserId: number,
  action: PortalUserAction,
  write: (tx: TransactionClient, user: LockedUser, now: Date) => Promise<void>,
  now: () => Date,
): Promise<PortalUserActionOutcome> {
  requireCapability(actor, 'managePortalUsers')
  return inTransaction(db, async (tx) => {
    const user = await lockedUser(tx, portalUserId)
    if (!user) return { status: 'notApplicable', action, current: 'gone' }
    await assertMayTouchCustomer(tx, actor, user.customer)
    const customer = customerView(user.customer)
    if (!actionApplies(action, user.status))
      return { status: 'notApplicable', action, current: user.status, user: portalUserView(user), customer }
    const at = now()
    await write(tx, user, at)
    const after = statusAfter(action)
    await recordAudit(tx, actor, {
      action: `portal-user.${action}`,
      targetType: 'portal-user',
      targetName: user.email,
      customers: [user.customer.name],
      before: { name: user.name, status: user.status, role: user.role, admin: user.isAdmin },
      after: after === null ? undefined : { status: after },
    })
    if (after === null) return { status: 'done', action, user: portalUserView(user), customer }
    const fresh = await tx.portalUser.findUniqueOrThrow({ where: { id: user.id }, select: portalUserSelect })
    return { status: 'done', action, user: portalUserView(fresh), customer }
  })
}

const clock = (options?: Partial<InvitationOptions>) => () => options?.now?.() ?? new Date()

const setStatus = (status: PortalUserStatus) => (tx: TransactionClient, user: LockedUser) =>
  tx.portalUser.update({ where: { id: user.id }, data: { status } }).then(() => undefined)

/** Enables a disabled portal user. */
export const enablePortalUser = (db: Db, actor: StaffActor, portalUserId: number) =>
  runAction(db, actor, portalUserId, 'enable', setStatus('enabled'), clock())

/** Disables an enabled portal user. */
export const disablePortalUser = (db: Db, actor: StaffActor, portalUserId: number) =>
  runAction(db, actor, portalUserId, 'disable', setStatus('disabled'), clock())

/**
 * Deletes a portal user, in any status, for good. An unconfirmed user's open invitation is revoked first
 * (its link then answers "no longer valid", and the invitation row stays without its user).
 */
export const deletePortalUser = (
  db: Db,
  actor: StaffActor,
  portalUserId: number,
  options?: Partial<InvitationOptions>,
) =>
  runAction(
    db,
    actor,
    portalUserId,
    'delete',
    async (tx, user, now) => {
      await revokeOpenInvitations(tx, user.id, 'deleted', now)
      await tx.portalUser.delete({ where: { id: user.id } })
    },
    clock(options),
  )

/**
 * Sends an unconfirmed portal user a new invitation: the open one is revoked (its link stops working) and
 * the new email goes to the outbox in the same transaction.
 */
export const reinvitePortalUser = (
  db: Db,
  actor: StaffActor,
  portalUserId: number,
  options: InvitationOptions = defaultInvitationOptions,
) =>
  runAction(
    db,
    actor,
    portalUserId,
    'reinvite',
    async (tx, user, now) => {
      await revokeOpenInvitations(tx, user.id, 'replaced', now)
      await issueInvitation(tx, actor, user, user.customer, { ...options, now: () => now })
    },
    clock(options),
  )
