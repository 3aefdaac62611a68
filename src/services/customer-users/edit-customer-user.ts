// Edit a customer user's email and names (not a directory user's: the directory owns those).

import type { Db } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import { checkCustomerUserFields, customerUserNameKeys, isLocked } from '../../domain/customer-users.ts'
import { requireCapability, type StaffActor } from '../actor.ts'
import { recordAudit } from '../audit.ts'
import { type FieldProblem, gone } from '../errors.ts'
import { isUniqueViolation } from '../unique-violation.ts'
import { emailTaken, InvalidCustomerUser } from './add-customer-user.ts'
import {
  type CustomerRef,
  type CustomerUserView,
  customerInScope,
  customerUserSelect,
  customerUserView,
  fieldProblems,
  lockCustomer,
} from './customer-user-view.ts'

export interface CustomerUserEdit {
  email: string
  firstName: string
  lastName: string
}

export type EditCustomerUserOutcome =
  /** `changed` false: the form held the values the user already had; nothing was written. */
  | { status: 'edited'; user: CustomerUserView; customer: CustomerRef; changed: boolean }
  | { status: 'invalid'; problems: FieldProblem[] }
  /** A directory user: "managed by the directory — change it there"; nothing was written. */
  | { status: 'locked'; user: CustomerUserView; customer: CustomerRef }

/**
 * Saves the Edit form of one customer user. A user deleted meanwhile (or whose customer was) throws
 * gone('customer user'); a directory user answers `locked`; field problems as for Quick add (an email
 * another user of the customer has, archived ones included).
 */
export async function editCustomerUser(
  db: Db,
  actor: StaffActor,
  userId: number,
  edit: CustomerUserEdit,
): Promise<EditCustomerUserOutcome> {
  requireCapability(actor, 'manageCustomerUsers')
  let customerName = ''
  let email = edit.email.trim().toLowerCase()
  try {
    return await inTransaction(db, async (tx) => {
      const found = await tx.customerUser.findUnique({ where: { id: userId }, select: { customerId: true } })
      if (!found) throw gone('customer user')
      const customer = await customerInScope(tx, actor, found.customerId)
      customerName = customer.name
      if (!(await lockCustomer(tx, customer.id))) throw gone('customer user')
      const before = await tx.customerUser.findUnique({ where: { id: userId }, select: customerUserSelect })
      if (!before) throw gone('customer user')
      if (isLocked(before)) return { status: 'locked' as const, user: customerUserView(before), customer }
      const checked = checkCustomerUserFields(edit)
      if (!checked.ok) throw new InvalidCustomerUser(fieldProblems(checked.issues, edit.email))
      const fields = checked.user
      email = fields.email
      if (
        fields.email === before.email &&
        fields.firstName === before.firstName &&
        fields.lastName === before.lastName
      )
        return { status: 'edited' as const, user: customerUserView(before), customer, changed: false }
      if (fields.email !== before.email) {
        const clash = await tx.customerUser.findUnique({
          where: { customerId_email: { customerId: customer.id, email: fields.email } },
          select: { id: true },
        })
        if (clash) throw new InvalidCustomerUser([emailTaken(fields.email, customer.name)])
      }
      const user = await tx.customerUser.update({
        where: { id: userId },
        data: { ...fields, ...customerUserNameKeys(fields) },
        select: customerUserSelect,
      })
      await recordAudit(tx, actor, {
        action: 'customer-user.edit',
        targetType: 'customer-user',
        targetName: fields.email,
        customers: [customer.name],
        before: { email: before.email, firstName: before.firstName, lastName: before.lastName },
        after: { email: fields.email, firstName: fields.firstName, lastName: fields.lastName },
      })
      return { status: 'edited' as const, user: customerUserView(user), customer, changed: true }
    })
  } catch (error) {
    if (error instanceof InvalidCustomerUser) return { status: 'invalid', problems: error.problems }
    if (isUniqueViolation(error)) return { status: 'invalid', problems: [emailTaken(email, customerName)] }
    throw error
  }
}
