// Typed, coded errors of the use cases; the Slack edge maps each code to a user message.
import type { Capability, StaffRole } from '../domain/roles.ts'

export type ServiceErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'INVALID' | 'NOT_CUSTOMER_ACCESS'

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    /** The form field the error belongs to, when it comes from one. */
    readonly field?: string,
  ) {
    super(message)
    this.name = 'ServiceError'
  }
}

export class ForbiddenError extends ServiceError {
  constructor(
    readonly capability: Capability,
    readonly needed: StaffRole,
    readonly actual: StaffRole | null,
  ) {
    super('FORBIDDEN', `This needs the ${needed} role${actual ? ` (you are ${actual})` : ''}.`)
  }
}

/** By name as typed, or by id (a stale form or button): then the record is gone, and its id means nothing to people. */
export const notFound = (what: string, name: string | number) =>
  new ServiceError(
    'NOT_FOUND',
    typeof name === 'number'
      ? `That ${what} no longer exists (it was deleted meanwhile); nothing was changed.`
      : `No ${what} named "${name}".`,
  )
