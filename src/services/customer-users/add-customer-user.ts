// Quick add: one customer user (source manual), checked, written and audited in one transaction.
import type { Db } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import { checkCustomerUserFields, customerUserNameKeys } from '../../domain/customer-users.ts'
import { requireCapability, type StaffActor } from '../actor.ts'
import { recordAudit } from '../audit.ts'
import { type FieldProblem, gone } from '../errors.ts'
import { isUniqueViolation } from '../unique-violation.ts'
import {
  type CustomerRef,
  type CustomerUserView,
  customerInScope,
  customerUserSelect,
  customerUserView,
  fieldProblems,
  lockCustomer,
} from './customer-user-view.ts'

export interface NewCustomerUserInput {
  customerId: number
  email: string
  firstName: string
  lastName: string
}

export type AddCustomerUserOutcome =
  | { status: 'added'; user: CustomerUserView; customer: CustomerRef }
  | { status: 'invalid'; problems: FieldProblem[] }

/** Rolls the transaction back with field problems. */
export class InvalidCustomerUser extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super('customer user not written')
  }
}

export const emailTaken = (email: string, customer: string): FieldProblem => ({
  field: 'email',
  problem: { code: 'customerUser.emailTaken', email, customer },
})

/**
 * Adds a customer user typed in the Quick add form. Field problems (nothing written): a missing or invalid
 * email, a missing or too long name, an email the customer already has (archived users included; also
 * when another add of it wins a race). An unknown or deleted customer throws gone('customer').
 */
export async function addCustomerUser(
  db: Db,
  actor: StaffActor,
  input: NewCustomerUserInput,
): Promise<AddCustomerUserOutcome> {
  requireCapability(actor, 'manageCustomerUsers')
  let customerName = ''
  let email = input.email.trim().toLowerCase()
  try {
    return await inTransaction(db, async (tx) => {
      const customer = await customerInScope(tx, actor, input.customerId)
      customerName = customer.name
      const checked = checkCustomerUserFields(input)
      if (!checked.ok) throw new InvalidCustomerUser(fieldProblems(checked.issues, input.email))
      const fields = checked.user
      email = fields.email
      if (!(await lockCustomer(tx, customer.id))) throw gone('customer')
      const existing = await tx.customerUser.findUnique({
        where: { customerId_email: { customerId: customer.id, email } },
        select: { id: true },
      })
      if (existing) throw new InvalidCustomerUser([emailTaken(email, customer.name)])
      const user = await tx.customerUser.create({
        data: { customerId: customer.id, ...fields, ...customerUserNameKeys(fields), source: 'manual' },
        select: customerUserSelect,
      })
      await recordAudit(tx, actor, {
        action: 'customer-user.add',
        targetType: 'customer-user',
        targetName: email,
        customers: [customer.name],
        after: { email, firstName: fields.firstName, lastName: fields.lastName, source: 'manual' },
      })
      return { status: 'added' as const, user: customerUserView(user), customer }
    })
  } catch (error) {
    if (error instanceof InvalidCustomerUser) return { status: 'invalid', problems: error.problems }
    if (isUniqueViolation(error)) return { status: 'invalid', problems: [emailTaken(email, customerName)] }
    throw error
  }
}
