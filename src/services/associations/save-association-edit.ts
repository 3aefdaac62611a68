// The one path every association-changing form takes: plan, check, preview or apply, audit.
import { createHash } from 'node:crypto'
import type { Db, Prisma, TransactionClient } from '../../db/client.ts'
import { underAssociationLock } from '../../db/transaction.ts'
import { type AssociationEdit, isEmptyDelta } from '../../domain/edits.ts'
import { checkLimits, type LimitCode } from '../../domain/limits.ts'
import type { MembershipIndex } from '../../domain/memberships.ts'
import { isBlocked, needsPreview, type Plan, planEdit, planFingerprint } from '../../domain/plan.ts'
import type { Capability } from '../../domain/roles.ts'
import { assertMayTouchCustomers, requireCapability, type StaffActor } from '../actor.ts'
import { type AuditEntry, recordAudit } from '../audit.ts'
import type { FieldProblem, FormField } from '../errors.ts'
import { applyPlan } from './apply-plan.ts'
import { type LoadedPlanInput, loadNames, loadPlanInput } from './load-plan-input.ts'
import { type PlanView, summarizePlan, viewPlan } from './plan-view.ts'

export type SaveOutcome =
  | { status: 'invalid'; problems: FieldProblem[] }
  /** Removes associations: shown first, applied on Confirm with this hash. */
  | { status: 'preview'; view: PlanView; hash: string }
  /** Has blocked pairs: nothing was written. */
  | { status: 'blocked'; view: PlanView; hash: string }
  /** Confirm came with a hash that no longer matches the data: here is the new preview. */
  | { status: 'stale'; view: PlanView; hash: string }
  | { status: 'applied'; view: PlanView; summary: string }
  /** The form's record changed since the form was opened: nothing was written; reopen it. */
  | { status: 'changed' }

export interface SaveRequest {
  edit: AssociationEdit
  capability: Capability
  /** Set by Confirm: apply only if the plan still hashes to this. */
  confirmedHash?: string
  /** Set by a form: the version of its record it showed when opened (form-version.ts). */
  expectedVersion?: string
  /** The version of the form's record as it is now, from the memberships before the edit. */
  versionOf?: (before: MembershipIndex) => string
  /** Form-specific checks on the planned result; each problem stops the save. */
  validate?: (
    plan: Plan,
    input: LoadedPlanInput,
    tx: TransactionClient,
  ) => Promise<FieldProblem[]> | FieldProblem[]
  /** Whether the form changes anything besides associations (name, role, default, account contact). */
  extrasChange: boolean
  /** Writes those other changes with the plan; called only when `extrasChange`. */
  writeExtras?: (tx: TransactionClient) => Promise<void>
  /**
   * Instead of `writeExtras`: those changes as one data-modifying statement, run in the audit row's
   * statement (one statement fewer).
   */
  extrasStatement?: Prisma.Sql
  audit: Omit<AuditEntry, 'customers'>
}

const LIMIT_FIELD: Record<AssociationEdit['kind'], Record<LimitCode, FormField>> = {
  'customer-preferences': {
    'limit.customersPerGroup': 'groups',
    'limit.exclusiveGroup': 'groups',
    'limit.groupsPerUser': 'directUsers',
  },
  'customer-group': {
    'limit.customersPerGroup': 'customers',
    'limit.exclusiveGroup': 'customers',
    'limit.groupsPerUser': 'users',
  },
  'user-groups': {
    'limit.customersPerGroup': 'groups',
    'limit.exclusiveGroup': 'groups',
    'limit.groupsPerUser': 'groups',
  },
}

/** Blocked pairs kept in an audit row (the count is always kept). */
const AUDIT_BLOCKED_MAX = 50

const sortedUnique = (ids: number[]) => [...new Set(ids)].sort((a, b) => a - b)

/** Customers whose associations or groups the save changes (what the audit row lists). */
function changedCustomerIds(plan: Plan): number[] {
  const { edit, delta } = plan
  const ids = [...plan.added, ...plan.removed, ...plan.blocked, ...plan.kept].map((p) => p.customerId)
  ids.push(...[...delta.addGroupCustomers, ...delta.removeGroupCustomers].map(([, c]) => c))
  if (edit.kind === 'customer-preferences') ids.push(edit.customerId)
  return sortedUnique(ids)
}

/** Customers an actor must be associated with to make the save: also every customer of an edited group. */
function customersInReach(plan: Plan, input: LoadedPlanInput): number[] {
  const { edit } = plan
  const ids = changedCustomerIds(plan)
  if (edit.kind === 'customer-group') {
    for (const [g, c] of input.memberships.groupCustomers) if (g === edit.groupId) ids.push(c)
  }
  return sortedUnique(ids)
}

