// Portal users in words: their problems and what an action did (or why it did not run).
// Plain text: the Slack edge escapes it where it goes into mrkdwn.
import type { PortalUserAction } from '../domain/portal-users.ts'
import type { Problem } from '../services/errors.ts'
import type { PortalUserActionOutcome } from '../services/portal/portal-user-actions.ts'

type PortalProblem = Extract<Problem, { code: `portal.${string}` }>

export function portalProblemMessage(p: PortalProblem): string {
  switch (p.code) {
    case 'portal.nameMissing':
      return 'A portal user needs a name (up to 100 characters).'
    case 'portal.emailInvalid':
      return `"${p.email}" is not a valid email address.`
    case 'portal.emailTaken':
      return `${p.email} is already a portal user of ${p.customer}.`
    case 'portal.adminTaken':
      return `${p.customer} already has a portal admin (${p.admin}); a customer has one.`
    case 'portal.roleUnknown':
      return `"${p.role}" is not a portal role.`
  }
}

const PORTAL_ACTION_LABEL: Record<PortalUserAction, string> = {
  enable: 'Enable',
  disable: 'Disable',
  reinvite: 'Reinvite',
  delete: 'Delete',
}

const DONE: Record<PortalUserAction, string> = {
  enable: 'enabled',
  disable: 'disabled',
  reinvite: 'invited again (new link sent; the old one no longer works)',
  delete: 'deleted',
}

/** What an action did, or why it changed nothing. */
export function portalActionResultMessage(outcome: PortalUserActionOutcome): string {
  if (outcome.status === 'done')
    return `${outcome.user.name} (${outcome.user.email}) ${DONE[outcome.action]} on ${outcome.customer.name}.`
  if (outcome.current === 'gone')
    return 'That portal user no longer exists (deleted meanwhile); nothing was changed.'
  const who = outcome.user ? outcome.user.name : 'That portal user'
  const action = PORTAL_ACTION_LABEL[outcome.action]
  return `${action} does not apply: ${who} is ${outcome.current} now. Nothing was changed.`
}
