// Every callback, block and action id the app registers: one place, so listeners, views and the manifest agree.
export const CALLBACK = {
  customerPreferences: 'customer_preferences',
  customerGroup: 'customer_group',
  addCustomerGroup: 'add_customer_group',
  mspUser: 'msp_user',
  planPreview: 'plan_preview',
  groupUsers: 'group_users',
  addPortalUser: 'add_portal_user',
  portalDnsResult: 'portal_dns_result',
  approvalRequest: 'approval_request',
  // Bulk Add Users (/msp import, the users list's Bulk add)
  bulkAddUsers: 'bulk_add_users',
  // /msp users and /msp subscriptions: Add User, Edit User, Search, Archive, Apply Subscription, Set purchased
  customerUserAdd: 'customer_user_add',
  customerUserEdit: 'customer_user_edit',
  customerUsersSearch: 'customer_users_search',
  customerUserArchive: 'customer_user_archive',
  customerUserApply: 'customer_user_apply',
  subscriptionPool: 'subscription_pool',
} as const

export const BLOCK = {
  groups: 'groups',
  directUsers: 'direct_users',
  accountContact: 'account_contact',
  name: 'name',
  customers: 'customers',
  users: 'users',
  isDefault: 'is_default',
  role: 'role',
  // Add portal user
  portalName: 'portal_name',
  portalEmail: 'portal_email',
  portalRole: 'portal_role',
  portalAdmin: 'portal_admin',
  portalDomain: 'portal_domain',
  approvalReason: 'approval_reason',
  // Bulk Add Users: the file, the source and mode radios; typed rows are bulk_row_<n>_<field>
  bulkFile: 'bulk_file',
  bulkSource: 'bulk_source',
  bulkMode: 'bulk_mode',
  bulkRow: 'bulk_row',
  // /msp users forms (Add User, Edit User, Search) and Set purchased
  customerUserEmail: 'cu_email',
  customerUserFirst: 'cu_first',
  customerUserLast: 'cu_last',
  customerUsersSearch: 'cu_search',
  subscriptionsPurchased: 'cu_purchased',
} as const

export const ACTION = {
  // inputs (also the block_suggestion action ids)
  pickGroups: 'pick_groups',
  pickUsers: 'pick_users',
  pickAccountContact: 'pick_account_contact',
  pickCustomers: 'pick_customers',
  groupName: 'group_name',
  isDefault: 'is_default',
  pickRole: 'pick_role',
  // buttons
  openCustomer: 'open_customer',
  openGroup: 'open_group',
  addGroup: 'add_group',
  deleteGroup: 'delete_group',
  showGroupUsers: 'show_group_users',
  fixAccountContact: 'fix_account_contact',
  fixRemoveAlertMember: 'fix_remove_alert_member',
  fixDeleteAlertGroup: 'fix_delete_alert_group',
  // /msp portal: the list's controls and each row's actions; the Add portal user inputs
  portalCategory: 'portal_category',
  portalPrevPage: 'portal_prev_page',
  portalNextPage: 'portal_next_page',
  portalAdd: 'portal_add',
  portalEnable: 'portal_enable',
  portalDisable: 'portal_disable',
  portalDelete: 'portal_delete',
  portalReinvite: 'portal_reinvite',
  portalName: 'portal_name',
  portalEmail: 'portal_email',
  portalRole: 'portal_role',
  portalAdmin: 'portal_admin',
  // Customer Preferences: Check DNS of the portal domain (also Check again on the result)
  checkDns: 'check_dns',
  // Invitation reminders (App Home, the daily digest): Reinvite, after the same "Yes" as /msp portal's
  reminderReinvite: 'reminder_reinvite',
  // four-eyes approvals: the request's buttons and the reason modal's input
  approvalApprove: 'approval_approve',
  approvalDeny: 'approval_deny',
  approvalReason: 'approval_reason',
  // Bulk Add Users: the users list's Bulk add button (value: customer id), the form's inputs and its
  // Download sample CSV button
  bulkAddOpen: 'open_bulk_add_users',
  bulkFile: 'bulk_file',
  bulkSource: 'bulk_source',
  bulkMode: 'bulk_mode',
  bulkRowEmail: 'bulk_row_email',
  bulkRowFirstName: 'bulk_row_first_name',
  bulkRowLastName: 'bulk_row_last_name',
  bulkSampleCsv: 'bulk_sample_csv',
  // /msp users: the list's controls (Bulk add is bulkAddOpen), each row's overflow, the forms' inputs and
  // Save and add another; /msp subscriptions: Set purchased
  customerUsersSort: 'customer_users_sort',
  customerUsersSearch: 'customer_users_search',
  customerUsersArchived: 'customer_users_archived',
  customerUsersClear: 'customer_users_clear',
  customerUsersPrev: 'customer_users_prev',
  customerUsersNext: 'customer_users_next',
  customerUserAdd: 'customer_user_add',
  customerUserRow: 'customer_user_row',
  customerUsersArchiveAll: 'customer_users_archive_all',
  customerUsersApplyAll: 'customer_users_apply_all',
  customerUserSaveAnother: 'customer_user_save_another',
  customerUserEmail: 'cu_email',
  customerUserFirst: 'cu_first',
  customerUserLast: 'cu_last',
  customerUsersSearchText: 'cu_search',
  subscriptionsPurchased: 'cu_purchased',
  subscriptionsSetPurchased: 'subscriptions_set_purchased',
} as const
