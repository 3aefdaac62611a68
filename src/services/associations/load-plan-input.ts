// Loads exactly the slice of memberships an edit can touch (no per-pair queries), with names and settings.
import type { Db } from '../../db/client.ts'
import type { AssociationEdit } from '../../domain/edits.ts'
import { DEFAULT_GROUP_SETTINGS, type GroupSettings } from '../../domain/limits.ts'
import type { Memberships } from '../../domain/memberships.ts'
import { type NameBook, nameBook } from '../../domain/names.ts'
import type { AlertGroupState, Plan, PlanInput } from '../../domain/plan.ts'

export interface LoadedPlanInput extends PlanInput {
  settings: GroupSettings
  customerNames: ReadonlyMap<number, string>
}

const unique = (ids: Iterable<number>) => [...new Set(ids)]

/** Users, customers and groups whose pairs and limits the edit may change. */
async function scopeOf(db: Db, edit: AssociationEdit) {
  switch (edit.kind) {
    case 'customer-preferences': {
      const current = await db.groupCustomer.findMany({ where: { customerId: edit.customerId } })
      const groups = unique([...current.map((r) => r.groupId), ...edit.groupIds])
      const members = await db.groupMember.findMany({ where: { groupId: { in: groups } } })
      const direct = await db.directLink.findMany({ where: { customerId: edit.customerId } })
      const contact = edit.accountContactId ? [edit.accountContactId] : []
      const users = unique([
        ...members.map((m) => m.mspUserId),
        ...direct.map((d) => d.mspUserId),
        ...edit.directUserIds,
        ...contact,
      ])
      return { users, customers: [edit.customerId], groups }
    }
    case 'customer-group': {
      const [customers, members] = await Promise.all([
        db.groupCustomer.findMany({ where: { groupId: edit.groupId } }),
        db.groupMember.findMany({ where: { groupId: edit.groupId } }),
      ])
      return {
        users: unique([...members.map((m) => m.mspUserId), ...edit.userIds]),
        customers: unique([...customers.map((c) => c.customerId), ...edit.customerIds]),
        groups: [edit.groupId],
      }
    }
    case 'user-groups': {
      const current = await db.groupMember.findMany({ where: { mspUserId: edit.userId } })
      const groups = unique([...current.map((r) => r.groupId), ...edit.groupIds])
      const customers = await db.groupCustomer.findMany({ where: { groupId: { in: groups } } })
      return { users: [edit.userId], customers: unique(customers.map((c) => c.customerId)), groups }
    }
  }
}

export async function loadSettings(db: Db): Promise<GroupSettings> {
  const row = await db.setting.findUnique({ where: { id: 1 } })
  return row
    ? {
        groupMode: row.groupMode,
        maxCustomersPerGroup: row.maxCustomersPerGroup,
        maxGroupsPerUser: row.maxGroupsPerUser,
      }
    : DEFAULT_GROUP_SETTINGS
}

export async function loadPlanInput(db: Db, edit: AssociationEdit): Promise<LoadedPlanInput> {
  const scope = await scopeOf(db, edit)
  const [groupUsers, groupCustomers, directLinks, customers, alertMembers, settings] = await Promise.all([
    db.groupMember.findMany({ where: { mspUserId: { in: scope.users } } }),
    db.groupCustomer.findMany({
      where: { OR: [{ customerId: { in: scope.customers } }, { groupId: { in: scope.groups } }] },
    }),
    db.directLink.findMany({
      where: { customerId: { in: scope.customers }, mspUserId: { in: scope.users } },
    }),
    db.customer.findMany({
      where: { id: { in: scope.customers } },
      select: { id: true, name: true, accountContactId: true },
    }),
    // One statement (an include would be two): only groups with members can be emptied.
    db.$queryRaw<Array<{ id: number; customerId: number; name: string; mspUserId: number }>>`
      SELECT ag.id, ag."customerId", ag.name, m."mspUserId" FROM "AlertGroup" ag
      JOIN "AlertGroupMember" m ON m."alertGroupId" = ag.id WHERE ag."customerId" = ANY(${scope.customers}::int[])`,
    loadSettings(db),
  ])
  const alertGroups = new Map<number, AlertGroupState & { members: number[] }>()
  for (const row of alertMembers) {
    const group = alertGroups.get(row.id) ?? {
      id: row.id,
      customerId: row.customerId,
      name: row.name,
      members: [],
    }
    group.members.push(row.mspUserId)
    alertGroups.set(row.id, group)
  }
  const memberships: Memberships = {
    groupUsers: groupUsers.map((r) => [r.groupId, r.mspUserId] as const),
    groupCustomers: groupCustomers.map((r) => [r.groupId, r.customerId] as const),
    directLinks: directLinks.map((r) => [r.mspUserId, r.customerId] as const),
  }
  return {
    edit,
    memberships,
    accountContacts: new Map(customers.map((c) => [c.id, c.accountContactId])),
    alertGroups: [...alertGroups.values()],
    settings,
    customerNames: new Map(customers.map((c) => [c.id, c.name])),
  }
}

/**
 * Names of what the plan shows or a limit message may name, loaded once the plan is known: a user in ten
 * groups brings ten groups into the slice, but only those that keep a pair are ever named.
 */
export async function loadNames(db: Db, input: LoadedPlanInput, plan: Plan): Promise<NameBook> {
  const { delta, after } = plan
  const pairs = [...plan.added, ...plan.removed, ...plan.kept, ...plan.blocked]
  const userIds = unique([
    ...pairs.map((p) => p.userId),
    ...[...delta.addGroupUsers, ...delta.removeGroupUsers].map(([, u]) => u),
  ])
  const groupIds = unique([
    ...plan.kept.flatMap((k) => k.keptBy.flatMap((j) => (j.kind === 'group' ? [j.groupId] : []))),
    ...[
      ...delta.addGroupCustomers,
      ...delta.removeGroupCustomers,
      ...delta.addGroupUsers,
      ...delta.removeGroupUsers,
    ].map(([g]) => g),
    ...delta.addGroupCustomers.flatMap(([, c]) => [...after.groupsOfCustomer(c)]), // exclusive-mode owners
  ])
  const [users, groups] = await Promise.all([
    userIds.length > 0
      ? db.mspUser.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })
      : [],
    groupIds.length > 0
      ? db.customerGroup.findMany({ where: { id: { in: groupIds } }, select: { id: true, name: true } })
      : [],
  ])
  return nameBook({
    users: new Map(users.map((u) => [u.id, u.name])),
    customers: input.customerNames,
    groups: new Map(groups.map((g) => [g.id, g.name])),
    alertGroups: new Map(input.alertGroups.map((a) => [a.id, a.name])),
  })
}