export const hashPlan = (plan: Plan) =>
  createHash('sha256').update(planFingerprint(plan)).digest('hex').slice(0, 32)

export function saveAssociationEdit(db: Db, actor: StaffActor, request: SaveRequest): Promise<SaveOutcome> {
  requireCapability(actor, request.capability)
  return underAssociationLock(db, async (tx) =>
    written(await save(tx, actor, request, await loadPlanInput(tx, request.edit))),
  )
}

function written(outcome: SaveOutcome | typeof WRITES): SaveOutcome {
  if (outcome === WRITES) throw new Error('a locked save cannot stop before writing')
  return outcome
}

/** A form's save whose request depends on the form's record, read in the same statement as the slice. */
export interface RecordSave<R> {
  edit: AssociationEdit
  /** A scalar JSON expression: the record (null when there is none). */
  record: Prisma.Sql
  /** The request for that record; throws (gone) when there is none. */
  request: (record: R | null) => SaveRequest
  /**
   * The submission most likely changes nothing (it is what the form showed when opened): first read
   * without a transaction or the lock, and answer from that read when the answer writes nothing; only a
   * save that writes takes the lock and reads again.
   */
  likelyNoChange?: boolean
}

/** Like saveAssociationEdit, with the form's record read under the lock, in the slice's statement. */
export async function saveRecordEdit<R>(
  db: Db,
  actor: StaffActor,
  form: RecordSave<R>,
): Promise<SaveOutcome> {
  const attempt = async (tx: Db, readOnly: boolean) => {
    const input = await loadPlanInput(tx, form.edit, form.record)
    const request = form.request(input.record as R | null)
    requireCapability(actor, request.capability)
    return save(tx, actor, request, input, readOnly)
  }
  // Outside a transaction, the slice statement reads one consistent snapshot: an answer that writes
  // nothing (no change, changed meanwhile, invalid, preview, stale) is the same as under the lock.
  if (form.likelyNoChange && '$transaction' in db) {
    const outcome = await attempt(db, true)
    if (outcome !== WRITES) return outcome
  }
  return underAssociationLock(db, async (tx) => written(await attempt(tx, false)))
}

/** A read-only attempt's answer when the save has to write: try again under the lock. */
const WRITES = Symbol('writes')

async function save(
  tx: Db,
  actor: StaffActor,
  request: SaveRequest,
  input: LoadedPlanInput,
  readOnly = false,
): Promise<SaveOutcome | typeof WRITES> {
  const plan = planEdit(input)
  const names = await loadNames(tx, input, plan)
  await assertMayTouchCustomers(tx, actor, customersInReach(plan, input), names.customer)
  const { expectedVersion, versionOf } = request
  if (expectedVersion !== undefined && versionOf && versionOf(plan.before) !== expectedVersion)
    return { status: 'changed' }
  const problems: FieldProblem[] = [
    ...checkLimits(plan.delta, plan.after, input.settings, names).map((problem) => ({
      field: LIMIT_FIELD[request.edit.kind][problem.code],
      problem,
    })),
    ...((await request.validate?.(plan, input, tx)) ?? []),
  ]
  if (problems.length > 0) return { status: 'invalid', problems }

  const view = viewPlan(plan, names)
  const customers = changedCustomerIds(plan).map(names.customer)
  const hash = hashPlan(plan)
  if (isBlocked(plan)) {
    if (readOnly) return WRITES
    await recordAudit(tx, actor, {
      ...request.audit,
      action: `${request.audit.action}.blocked`,
      customers,
      after: {
        blockedCount: view.blocked.length,
        blocked: view.blocked.slice(0, AUDIT_BLOCKED_MAX).map((b) => ({
          user: b.user,
          customer: b.customer,
          reason: b.reason,
          fix: b.fix,
        })),
      },
    })
    return { status: 'blocked', view, hash }
  }
  if (request.confirmedHash !== undefined && request.confirmedHash !== hash)
    return { status: 'stale', view, hash }
  if (request.confirmedHash === undefined && needsPreview(plan)) return { status: 'preview', view, hash }
  // A save that changes nothing writes nothing, not even an audit row.
  if (isEmptyDelta(plan.delta) && !request.extrasChange)
    return { status: 'applied', view, summary: 'nothing changed' }
  if (readOnly || '$transaction' in tx) return WRITES

  await applyPlan(tx, plan)
  const extras = request.extrasChange ? request.extrasStatement : undefined
  if (request.extrasChange && !extras) await request.writeExtras?.(tx)
  const summary = summarizePlan(view)
  await recordAudit(
    tx,
    actor,
    {
      ...request.audit,
      customers,
      after: { ...(request.audit.after as object | undefined), associations: summary },
    },
    extras,
  )
  return { status: 'applied', view, summary }
}
