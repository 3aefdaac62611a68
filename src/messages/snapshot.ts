// What is wrong with a snapshot, in words: one line per bad entry, `path: words`. A broken limit reads
// exactly as in a form (limitMessage). Plain text.
import type { SnapshotIssue, SnapshotProblem } from '../services/snapshot/snapshot-problems.ts'
import { limitMessage } from './limits.ts'

export function snapshotProblemMessage(p: SnapshotProblem): string {
  switch (p.code) {
    case 'limit.customersPerGroup':
    case 'limit.groupsPerUser':
    case 'limit.exclusiveGroup':
      return limitMessage(p)
    case 'snapshot.schema':
      return p.message
    case 'snapshot.unknownField':
      return 'unknown field'
    case 'snapshot.unknownUser':
      return `unknown MSP user "${p.email}"`
    case 'snapshot.unknownCustomer':
      return `unknown customer "${p.customer}"`
    case 'snapshot.listedTwice':
      return `"${p.value}" is listed twice`
    case 'snapshot.alreadyUsed':
      return `"${p.value}" is already used by ${p.by}`
    case 'snapshot.nameTaken':
      return `"${p.name}" is already used by ${p.by} (names ignore case)`
    case 'snapshot.alertGroupNameTaken':
      return `${p.customer} already has an alert group "${p.alertGroup}" (${p.by}; names ignore case)`
    case 'snapshot.alertGroupEmpty':
      return 'an alert group needs at least one member'
    case 'snapshot.secondDefault':
      return `only one group can be the default, and ${p.by} already is`
    case 'snapshot.portalEmailTaken':
      return `"${p.email}" is already a portal user of ${p.customer} (${p.by})`
    case 'snapshot.portalAdminTaken':
      return `${p.customer} already has its portal admin (${p.by}); a customer has one`
    case 'snapshot.customerUserEmailTaken':
      return `"${p.email}" is already a user of ${p.customer} (${p.by})`
    case 'snapshot.notAssociated': {
      const as =
        p.role.kind === 'accountContact' ? 'the Account Contact' : `in alert group ${p.role.alertGroup}`
      return `${p.email} is ${as} of ${p.customer} but not associated with it: list them in its directUsers or in a group with ${p.customer}.`
    }
  }
}

/** `groups[1].customers[0]: unknown customer "Zylkr"`, one line per issue, in the order found. */
export const snapshotIssueLines = (issues: readonly SnapshotIssue[]): string[] =>
  issues.map((issue) => `${issue.path}: ${snapshotProblemMessage(issue.problem)}`)
