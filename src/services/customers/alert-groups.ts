// The fixes a blocked save offers: take a user out of an alert group, or delete the group.
import type { Db } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import { assertMayTouchCustomers, requireCapability, type StaffActor } from '../actor.ts'
import { recordAudit } from '../audit.ts'
import { gone } from '../errors.ts'

async function loadAlertGroup(db: Db, alertGroupId: number) {
  const group = await db.alertGroup.findUnique({
    where: { id: alertGroupId },
    include: { customer: true, members: { include: { mspUser: true } } },
  })
  if (!group) throw gone('alert group')
  return group
}

/** What a fix did, for the edge to put in words. */
export type AlertGroupFixResult =
  | { done: 'memberRemoved'; user: string; alertGroup: string; customer: string }
  | { done: 'wasNotMember'; alertGroup: string; customer: string }
  | { done: 'groupDeleted'; alertGroup: string; customer: string }

export async function removeAlertGroupMember(
  db: Db,
  actor: StaffActor,
  alertGroupId: number,
  userId: number,
): Promise<AlertGroupFixResult> {
  requireCapability(actor, 'editCustomers')
  return inTransaction(db, async (tx) => {
    const group = await loadAlertGroup(tx, alertGroupId)
    await assertMayTouchCustomers(tx, actor, [group.customerId], () => group.customer.name)
    const member = group.members.find((m) => m.mspUserId === userId)
    if (!member) return { done: 'wasNotMember', alertGroup: group.name, customer: group.customer.name }
    await tx.alertGroupMember.delete({
      where: { alertGroupId_mspUserId: { alertGroupId, mspUserId: userId } },
    })
    await recordAudit(tx, actor, {
      action: 'alert-group.remove-member',
      targetType: 'customer',
      targetName: group.customer.name,
      customers: [group.customer.name],
      before: { alertGroup: group.name, members: group.members.map((m) => m.mspUser.email).sort() },
      after: { alertGroup: group.name, removed: member.mspUser.email },
    })
    return {
      done: 'memberRemoved',
      user: member.mspUser.name,
      alertGroup: group.name,
      customer: group.customer.name,
    }
  })
}

export async function deleteAlertGroup(
  db: Db,
  actor: StaffActor,
  alertGroupId: number,
): Promise<AlertGroupFixResult> {
  requireCapability(actor, 'editCustomers')
  return inTransaction(db, async (tx) => {
    const group = await loadAlertGroup(tx, alertGroupId)
    await assertMayTouchCustomers(tx, actor, [group.customerId], () => group.customer.name)
    await tx.alertGroup.delete({ where: { id: alertGroupId } })
    await recordAudit(tx, actor, {
      action: 'alert-group.delete',
      targetType: 'customer',
      targetName: group.customer.name,
      customers: [group.customer.name],
      before: { alertGroup: group.name, members: group.members.map((m) => m.mspUser.email).sort() },
    })
    return { done: 'groupDeleted', alertGroup: group.name, customer: group.customer.name }
  })
}
