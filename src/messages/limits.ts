// The words for a broken limit: the same in a form's field error, a notice and a snapshot import.
import type { LimitViolation } from '../domain/limits.ts'

export function limitMessage(v: LimitViolation): string {
  switch (v.code) {
    case 'limit.customersPerGroup':
      return `A customer group holds at most ${v.limit} customers; ${v.group} would have ${v.count}.`
    case 'limit.groupsPerUser':
      return `An MSP user can be in at most ${v.limit} customer groups; ${v.user} would be in ${v.count}.`
    case 'limit.exclusiveGroup':
      return `${v.customer} is already in ${v.takenBy.join(', ')}; groups are exclusive, so a customer can be in only one.`
  }
}
