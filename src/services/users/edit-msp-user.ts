import type { Db } from '../../db/client.ts'
import { underAssociationLock } from '../../db/transaction.ts'
import type { StaffRole } from '../../domain/roles.ts'
import { requireCapability, type StaffActor } from '../actor.ts'
import { type SaveOutcome, saveAssociationEdit } from '../associations/save-association-edit.ts'
import { type FieldProblem, gone } from '../errors.ts'
import { userFormVersion } from '../form-version.ts'

export interface MspUserInput {
  userId: number
  role: StaffRole
  groupIds: number[]
}

/** Edit User: role (admins only) and customer groups of one MSP user. */
export async function editMspUser(
  db: Db,
  actor: StaffActor,
  input: MspUserInput,
  confirmedHash?: string,
  /** What the form showed when opened (form-version.ts); a changed user is refused as `changed`. */
  expectedVersion?: string,
): Promise<SaveOutcome> {
  // The record is read under the same lock as the save: what is checked is what is saved over.
  return underAssociationLock(db, async (tx) => {
    const user = await tx.mspUser.findUnique({ where: { id: input.userId } })
    if (!user) throw gone('MSP user')
    const roleChanges = user.role !== input.role
    if (roleChanges) requireCapability(actor, 'manageStaff')
    const problems: FieldProblem[] = []
    if (roleChanges && user.role === 'admin' && (await tx.mspUser.count({ where: { role: 'admin' } })) <= 1) {
      problems.push({ field: 'role', problem: { code: 'user.lastAdmin', user: user.name } })
    }
    return saveAssociationEdit(tx, actor, {
      edit: { kind: 'user-groups', userId: user.id, groupIds: input.groupIds },
      capability: 'editAssociations',
      confirmedHash,
      expectedVersion,
      versionOf: (before) =>
        userFormVersion({ role: user.role, groupIds: [...before.groupsOfUser(user.id)] }),
      validate: () => problems,
      extrasChange: roleChanges,
      writeExtras: async (tx) => {
        await tx.mspUser.update({ where: { id: user.id }, data: { role: input.role } })
      },
      audit: {
        action: 'user.edit',
        targetType: 'user',
        targetName: user.email,
        before: { role: user.role },
        after: { role: input.role },
      },
    })
  })
}
