// Every problem code in words: the one place to change how a refusal or a field error reads. Plain text
// (no markup): the Slack edge escapes it where it goes into mrkdwn.
import type { Problem } from '../services/errors.ts'
import { approvalProblemMessage } from './approvals.ts'
import { customerUserProblemMessage } from './customer-users.ts'
import { limitMessage } from './limits.ts'
import { portalProblemMessage } from './portal.ts'

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export function problemMessage(p: Problem): string {
  switch (p.code) {
    case 'limit.customersPerGroup':
    case 'limit.groupsPerUser':
    case 'limit.exclusiveGroup':
      return limitMessage(p)
    case 'record.gone':
      return `That ${p.record} no longer exists (it was deleted meanwhile); nothing was changed.`
    case 'staff.unknown':
      return `You are not an MSP user here${p.email ? ` (${p.email})` : ''}, so msp-bot cannot act for you. Ask an admin to add you; this needs at least the ${p.needed} role.`
    case 'staff.forbidden':
      return `This needs the ${p.needed} role; you are ${p.actual}. Nothing was changed.`
    case 'staff.notAssociated':
      return `You are not associated with ${p.customers.join(', ')}; ask an admin or an associated manager.`
    case 'preview.expired':
      return 'This preview has expired; open the form and save again.'
    case 'preview.notYours':
      return 'Only the person who made this change can confirm it.'
    case 'group.nameMissing':
      return 'A customer group needs a name.'
    case 'group.nameTaken':
      return `A group named ${p.name} already exists.`
    case 'group.notEmpty':
      return `${p.group} still has ${plural(p.customers.length, 'customer')} (${p.customers.join(', ')}): remove them from the group first.`
    case 'user.lastAdmin':
      return `${p.user} is the last admin; make someone else admin first.`
    case 'accountContact.notAssociated':
      return `${p.contact} is not associated with ${p.customer}: add them under Associate to MSP Users or through a group.`
    case 'portal.nameMissing':
    case 'portal.emailInvalid':
    case 'portal.emailTaken':
    case 'portal.adminTaken':
    case 'portal.roleUnknown':
      return portalProblemMessage(p)
    case 'approval.reasonMissing':
    case 'approval.reasonTooLong':
      return approvalProblemMessage(p)
    case 'customerUser.emailMissing':
    case 'customerUser.emailInvalid':
    case 'customerUser.emailTaken':
    case 'customerUser.nameMissing':
    case 'customerUser.nameTooLong':
    case 'customerUser.locked':
    case 'subscription.poolInvalid':
    case 'subscription.poolBelowUsed':
      return customerUserProblemMessage(p)
  }
}

/** On a form re-opened with current values because its record changed while it was open. */
export const changedMeanwhileMessage = (subject: string) =>
  `${subject} was changed by someone else while this form was open. These are its current values: make your change again.`
