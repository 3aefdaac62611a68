// What can be wrong with a snapshot, as data: a code and the parameters its words need, at a JSON path.
// src/messages/snapshot.ts turns them into words; a broken limit is the domain's LimitViolation, worded
// exactly as in a form.
import type { LimitViolation } from '../../domain/limits.ts'

/** A path into the snapshot such as `groups[1].customers[0]`; `snapshot` is the root. */
export type SnapshotPath = string

export type SnapshotProblem =
  | LimitViolation
  /** The shape is wrong; `message` is the schema's (zod's) own, e.g. `required`. */
  | { code: 'snapshot.schema'; message: string }
  | { code: 'snapshot.unknownField' }
  | { code: 'snapshot.unknownUser'; email: string }
  | { code: 'snapshot.unknownCustomer'; customer: string }
  /** The same MSP user or customer twice in one list. */
  | { code: 'snapshot.listedTwice'; value: string }
  /** An email or Slack user id that an earlier entry (`by`) already has. */
  | { code: 'snapshot.alreadyUsed'; value: string; by: SnapshotPath }
  /** A customer or group name that an earlier entry (`by`) already has, ignoring case. */
  | { code: 'snapshot.nameTaken'; name: string; by: SnapshotPath }
  | { code: 'snapshot.alertGroupNameTaken'; customer: string; alertGroup: string; by: SnapshotPath }
  | { code: 'snapshot.alertGroupEmpty' }
  | { code: 'snapshot.secondDefault'; by: SnapshotPath }
  | { code: 'snapshot.portalEmailTaken'; email: string; customer: string; by: SnapshotPath }
  | { code: 'snapshot.portalAdminTaken'; customer: string; by: SnapshotPath }
  | { code: 'snapshot.customerUserEmailTaken'; email: string; customer: string; by: SnapshotPath }
  /** An Account Contact or alert group member whom no direct link or shared group associates. */
  | {
      code: 'snapshot.notAssociated'
      email: string
      customer: string
      /** What the snapshot makes them: the Account Contact, or a member of this alert group. */
      role: { kind: 'accountContact' } | { kind: 'alertGroupMember'; alertGroup: string }
    }

export type SnapshotProblemCode = SnapshotProblem['code']

/** One bad entry: where it is and what is wrong with it. */
export interface SnapshotIssue {
  path: SnapshotPath
  problem: SnapshotProblem
}
