import { type Db, Prisma, type TransactionClient } from '../../db/client.ts'
import { underAssociationLock } from '../../db/transaction.ts'
import { nameKey } from '../../domain/names.ts'
import { can, seesAllCustomers } from '../../domain/roles.ts'
import { requireCapability, type StaffActor } from '../actor.ts'
import { type SaveOutcome, saveRecordEdit } from '../associations/save-association-edit.ts'
import { changeAndAudit } from '../audit.ts'
import { type FieldProblem, gone } from '../errors.ts'
import { groupFormVersion, groupFormVersionSql } from '../form-version.ts'
import { isUniqueViolation } from '../unique-violation.ts'

export interface CustomerGroupInput {
  groupId: number
  name: string
  customerIds: number[]
  userIds: number[]
  isDefault: boolean
}

/** Another group already named `name` (the same name key), if any. */
interface NameClash {
  id: number
  name: string
}

function nameProblems(trimmed: string, clash: NameClash | null, exceptId?: number): FieldProblem[] {
  if (trimmed.length === 0) return [{ field: 'name', problem: { code: 'group.nameMissing' } }]
  return clash && clash.id !== exceptId
    ? [{ field: 'name', problem: { code: 'group.nameTaken', name: clash.name } }]
    : []
}

export async function groupNameProblems(db: Db, name: string, exceptId?: number): Promise<FieldProblem[]> {
  const trimmed = name.trim()
  if (trimmed.length === 0) return nameProblems(trimmed, null)
  const [clash] = await db.$queryRaw<NameClash[]>`
    SELECT id, name FROM "CustomerGroup" WHERE "nameKey" = ${nameKey(trimmed)}`
  return nameProblems(trimmed, clash ?? null, exceptId)
}

/** At most one default group: setting one clears the others. One statement. */
const groupHeaderStatement = (groupId: number, name: string, isDefault: boolean) => Prisma.sql`
    UPDATE "CustomerGroup" SET
      name = CASE WHEN id = ${groupId}::int THEN ${name.trim()} ELSE name END,
      "nameKey" = CASE WHEN id = ${groupId}::int THEN ${nameKey(name)} ELSE "nameKey" END,
      "isDefault" = (id = ${groupId}::int AND ${isDefault}::boolean)
    WHERE id = ${groupId}::int OR (${isDefault}::boolean AND "isDefault")`

export async function writeGroupHeader(
  tx: TransactionClient,
  groupId: number,
  name: string,
  isDefault: boolean,
) {
  const updated = await tx.$executeRaw`${groupHeaderStatement(groupId, name, isDefault)}`
  if (updated === 0) throw gone('customer group')
}

/** The group as the form's save reads it, with the group a new name would clash with. */
interface GroupRecord {
  id: number
  name: string
  isDefault: boolean
  clash: NameClash | null
}

/** The group's header and members, read in one statement. */
interface GroupState {
  id: number
  name: string
  isDefault: boolean
  customerIds: number[]
  userIds: number[]
  /** Customers of the group the actor is not associated with (0 for admins). */
  outside: number
}

/** The group's header and members in one statement; refuses a missing group and a missing capability. */
async function readGroupState(db: Db, actor: StaffActor, groupId: number): Promise<GroupState> {
  const outsideScope = seesAllCustomers(actor.role)
    ? Prisma.sql`0`
    : Prisma.sql`(SELECT count(*)::int FROM "GroupCustomer" gc WHERE gc."groupId" = g.id AND NOT EXISTS
        (SELECT 1 FROM "Association" a WHERE a."customerId" = gc."customerId"
          AND a."mspUserId" = ${actor.mspUserId ?? -1}::int))`
  const [group] = await db.$queryRaw<GroupState[]>`SELECT g.id, g.name, g."isDefault",
      (SELECT coalesce(json_agg("customerId"), '[]') FROM "GroupCustomer" WHERE "groupId" = g.id) AS "customerIds",
      (SELECT coalesce(json_agg("mspUserId"), '[]') FROM "GroupMember" WHERE "groupId" = g.id) AS "userIds",
      ${outsideScope} AS outside
    FROM "CustomerGroup" g WHERE g.id = ${groupId}::int`
  if (!group) throw gone('customer group')
  requireCapability(actor, 'editGroups')
  return group
}

const NO_PAIRS = { added: [], removed: [], kept: [], blocked: [] }
const HEADER_ONLY = 'no association changed'

/** `ids` as Postgres' ARRAY(… ORDER BY 1) gives them. */
const sortedIds = (ids: readonly number[]) => [...new Set(ids)].sort((a, b) => a - b)

/**
 * A save that keeps the group's customers and users (a rename, clearing the default flag) has an empty
 * plan: no limit, preview or block applies and no association is touched, so it needs neither the slice
 * nor the association lock. One statement writes the new header with its audit row, only if the group
 * still has exactly the submitted members, the form's version still matches the group (computed in SQL as
 * form-version.ts does), the actor is associated with all its customers (below admin), something changes,
 * and the default flag is not being set (that clears the other groups' flag: under the lock). False when it
 * wrote nothing, or the new name is taken: the full path then decides and words the answer.
 */
