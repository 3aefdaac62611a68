// Add portal user: the user (unconfirmed), its invitation and the invitation email, in one transaction.
import type { Db, TransactionClient } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import {
  DEFAULT_PORTAL_ROLE,
  isPortalRole,
  isValidEmail,
  normalizeEmail,
  portalUserClash,
} from '../../domain/portal-users.ts'
import { requireCapability, type StaffActor } from '../actor.ts'
import { recordAudit } from '../audit.ts'
import { type FieldProblem, gone } from '../errors.ts'
import { isUniqueViolation } from '../unique-violation.ts'
import { defaultInvitationOptions, type InvitationOptions, issueInvitation } from './invitations.ts'
import {
  assertMayTouchCustomer,
  customerView,
  type PortalCustomerView,
  type PortalUserView,
  portalUserSelect,
  portalUserView,
} from './portal-user-view.ts'

export interface NewPortalUserInput {
  customerId: number
  name: string
  email: string
  /** One of PORTAL_ROLES' ids; default `operator` ("MSP Customer"). */
  role?: string
  /** Make this user the customer's portal admin (only when it has none). */
  isAdmin?: boolean
}

export type AddPortalUserOutcome =
  | { status: 'added'; user: PortalUserView; customer: PortalCustomerView; invitationExpiresAt: Date }
  | { status: 'invalid'; problems: FieldProblem[] }

/** A name longer than this is refused (Slack's plain_text input keeps it far shorter anyway). */
export const PORTAL_USER_NAME_MAX = 100

/** What the input asks for that can be judged without the database. */
function inputProblems(name: string, email: string, role: string): FieldProblem[] {
  const problems: FieldProblem[] = []
  if (name === '' || name.length > PORTAL_USER_NAME_MAX)
    problems.push({ field: 'name', problem: { code: 'portal.nameMissing' } })
  if (!isValidEmail(email)) problems.push({ field: 'email', problem: { code: 'portal.emailInvalid', email } })
  if (!isPortalRole(role)) problems.push({ field: 'role', problem: { code: 'portal.roleUnknown', role } })
  return problems
}

/** Rolls the transaction back with field problems. */
class Invalid extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super('portal user not added')
  }
}

/** Serializes the adds of one customer's portal users (email and admin checks, then the insert). */
const lockCustomerPortal = (tx: TransactionClient, customerId: number) =>
  tx.$executeRaw`SELECT pg_advisory_xact_lock(7302, ${customerId}::int)`

/**
 * Adds an unconfirmed portal user and sends it an invitation (the email goes to the outbox in the same
 * transaction). Field problems (nothing written): a missing name, an invalid email, an email the customer's
 * portal already has (also when another add of it wins a race), an unknown role, a second portal admin.
 * An unknown or deleted customer throws gone('customer').
 */
export async function addPortalUser(
  db: Db,
  actor: StaffActor,
  input: NewPortalUserInput,
  options: InvitationOptions = defaultInvitationOptions,
): Promise<AddPortalUserOutcome> {
  requireCapability(actor, 'managePortalUsers')
  const name = input.name.trim()
  const email = normalizeEmail(input.email)
  const role = input.role?.trim() || DEFAULT_PORTAL_ROLE
  const isAdmin = input.isAdmin ?? false
  const emailTaken = (customer: string): FieldProblem => ({
    field: 'email',
    problem: { code: 'portal.emailTaken', email, customer },
  })
  let customerName = ''
  try {
    return await inTransaction(db, async (tx) => {
      const customer = await tx.customer.findUnique({
        where: { id: input.customerId },
        select: { id: true, name: true, portalDomain: true, dataCenter: true },
      })
      if (!customer) throw gone('customer')
      customerName = customer.name
      await assertMayTouchCustomer(tx, actor, customer)
      const problems = inputProblems(name, email, role)
      await lockCustomerPortal(tx, customer.id)
      const existing = await tx.portalUser.findMany({
        where: { customerId: customer.id, OR: [{ email }, { isAdmin: true }] },
        select: { email: true, name: true, isAdmin: true },
      })
      const clash = portalUserClash(existing, { email, isAdmin })
      if (clash.emailTaken && !problems.some((p) => p.field === 'email'))
        problems.push(emailTaken(customer.name))
      if (clash.adminTakenBy !== null)
        problems.push({
          field: 'admin',
          problem: { code: 'portal.adminTaken', customer: customer.name, admin: clash.adminTakenBy },
        })
      if (problems.length > 0) throw new Invalid(problems)

      const created = await tx.portalUser.create({
        data: { customerId: customer.id, name, email, role, isAdmin, status: 'unconfirmed' },
        select: { id: true },
      })
      const invitation = await issueInvitation(
        tx,
        actor,
        { id: created.id, name, email, role },
        customer,
        options,
      )
      await recordAudit(tx, actor, {
        action: 'portal-user.add',
        targetType: 'portal-user',
        targetName: email,
        customers: [customer.name],
        after: { name, email, role, admin: isAdmin, status: 'unconfirmed' },
      })
      const user = await tx.portalUser.findUniqueOrThrow({
        where: { id: created.id },
        select: portalUserSelect,
      })
      return {
        status: 'added' as const,
        user: portalUserView(user),
        customer: customerView(customer),
        invitationExpiresAt: invitation.expiresAt,
      }
    })
  } catch (error) {
    if (error instanceof Invalid) return { status: 'invalid', problems: error.problems }
    // Another add of the same email committed between our check and insert (without the lock's help,
    // e.g. a process on an older version): the unique key says so.
    if (isUniqueViolation(error)) return { status: 'invalid', problems: [emailTaken(customerName)] }
    throw error
  }
}
