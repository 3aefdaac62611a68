import { type Db, Prisma, type TransactionClient } from '../../db/client.ts'
import { underAssociationLock } from '../../db/transaction.ts'
import { nameKey } from '../../domain/names.ts'
import { seesAllCustomers } from '../../domain/roles.ts'
import { requireCapability, type StaffActor } from '../actor.ts'
import { type SaveOutcome, saveRecordEdit } from '../associations/save-association-edit.ts'
import { changeAndAudit } from '../audit.ts'
import { type FieldProblem, gone } from '../errors.ts'
import { groupFormVersion } from '../form-version.ts'
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
  clash: NameClash | null
}

/** The group's header and members in one statement; refuses a missing group and a missing capability. */
async function readGroupState(db: Db, actor: StaffActor, groupId: number, name: string): Promise<GroupState> {
  const outsideScope = seesAllCustomers(actor.role)
    ? Prisma.sql`0`
    : Prisma.sql`(SELECT count(*)::int FROM "GroupCustomer" gc WHERE gc."groupId" = g.id AND NOT EXISTS
        (SELECT 1 FROM "Association" a WHERE a."customerId" = gc."customerId"
          AND a."mspUserId" = ${actor.mspUserId ?? -1}::int))`
  const [group] = await db.$queryRaw<GroupState[]>`SELECT g.id, g.name, g."isDefault",
      (SELECT coalesce(json_agg("customerId"), '[]') FROM "GroupCustomer" WHERE "groupId" = g.id) AS "customerIds",
      (SELECT coalesce(json_agg("mspUserId"), '[]') FROM "GroupMember" WHERE "groupId" = g.id) AS "userIds",
      ${outsideScope} AS outside,
      (SELECT json_build_object('id', c.id, 'name', c.name) FROM "CustomerGroup" c
        WHERE c."nameKey" = ${nameKey(name)} AND c.id <> g.id) AS clash
    FROM "CustomerGroup" g WHERE g.id = ${groupId}::int`
  if (!group) throw gone('customer group')
  requireCapability(actor, 'editGroups')
  return group
}

const sameIds = (a: readonly number[], b: readonly number[]) => {
  const x = new Set(a)
  const y = new Set(b)
  return x.size === y.size && [...x].every((id) => y.has(id))
}

const sortedIds = (ids: readonly number[]) => [...new Set(ids)].sort((a, b) => a - b)

const NO_PAIRS = { added: [], removed: [], kept: [], blocked: [] }

/**
 * The header of `group` as read, changed to the input's name and default flag, only if the group still has
 * those members and that default flag when the statement runs, and that name too when the form's version
 * was checked against it (else it changes nothing). Setting the default flag is not done here: it clears
 * the other groups' flag, which needs the lock.
 */
const guardedHeaderChange = (group: GroupState, input: CustomerGroupInput, sameName: boolean) => Prisma.sql`
    UPDATE "CustomerGroup" SET name = ${input.name.trim()}, "nameKey" = ${nameKey(input.name)},
      "isDefault" = ${input.isDefault}::boolean
    WHERE id = ${group.id}::int AND "isDefault" = ${group.isDefault}::boolean
      AND (NOT ${sameName}::boolean OR name = ${group.name})
      AND ARRAY(SELECT "customerId" FROM "GroupCustomer" WHERE "groupId" = ${group.id}::int ORDER BY 1)
        = ${sortedIds(group.customerIds)}::int[]
      AND ARRAY(SELECT "mspUserId" FROM "GroupMember" WHERE "groupId" = ${group.id}::int ORDER BY 1)
        = ${sortedIds(group.userIds)}::int[]
    RETURNING id`

/**
 * A save that keeps the group's customers and users has an empty plan (no limit, preview or block applies,
 * no customer and no association is touched), so it needs neither the slice nor the association lock:
 * one statement reads the group, and one guarded statement writes the new header with its audit row (the
 * guard makes it change nothing if the group changed in between). Undefined when the full path must
 * decide: the save touches memberships, the group holds customers the actor is not associated with, it
 * sets the default flag, or the group changed between the two statements.
 */
async function saveHeaderOnly(
  db: Db,
  actor: StaffActor,
  input: CustomerGroupInput,
  expectedVersion: string | undefined,
): Promise<SaveOutcome | undefined> {
  const trimmed = input.name.trim()
  const group = await readGroupState(db, actor, input.groupId, trimmed)
  if (group.outside > 0) return undefined
  if (!sameIds(input.customerIds, group.customerIds) || !sameIds(input.userIds, group.userIds))
    return undefined
  const versioned = expectedVersion !== undefined
  if (versioned && groupFormVersion(group) !== expectedVersion) return { status: 'changed' }
  const renamed = trimmed !== group.name
  if (!renamed && input.isDefault === group.isDefault)
    return { status: 'applied', view: NO_PAIRS, summary: 'nothing changed' }
  const problems = renamed ? nameProblems(trimmed, group.clash, group.id) : []
  if (problems.length > 0) return { status: 'invalid', problems }
  if (input.isDefault && !group.isDefault) return undefined
  const summary = 'no association changed'
  const changed = await changeAndAudit(
    db,
    actor,
    {
      action: 'group.edit',
      targetType: 'group',
      targetName: group.name,
      customers: [],
      before: { name: group.name, default: group.isDefault },
      after: { name: trimmed, default: input.isDefault, associations: summary },
    },
    guardedHeaderChange(group, input, versioned),
  ).catch((error: unknown) => {
    // the name taken meanwhile: the full path reads the clash and answers it as a field error
    if (isUniqueViolation(error)) return false
    throw error
  })
  return changed ? { status: 'applied', view: NO_PAIRS, summary } : undefined
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
  // A first submission (not a Confirm), outside any caller's transaction: a save that keeps the memberships
  // is answered from two statements, without the lock.
  if (confirmedHash === undefined && '$transaction' in db) {
    const answered = await saveHeaderOnly(db, actor, input, expectedVersion)
    if (answered) return answered
  }
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
