import type { Db } from '../../db/client.ts'
import { underAssociationLock } from '../../db/transaction.ts'
import type { StaffActor } from '../actor.ts'
import { type SaveOutcome, saveAssociationEdit } from '../associations/save-association-edit.ts'
import { gone } from '../errors.ts'
import { customerFormVersion } from '../form-version.ts'

export interface CustomerPreferencesInput {
  customerId: number
  groupIds: number[]
  directUserIds: number[]
  accountContactId: number | null
}

/** Edit Customer Preferences: groups, direct MSP users and Account Contact of one customer. */
export async function editCustomerPreferences(
  db: Db,
  actor: StaffActor,
  input: CustomerPreferencesInput,
  confirmedHash?: string,
  /** What the form showed when opened (form-version.ts); a changed customer is refused as `changed`. */
  expectedVersion?: string,
): Promise<SaveOutcome> {
  // The record is read under the same lock as the save: what is checked is what is saved over.
  return underAssociationLock(db, async (tx) => {
    const customer = await tx.customer.findUnique({
      where: { id: input.customerId },
      include: { accountContact: true },
    })
    if (!customer) throw gone('customer')
    const contact =
      input.accountContactId === null
        ? null
        : await tx.mspUser.findUnique({ where: { id: input.accountContactId } })
    if (input.accountContactId !== null && !contact) throw gone('MSP user')
    return saveAssociationEdit(tx, actor, {
      edit: { kind: 'customer-preferences', ...input },
      capability: 'editAssociations',
      confirmedHash,
      expectedVersion,
      versionOf: (before) =>
        customerFormVersion({
          groupIds: [...before.groupsOfCustomer(customer.id)],
          directUserIds: [...before.directUsersOf(customer.id)],
          accountContactId: customer.accountContactId,
        }),
      validate: (plan) =>
        // An unchanged contact who would lose the customer is a blocked pair, not a form error.
        contact &&
        contact.id !== customer.accountContactId &&
        !plan.after.isAssociated(contact.id, customer.id)
          ? [
              {
                field: 'accountContact',
                problem: {
                  code: 'accountContact.notAssociated',
                  contact: contact.name,
                  customer: customer.name,
                },
              },
            ]
          : [],
      extrasChange: input.accountContactId !== customer.accountContactId,
      writeExtras: async (tx) => {
        await tx.customer.update({
          where: { id: customer.id },
          data: { accountContactId: input.accountContactId },
        })
      },
      audit: {
        action: 'customer.preferences',
        targetType: 'customer',
        targetName: customer.name,
        before: { accountContact: customer.accountContact?.email ?? null },
        after: { accountContact: contact?.email ?? null },
      },
    })
  })
}