async function saveHeaderInOneStatement(
  db: Db,
  actor: StaffActor,
  input: CustomerGroupInput,
  expectedVersion: string | undefined,
): Promise<boolean> {
  const name = input.name.trim()
  const inScope = seesAllCustomers(actor.role)
    ? Prisma.sql`true`
    : Prisma.sql`NOT EXISTS (SELECT 1 FROM "GroupCustomer" gc WHERE gc."groupId" = g.id AND NOT EXISTS
        (SELECT 1 FROM "Association" a WHERE a."customerId" = gc."customerId"
          AND a."mspUserId" = ${actor.mspUserId ?? -1}::int))`
  const customers = Prisma.sql`ARRAY(SELECT "customerId" FROM "GroupCustomer" WHERE "groupId" = g.id ORDER BY 1)`
  const users = Prisma.sql`ARRAY(SELECT "mspUserId" FROM "GroupMember" WHERE "groupId" = g.id ORDER BY 1)`
  const version =
    expectedVersion === undefined
      ? Prisma.sql`true`
      : Prisma.sql`${groupFormVersionSql(Prisma.sql`old.name`, Prisma.sql`old."isDefault"`, customers, users)} = ${expectedVersion}`
  try {
    return await changeAndAudit(
      db,
      actor,
      { action: 'group.edit', targetType: 'group', customers: [] },
      Prisma.sql`UPDATE "CustomerGroup" g
        SET name = ${name}, "nameKey" = ${nameKey(name)}, "isDefault" = ${input.isDefault}::boolean
        FROM (SELECT id, name, "isDefault" FROM "CustomerGroup" WHERE id = ${input.groupId}::int) old
        WHERE g.id = old.id
          AND (old.name <> ${name} OR old."isDefault" <> ${input.isDefault}::boolean)
          AND (NOT ${input.isDefault}::boolean OR old."isDefault")
          AND ${customers} = ${sortedIds(input.customerIds)}::int[]
          AND ${users} = ${sortedIds(input.userIds)}::int[]
          AND ${version} AND ${inScope}
        RETURNING old.name AS "targetName",
          jsonb_build_object('name', old.name, 'default', old."isDefault") AS before,
          jsonb_build_object('name', ${name}::text, 'default', ${input.isDefault}::boolean,
            'associations', ${HEADER_ONLY}::text) AS after`,
    )
  } catch (error) {
    if (isUniqueViolation(error)) return false // the name is taken: the full path names the clash
    throw error
  }
}

/** A submission equal to what the form showed, on a group still as it was then: one read, no transaction. */
async function unchangedSinceOpened(db: Db, actor: StaffActor, input: CustomerGroupInput, version: string) {
  const group = await readGroupState(db, actor, input.groupId)
  return group.outside === 0 && groupFormVersion(group) === version
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
  const trimmed = input.name.trim()
  // submitted as the form showed it when opened: most likely nothing to write
  const likelyNoChange =
    expectedVersion !== undefined &&
    confirmedHash === undefined &&
    groupFormVersion({
      name: trimmed,
      isDefault: input.isDefault,
      customerIds: input.customerIds,
      userIds: input.userIds,
    }) === expectedVersion
  // A first submission (not a Confirm), outside any caller's transaction: the cheap answers first.
  if (confirmedHash === undefined && '$transaction' in db) {
    if (likelyNoChange) {
      if (await unchangedSinceOpened(db, actor, input, expectedVersion))
        return { status: 'applied', view: NO_PAIRS, summary: 'nothing changed' }
    } else if (
      trimmed.length > 0 && // a missing name is a field error: the full path words it
      can(actor.role, 'editGroups') &&
      (await saveHeaderInOneStatement(db, actor, input, expectedVersion))
    )
      return { status: 'applied', view: NO_PAIRS, summary: HEADER_ONLY }
  }
  const full = (on: Db) => fullSave(on, actor, input, confirmedHash, expectedVersion, likelyNoChange)
  return confirmedHash === undefined ? underAssociationLock(db, full) : full(db)
}

function fullSave(
  db: Db,
  actor: StaffActor,
  input: CustomerGroupInput,
  confirmedHash: string | undefined,
  expectedVersion: string | undefined,
  likelyNoChange: boolean,
): Promise<SaveOutcome> {
  const edit = {
    kind: 'customer-group',
    groupId: input.groupId,
    customerIds: input.customerIds,
    userIds: input.userIds,
  } as const
  const trimmed = input.name.trim()
  // The record is read under the same lock as the save, in the slice's statement: what is checked is
  // what is saved over.
  return saveRecordEdit<GroupRecord>(db, actor, {
    edit,
    likelyNoChange,
    record: Prisma.sql`SELECT json_build_object('id', g.id, 'name', g.name, 'isDefault', g."isDefault",
        'clash', (SELECT json_build_object('id', c.id, 'name', c.name) FROM "CustomerGroup" c
                  WHERE c."nameKey" = ${nameKey(trimmed)} AND c.id <> g.id))
      FROM "CustomerGroup" g WHERE g.id = ${input.groupId}::int`,
    request: (group) => {
      if (!group) throw gone('customer group')
      const renamed = trimmed !== group.name
      return {
        edit,
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
        validate: () => (renamed ? nameProblems(trimmed, group.clash, group.id) : []),
        extrasChange: renamed || input.isDefault !== group.isDefault,
        // read under the lock just before: the group is there
        extrasStatement: groupHeaderStatement(group.id, input.name, input.isDefault),
        audit: {
          action: 'group.edit',
          targetType: 'group',
          targetName: group.name,
          before: { name: group.name, default: group.isDefault },
          after: { name: trimmed, default: input.isDefault },
        },
      }
    },
  })
}
