// Every callback, block and action id the app registers: one place, so listeners, views and the manifest agree.
export const CALLBACK = {
  customerPreferences: 'customer_preferences',
  customerGroup: 'customer_group',
  addCustomerGroup: 'add_customer_group',
  mspUser: 'msp_user',
  planPreview: 'plan_preview',
  groupUsers: 'group_users',
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
} as const
