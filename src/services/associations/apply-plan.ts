// Writes a plan's membership changes and keeps the materialized associations in step, set-wise.
import type { TransactionClient } from '../../db/client.ts'
import type { Pair, Plan } from '../../domain/plan.ts'

type IdPairs = ReadonlyArray<readonly [number, number]>

const columns = (pairs: IdPairs) => [pairs.map((p) => p[0]), pairs.map((p) => p[1])] as const
const ofPairs = (pairs: readonly Pair[]): IdPairs => pairs.map((p) => [p.userId, p.customerId] as const)

/** Must run inside the transaction the plan was computed in. */
export async function applyPlan(tx: TransactionClient, plan: Plan): Promise<void> {
  if (plan.blocked.length > 0) throw new Error('a blocked plan cannot be applied')
  const d = plan.delta
  const removeGroupCustomers = columns(d.removeGroupCustomers)
  const removeGroupUsers = columns(d.removeGroupUsers)
  const removeDirect = columns(d.removeDirect)
  const removed = columns(ofPairs(plan.removed))
  const alertRemovals = columns(plan.alertGroupRemovals.map((r) => [r.alertGroupId, r.userId] as const))
  if (d.removeGroupCustomers.length > 0)
    await tx.$executeRaw`DELETE FROM "GroupCustomer" WHERE ("groupId", "customerId") IN
      (SELECT * FROM unnest(${removeGroupCustomers[0]}::int[], ${removeGroupCustomers[1]}::int[]))`
  if (d.removeGroupUsers.length > 0)
    await tx.$executeRaw`DELETE FROM "GroupMember" WHERE ("groupId", "mspUserId") IN
      (SELECT * FROM unnest(${removeGroupUsers[0]}::int[], ${removeGroupUsers[1]}::int[]))`
  if (d.removeDirect.length > 0)
    await tx.$executeRaw`DELETE FROM "DirectLink" WHERE ("mspUserId", "customerId") IN
      (SELECT * FROM unnest(${removeDirect[0]}::int[], ${removeDirect[1]}::int[]))`
  if (plan.removed.length > 0)
    await tx.$executeRaw`DELETE FROM "Association" WHERE ("mspUserId", "customerId") IN
      (SELECT * FROM unnest(${removed[0]}::int[], ${removed[1]}::int[]))`
  if (plan.alertGroupRemovals.length > 0)
    await tx.$executeRaw`DELETE FROM "AlertGroupMember" WHERE ("alertGroupId", "mspUserId") IN
      (SELECT * FROM unnest(${alertRemovals[0]}::int[], ${alertRemovals[1]}::int[]))`
  if (d.addGroupCustomers.length > 0)
    await tx.groupCustomer.createMany({
      data: d.addGroupCustomers.map(([groupId, customerId]) => ({ groupId, customerId })),
    })
  if (d.addGroupUsers.length > 0)
    await tx.groupMember.createMany({
      data: d.addGroupUsers.map(([groupId, mspUserId]) => ({ groupId, mspUserId })),
    })
  if (d.addDirect.length > 0)
    await tx.directLink.createMany({
      data: d.addDirect.map(([mspUserId, customerId]) => ({ mspUserId, customerId })),
    })
  if (plan.added.length > 0)
    await tx.association.createMany({
      data: plan.added.map((p) => ({ mspUserId: p.userId, customerId: p.customerId })),
      skipDuplicates: true,
    })
}
