import type { Db } from '../../db/client.ts'
import { underAssociationLock } from '../../db/transaction.ts'
import { nameKey } from '../../domain/names.ts'
import { requireCapability, type StaffActor } from '../actor.ts'
import { type SaveOutcome, saveAssociationEdit } from '../associations/save-association-edit.ts'
import { groupNameProblems, writeGroupHeader } from './edit-customer-group.ts'

export interface NewCustomerGroupInput {
  name: string
  customerIds: number[]
  userIds: number[]
  isDefault: boolean
}

/** Rolls the new group back when its save does not apply. */
class NotApplied extends Error {
  constructor(readonly outcome: SaveOutcome) {
    super('group not created')
  }
}

/** Add Customer Group. A new group only adds associations, so it never needs a preview. */
export async function addCustomerGroup(
  db: Db,
  actor: StaffActor,
  input: NewCustomerGroupInput,
): Promise<SaveOutcome & { groupId?: number }> {
  requireCapability(actor, 'editGroups')
  try {
    // Under the lock, the name check and the insert cannot interleave with another add.
    return await underAssociationLock(db, async (tx) => {
      const problems = await groupNameProblems(tx, input.name)
      if (problems.length > 0) throw new NotApplied({ status: 'invalid', problems })
      const group = await tx.customerGroup.create({
        data: { name: input.name.trim(), nameKey: nameKey(input.name) },
      })
      const outcome = await saveAssociationEdit(tx, actor, {
        edit: {
          kind: 'customer-group',
          groupId: group.id,
          customerIds: input.customerIds,
          userIds: input.userIds,
        },
        capability: 'editGroups',
        extrasChange: true, // the group itself is new
        writeExtras: (t) => writeGroupHeader(t, group.id, input.name, input.isDefault),
        audit: {
          action: 'group.add',
          targetType: 'group',
          targetName: group.name,
          after: { default: input.isDefault },
        },
      })
      if (outcome.status !== 'applied') throw new NotApplied(outcome)
      return { ...outcome, groupId: group.id }
    })
  } catch (error) {
    if (error instanceof NotApplied) return error.outcome
    throw error
  }
}
