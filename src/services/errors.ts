// What can go wrong in a use case, as data: a code and the parameters its words need. Services throw
// (ServiceError) or return (FieldProblem) these; src/messages turns them into words at the edges.
// Broken invariants (bugs) stay plain Errors.
import type { LimitViolation } from '../domain/limits.ts'
import type { Capability, StaffRole } from '../domain/roles.ts'

/** Records a stale form or button can point at. */
export type RecordKind =
  | 'customer'
  | 'customer group'
  | 'MSP user'
  | 'alert group'
  | 'portal user'
  | 'customer user'

export type Problem =
  | LimitViolation
  /** Looked up by id from a form or button: deleted since it was shown. */
  | { code: 'record.gone'; record: RecordKind }
  | { code: 'staff.unknown'; email: string | null; needed: StaffRole }
  | { code: 'staff.forbidden'; capability: Capability; needed: StaffRole; actual: StaffRole }
  | { code: 'staff.notAssociated'; customers: string[] }
  | { code: 'preview.expired' }
  | { code: 'preview.notYours' }
  | { code: 'group.nameMissing' }
  | { code: 'group.nameTaken'; name: string }
  | { code: 'group.notEmpty'; group: string; customers: string[] }
  | { code: 'user.lastAdmin'; user: string }
  | { code: 'accountContact.notAssociated'; contact: string; customer: string }
  | { code: 'portal.nameMissing' }
  | { code: 'portal.emailInvalid'; email: string }
  | { code: 'portal.emailTaken'; email: string; customer: string }
  | { code: 'portal.adminTaken'; customer: string; admin: string }
  | { code: 'portal.roleUnknown'; role: string }
  | { code: 'approval.reasonMissing' }
  | { code: 'approval.reasonTooLong'; max: number }
  | CustomerUserProblem

/** Customer users and their subscriptions (src/services/customer-users; words in src/messages/customer-users.ts). */
export type CustomerUserProblem =
  | { code: 'customerUser.emailMissing' }
  | { code: 'customerUser.emailInvalid'; email: string }
  | { code: 'customerUser.emailTaken'; email: string; customer: string }
  | { code: 'customerUser.nameMissing'; name: 'first' | 'last' }
  | { code: 'customerUser.nameTooLong'; name: 'first' | 'last'; max: number }
  /** A directory user: the directory owns it. */
  | { code: 'customerUser.locked'; email: string }
  | { code: 'subscription.poolInvalid'; max: number }
  | { code: 'subscription.poolBelowUsed'; customer: string; used: number }

export type ProblemCode = Problem['code']

/** A refusal: thrown before anything is written. */
export class ServiceError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.code)
    this.name = 'ServiceError'
  }
  get code(): ProblemCode {
    return this.problem.code
  }
}

/** A record looked up by id (a stale form or button) that no longer exists. */
export const gone = (record: RecordKind) => new ServiceError({ code: 'record.gone', record })

/** Form fields a problem can belong to. */
export type FormField =
  | 'groups'
  | 'customers'
  | 'users'
  | 'directUsers'
  | 'accountContact'
  | 'name'
  | 'role'
  | 'email'
  | 'admin'
  | 'reason'
  | 'firstName'
  | 'lastName'
  | 'purchased'

/** A problem with what a form asks for: shown on its field, nothing written. */
export interface FieldProblem {
  field: FormField
  problem: Problem
}
