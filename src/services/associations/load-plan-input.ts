// Loads exactly the slice of memberships an edit can touch (no per-pair queries), with names and settings.
// The sets are matched as `= ANY(ARRAY(SELECT id FROM s…))`, not `IN (SELECT …)`: the planner then looks the
// (few) ids up in the tables' indexes whatever the book's size; with IN it estimated the CTEs blindly and
// scanned GroupCustomer (an OR of two IN), GroupMember and AlertGroup whole (test/db/hot-queries-explain.test.ts).
import { type Db, Prisma } from '../../db/client.ts'
import type { AssociationEdit } from '../../domain/edits.ts'
import { DEFAULT_GROUP_SETTINGS, type GroupSettings } from '../../domain/limits.ts'
import type { Memberships } from '../../domain/memberships.ts'
import { type NameBook, nameBook } from '../../domain/names.ts'
import type { AlertGroupState, Plan, PlanInput } from '../../domain/plan.ts'

export interface LoadedPlanInput extends PlanInput {
  settings: GroupSettings
  customerNames: ReadonlyMap<number, string>
  /** What the caller's `record` expression returned (null when it found no row), read in the same statement. */
  record: unknown
}

const unique = (ids: Iterable<number>) => [...new Set(ids)]

/**
 * The users, customers and groups whose pairs and limits the edit may change, as three SQL sets (`su`,
 * `sc`, `sg`) for the load statement to start from.
 */
function scopeOf(edit: AssociationEdit): Prisma.Sql {
  switch (edit.kind) {
    case 'customer-preferences': {
      const contact = edit.accountContactId ? [edit.accountContactId] : []
      return Prisma.sql`
        sg AS (SELECT "groupId" AS id FROM "GroupCustomer" WHERE "customerId" = ${edit.customerId}::int
               UNION SELECT unnest(${edit.groupIds}::int[])),
        sc AS (SELECT ${edit.customerId}::int AS id),
        su AS (SELECT "mspUserId" AS id FROM "GroupMember" WHERE "groupId" = ANY(ARRAY(SELECT id FROM sg))
               UNION SELECT "mspUserId" FROM "DirectLink" WHERE "customerId" = ${edit.customerId}::int
               UNION SELECT unnest(${[...edit.directUserIds, ...contact]}::int[]))`
    }
    case 'customer-group':
      return Prisma.sql`
        sg AS (SELECT ${edit.groupId}::int AS id),
        sc AS (SELECT "customerId" AS id FROM "GroupCustomer" WHERE "groupId" = ${edit.groupId}::int
               UNION SELECT unnest(${edit.customerIds}::int[])),
        su AS (SELECT "mspUserId" AS id FROM "GroupMember" WHERE "groupId" = ${edit.groupId}::int
               UNION SELECT unnest(${edit.userIds}::int[]))`
    case 'user-groups':
      return Prisma.sql`
        sg AS (SELECT "groupId" AS id FROM "GroupMember" WHERE "mspUserId" = ${edit.userId}::int
               UNION SELECT unnest(${edit.groupIds}::int[])),
        sc AS (SELECT DISTINCT "customerId" AS id FROM "GroupCustomer" WHERE "groupId" = ANY(ARRAY(SELECT id FROM sg))),
        su AS (SELECT ${edit.userId}::int AS id)`
  }
}

type Pair = [number, number]

interface SliceRow {
  groupUsers: Pair[]
  groupCustomers: Pair[]
  directLinks: Pair[]
  /** [id, name, accountContactId] */
  customers: Array<[number, string, number | null]>
  /** [alert group id, customer id, name, member id]: only groups with members can be emptied. */
  alertMembers: Array<[number, number, string, number]>
  settings: GroupSettings | null
  record: unknown
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

/**
 * The slice of memberships the edit can touch, its customers, their alert groups and the settings: one
 * statement (it was eight; on the embedded database each statement costs the main thread more CPU than
 * the rows it returns — see the README's Performance section).
 */
export async function loadPlanInput(
  db: Db,
  edit: AssociationEdit,
  /** A scalar JSON expression (a form's record) read in the same statement: one statement fewer per save. */
  record: Prisma.Sql = Prisma.sql`NULL::json`,
): Promise<LoadedPlanInput> {
  const pairs = (table: Prisma.Sql, a: string, b: string, where: Prisma.Sql) =>
    Prisma.sql`(SELECT coalesce(json_agg(json_build_array(t.${Prisma.raw(`"${a}"`)}, t.${Prisma.raw(`"${b}"`)})), '[]')
      FROM ${table} t WHERE ${where})`
  const [slice] = await db.$queryRaw<SliceRow[]>`
    WITH ${scopeOf(edit)}
    SELECT
      ${pairs(Prisma.sql`"GroupMember"`, 'groupId', 'mspUserId', Prisma.sql`t."mspUserId" = ANY(ARRAY(SELECT id FROM su))`)} AS "groupUsers",
      ${pairs(
        Prisma.sql`"GroupCustomer"`,
        'groupId',
        'customerId',
        Prisma.sql`t."customerId" = ANY(ARRAY(SELECT id FROM sc)) OR t."groupId" = ANY(ARRAY(SELECT id FROM sg))`,
      )} AS "groupCustomers",
      ${pairs(
        Prisma.sql`"DirectLink"`,
        'mspUserId',
        'customerId',
        Prisma.sql`t."customerId" = ANY(ARRAY(SELECT id FROM sc)) AND t."mspUserId" = ANY(ARRAY(SELECT id FROM su))`,
      )} AS "directLinks",
      (SELECT coalesce(json_agg(json_build_array(c.id, c.name, c."accountContactId")), '[]')
        FROM "Customer" c WHERE c.id = ANY(ARRAY(SELECT id FROM sc))) AS customers,
      (SELECT coalesce(json_agg(json_build_array(ag.id, ag."customerId", ag.name, m."mspUserId")), '[]')
        FROM "AlertGroup" ag JOIN "AlertGroupMember" m ON m."alertGroupId" = ag.id
        WHERE ag."customerId" = ANY(ARRAY(SELECT id FROM sc))) AS "alertMembers",
      (SELECT json_build_object('groupMode', s."groupMode", 'maxCustomersPerGroup', s."maxCustomersPerGroup",
          'maxGroupsPerUser', s."maxGroupsPerUser") FROM "Setting" s WHERE s.id = 1) AS settings,
      (${record}) AS record`
  if (!slice) throw new Error('loadPlanInput: the statement returned no row')
  const alertGroups = new Map<number, AlertGroupState & { members: number[] }>()
  for (const [id, customerId, name, mspUserId] of slice.alertMembers) {
    const group = alertGroups.get(id) ?? { id, customerId, name, members: [] }
    group.members.push(mspUserId)
    alertGroups.set(id, group)
  }
  const memberships: Memberships = {
    groupUsers: slice.groupUsers,
    groupCustomers: slice.groupCustomers,
    directLinks: slice.directLinks,
  }
  return {
    edit,
    memberships,
    accountContacts: new Map(slice.customers.map(([id, , contact]) => [id, contact])),
    alertGroups: [...alertGroups.values()],
    settings: slice.settings ?? DEFAULT_GROUP_SETTINGS,
    customerNames: new Map(slice.customers.map(([id, name]) => [id, name])),
    record: slice.record ?? null,
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
