import type { Db, TransactionClient } from '../../db/client.ts'
import { underAssociationLock } from '../../db/transaction.ts'
import { nameKey } from '../../domain/names.ts'
import type { StaffActor } from '../actor.ts'
import { type SaveOutcome, saveAssociationEdit } from '../associations/save-association-edit.ts'
import { type FieldProblem, gone } from '../errors.ts'
import { groupFormVersion } from '../form-version.ts'

export interface CustomerGroupInput {
  groupId: number
  name: string
  customerIds: number[]
  userIds: number[]
  isDefault: boolean
}

export async function groupNameProblems(db: Db, name: string, exceptId?: number): Promise<FieldProblem[]> {
  const trimmed = name.trim()
  if (trimmed.length === 0) return [{ field: 'name', problem: { code: 'group.nameMissing' } }]
  const clash = await db.customerGroup.findUnique({ where: { nameKey: nameKey(trimmed) } })
  return clash && clash.id !== exceptId
    ? [{ field: 'name', problem: { code: 'group.nameTaken', name: clash.name } }]
    : []
}

/** At most one default group: setting one clears the others. */
export async function writeGroupHeader(
  tx: TransactionClient,
  groupId: number,
  name: string,
  isDefault: boolean,
) {
  if (isDefault)
    await tx.customerGroup.updateMany({
      where: { isDefault: true, NOT: { id: groupId } },
      data: { isDefault: false },
    })
  await tx.customerGroup.update({
    where: { id: groupId },
    data: { name: name.trim(), nameKey: nameKey(name), isDefault },
  })
}

/** Edit Customer Group: name, default flag, customers and MSP users of one group. */
export async function editCustomerGroup(
  db: Db,
  actor: StaffActor,
  input: CustomerGroupInput,
  confirmedHash?: string,
  /** What the form showed when opened (form-version.ts); a changed group is refused as `changed`. */
  expectedVersion?: string,
): Promise<SaveOutcome> {
  // The record is read under the same lock as the save: what is checked is what is saved over.
  return underAssociationLock(db, async (tx) => {
    const group = await tx.customerGroup.findUnique({ where: { id: input.groupId } })
    if (!group) throw gone('customer group')
    const renamed = input.name.trim() !== group.name
    return saveAssociationEdit(tx, actor, {
      edit: {
        kind: 'customer-group',
        groupId: group.id,
        customerIds: input.customerIds,
        userIds: input.userIds,
      },
      capability: 'editGroups',
      confirmedHash,
      expectedVersion,
      versionOf: (before) =>
        groupFormVersion({
          name: group.name,
          isDefault: group.isDefault,
          customerIds: [...before.customersOf(group.id)],
          userIds: [...before.usersOf(group.id)],
        }),
      // Only a new name can clash with another group's.
      validate: (_plan, _input, tx) => (renamed ? groupNameProblems(tx, input.name, group.id) : []),
      extrasChange: renamed || input.isDefault !== group.isDefault,
      writeExtras: (tx) => writeGroupHeader(tx, group.id, input.name, input.isDefault),
      audit: {
        action: 'group.edit',
        targetType: 'group',
        targetName: group.name,
        before: { name: group.name, default: group.isDefault },
        after: { name: input.name.trim(), default: input.isDefault },
      },
    })
  })
}
