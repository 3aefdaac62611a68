// Every listener, registered in one place.
import type { App } from '@slack/bolt'
import type { SlackDeps } from '../deps.ts'
import { registerAlertGroupFixes } from './actions/alert-group-fixes.ts'
import { registerApprovalDecisions } from './actions/approvals.ts'
import { registerBulkAddActions } from './actions/bulk-add.ts'
import { registerCheckDns } from './actions/check-dns.ts'
import { registerCustomerUserActions } from './actions/customer-users.ts'
import { registerSubscriptionActions } from './actions/customer-users-subscriptions.ts'
import { registerGroupButtons } from './actions/group-buttons.ts'
import { registerInvitationReminderActions } from './actions/invitation-reminders.ts'
import { registerOpenFormButtons } from './actions/open-forms.ts'
import { registerPortalUserActions } from './actions/portal-users.ts'
import { registerMspCommand } from './commands/msp.ts'
import { registerAppHomeOpened } from './events/app-home-opened.ts'
import { registerFormOptions } from './options/form-options.ts'
import { registerAddCustomerGroupSubmit } from './submissions/add-customer-group.ts'
import { registerAddPortalUserSubmit } from './submissions/add-portal-user.ts'
import { registerApprovalRequestSubmit } from './submissions/approval-request.ts'
import { registerBulkAddUsersSubmit } from './submissions/bulk-add-users.ts'
import { registerCustomerGroupSubmit } from './submissions/customer-group.ts'
import { registerCustomerPreferencesSubmit } from './submissions/customer-preferences.ts'
import { registerCustomerUserSubmits } from './submissions/customer-user-forms.ts'
import { registerMspUserSubmit } from './submissions/msp-user.ts'
import { registerPlanConfirm } from './submissions/plan-confirm.ts'
import { registerPlanPreviewClosed } from './submissions/plan-preview-closed.ts'
import { registerSubscriptionPoolSubmit } from './submissions/subscription-pool.ts'

export function registerListeners(app: App, deps: SlackDeps) {
  registerMspCommand(app, deps)
  registerCustomerPreferencesSubmit(app, deps)
  registerCustomerGroupSubmit(app, deps)
  registerAddCustomerGroupSubmit(app, deps)
  registerMspUserSubmit(app, deps)
  registerPlanConfirm(app, deps)
  registerPlanPreviewClosed(app, deps)
  registerOpenFormButtons(app, deps)
  registerGroupButtons(app, deps)
  registerAlertGroupFixes(app, deps)
  registerCheckDns(app, deps)
  registerPortalUserActions(app, deps)
  registerInvitationReminderActions(app, deps)
  registerAddPortalUserSubmit(app, deps)
  registerApprovalRequestSubmit(app, deps)
  registerApprovalDecisions(app, deps)
  registerCustomerUserActions(app, deps)
  registerCustomerUserSubmits(app, deps)
  registerSubscriptionActions(app, deps)
  registerSubscriptionPoolSubmit(app, deps)
  registerBulkAddActions(app, deps)
  registerBulkAddUsersSubmit(app, deps)
  registerFormOptions(app, deps)
  registerAppHomeOpened(app, deps)
}
