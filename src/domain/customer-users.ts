// Customer users: a customer's employees (primary email, first and last name), added by hand, from CSV or
// from a directory export. The pure rules every path shares: how an email and the names are read and
// checked, the sort keys, which users are locked, the import's size limit and the subscription pool.
// Pure (the layer rule): no packages either; the email check is zod 4's `z.email()` pattern, and a test
// holds the two to the same answers.

export const CUSTOMER_USER_SOURCES = ['manual', 'csv', 'directory'] as const
export type CustomerUserSource = (typeof CUSTOMER_USER_SOURCES)[number]

/** What a device-management agent last reported for the user, in the order lists explain them. */
export const AGENT_STATUSES = ['success', 'unknown', 'failed'] as const
export type AgentStatus = (typeof AGENT_STATUSES)[number]

export const isAgentStatus = (value: string): value is AgentStatus =>
  (AGENT_STATUSES as readonly string[]).includes(value)

/** RFC 5321's limit for a whole address. */
export const CUSTOMER_USER_EMAIL_MAX = 254
/** Microsoft 365's limit for givenName and surname (Google Workspace allows 60). */
export const CUSTOMER_USER_NAME_MAX = 64
/** Rows one bulk import (CSV or directory file) may hold, the header not counted. */
export const CUSTOMER_USER_IMPORT_MAX_ROWS = 10_000
/** Users a list page shows. */
export const CUSTOMER_USER_PAGE_SIZE = 20
/** Months an applied subscription runs unless the settings say otherwise. */
export const DEFAULT_SUBSCRIPTION_TERM_MONTHS = 12

/** Emails are compared and stored trimmed and lower-cased. */
export const normalizeCustomerUserEmail = (email: string): string => email.trim().toLowerCase()

/**
 * zod 4's default email pattern (`z.regexes.email`, what `z.email()` checks): dot-separated atoms of
 * letters, digits and _'+- before the @, a dotted domain with a TLD of 2+ letters.
 */
const EMAIL_PATTERN =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/

/** An email as stored (normalized): within RFC 5321's length and of zod's email format. */
export const isCustomerUserEmail = (email: string): boolean =>
  email.length <= CUSTOMER_USER_EMAIL_MAX && EMAIL_PATTERN.test(email)

/** One user's fields, trimmed, the email lower-cased. */
export interface CustomerUserFields {
  email: string
  firstName: string
  lastName: string
}

export type CustomerUserField = keyof CustomerUserFields

/** Why a field was refused: `missing` (empty), `tooLong`, `invalid` (not an email address). */
export type CustomerUserFieldIssue = { field: CustomerUserField; issue: 'missing' | 'tooLong' | 'invalid' }

export type CheckedCustomerUser =
  | { ok: true; user: CustomerUserFields }
  | { ok: false; issues: CustomerUserFieldIssue[] }

const nameIssue = (name: string): CustomerUserFieldIssue['issue'] | null =>
  name === '' ? 'missing' : name.length > CUSTOMER_USER_NAME_MAX ? 'tooLong' : null

/**
 * Checks one user's fields (as a form, a CSV row or a directory entry gives them): the normalized fields,
 * or every bad field's issue, in field order. Names are trimmed, 1 to CUSTOMER_USER_NAME_MAX characters.
 */
export function checkCustomerUserFields(input: {
  email: string
  firstName: string
  lastName: string
}): CheckedCustomerUser {
  const user: CustomerUserFields = {
    email: normalizeCustomerUserEmail(input.email),
    firstName: input.firstName.trim(),
    lastName: input.lastName.trim(),
  }
  const issues: CustomerUserFieldIssue[] = []
  if (user.email === '') issues.push({ field: 'email', issue: 'missing' })
  else if (user.email.length > CUSTOMER_USER_EMAIL_MAX) issues.push({ field: 'email', issue: 'tooLong' })
  else if (!isCustomerUserEmail(user.email)) issues.push({ field: 'email', issue: 'invalid' })
  for (const field of ['firstName', 'lastName'] as const) {
    const issue = nameIssue(user[field])
    if (issue) issues.push({ field, issue })
  }
  return issues.length === 0 ? { ok: true, user } : { ok: false, issues }
}

/**
 * The lower-cased name columns lists sort and search on (`firstNameKey`, `lastNameKey`): every write of a
 * CustomerUser row sets them from its names (the email column is stored lower-cased already).
 */
export const customerUserNameKeys = (user: { firstName: string; lastName: string }) => ({
  firstNameKey: user.firstName.toLowerCase(),
  lastNameKey: user.lastName.toLowerCase(),
})

export const CUSTOMER_USER_SORTS = ['email', 'first', 'last'] as const
export type CustomerUserSort = (typeof CUSTOMER_USER_SORTS)[number]
export const SORT_DIRECTIONS = ['asc', 'desc'] as const
export type SortDirection = (typeof SORT_DIRECTIONS)[number]

export const isCustomerUserSort = (value: string): value is CustomerUserSort =>
  (CUSTOMER_USER_SORTS as readonly string[]).includes(value)
export const isSortDirection = (value: string): value is SortDirection =>
  (SORT_DIRECTIONS as readonly string[]).includes(value)

/** Directory-imported users are locked: the directory owns them, so they are not edited or archived here. */
export const isLocked = (user: { source: CustomerUserSource }): boolean => user.source === 'directory'

/**
 * A search text as a LIKE pattern matching it as a case-insensitive substring (compare it with lower-cased
 * columns): `%`, `_` and the escape character itself match only themselves. Null for an empty search.
 */
export function substringPattern(search: string | undefined): string | null {
  const text = search?.trim().toLowerCase() ?? ''
  if (text === '') return null
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** A subscription counts (and takes one from the pool) until it expires. */
export const hasActiveSubscription = (expiresAt: Date | null, now: Date): boolean =>
  expiresAt !== null && expiresAt.getTime() > now.getTime()

/**
 * When a subscription applied at `now` expires: `termMonths` calendar months later in UTC, on the same day
 * or the month's last day when it is shorter (Jan 31 + 1 month = Feb 28/29), at the same time.
 */
export function subscriptionExpiry(now: Date, termMonths: number): Date {
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + termMonths, 1)
  const start = new Date(monthStart)
  const lastDay = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)).getUTCDate()
  const day = Math.min(now.getUTCDate(), lastDay)
  return new Date(
    monthStart +
      (day - 1) * 86_400_000 +
      (now.getTime() - Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())),
  )
}

/** Free subscriptions: purchased minus those held by users with an unexpired one (never below 0). */
export const freeSubscriptions = (purchased: number, used: number): number => Math.max(0, purchased - used)

export type SubscriptionPlan = { apply: true; count: number } | { apply: false; missing: number }

/** Applying to `needed` users takes `needed` free subscriptions: all of them or none. */
export const planSubscriptions = (needed: number, free: number): SubscriptionPlan =>
  needed <= free ? { apply: true, count: needed } : { apply: false, missing: needed - free }
