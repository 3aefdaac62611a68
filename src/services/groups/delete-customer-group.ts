import type { Db } from '../../db/client.ts'
import { underAssociationLock } from '../../db/transaction.ts'
import { requireCapability, type StaffActor } from '../actor.ts'
import { recordAudit } from '../audit.ts'
import { gone, ServiceError } from '../errors.ts'

/** Deletes a group that has no customers (with no customers it justifies no association). */
export async function deleteCustomerGroup(
  db: Db,
  actor: StaffActor,
  groupId: number,
): Promise<{ name: string }> {
  requireCapability(actor, 'editGroups')
  return underAssociationLock(db, async (tx) => {
    const group = await tx.customerGroup.findUnique({
      where: { id: groupId },
      include: { customers: { include: { customer: true } }, members: { include: { mspUser: true } } },
    })
    if (!group) throw gone('customer group')
    if (group.customers.length > 0) {
      const names = group.customers.map((c) => c.customer.name).sort()
      throw new ServiceError({ code: 'group.notEmpty', group: group.name, customers: names })
    }
    await tx.customerGroup.delete({ where: { id: group.id } })
    await recordAudit(tx, actor, {
      action: 'group.delete',
      targetType: 'group',
      targetName: group.name,
      before: { default: group.isDefault, users: group.members.map((m) => m.mspUser.email).sort() },
    })
    return { name: group.name }
  })
}
