// Customer users: a customer's employees (primary email, first and last name), added by hand, from CSV or
// from a directory export. The pure rules every path shares: how an email and the names are read and
// checked, the sort keys, which users are locked, the import's size limit and the subscription pool.
import { addMonths } from 'date-fns'
import { z } from 'zod'

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

/** A primary email as typed or read from a file: trimmed, lower-cased, then checked (zod's email format). */
export const customerUserEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(CUSTOMER_USER_EMAIL_MAX)
  .pipe(z.email())

/** A first or last name: trimmed, not empty, at most CUSTOMER_USER_NAME_MAX characters. */
export const customerUserNameSchema = z.string().trim().min(1).max(CUSTOMER_USER_NAME_MAX)

/** One user's fields as a form, a CSV row or a directory entry gives them. */
export const customerUserFieldsSchema = z.object({
  email: customerUserEmailSchema,
  firstName: customerUserNameSchema,
  lastName: customerUserNameSchema,
})

export type CustomerUserFields = z.output<typeof customerUserFieldsSchema>

export type CustomerUserField = keyof CustomerUserFields

/** Why a field was refused: `missing` (empty), `tooLong`, `invalid` (not an email address). */
export type CustomerUserFieldIssue = { field: CustomerUserField; issue: 'missing' | 'tooLong' | 'invalid' }

export type CheckedCustomerUser =
  | { ok: true; user: CustomerUserFields }
  | { ok: false; issues: CustomerUserFieldIssue[] }

function issueOf(field: CustomerUserField, raw: string): CustomerUserFieldIssue['issue'] {
  const value = raw.trim()
  if (value === '') return 'missing'
  const max = field === 'email' ? CUSTOMER_USER_EMAIL_MAX : CUSTOMER_USER_NAME_MAX
  if (value.length > max) return 'tooLong'
  return 'invalid'
}

/** Checks one user's fields: the normalized fields, or every field's issue (at most one per field). */
export function checkCustomerUserFields(input: {
  email: string
  firstName: string
  lastName: string
}): CheckedCustomerUser {
  const parsed = customerUserFieldsSchema.safeParse(input)
  if (parsed.success) return { ok: true, user: parsed.data }
  const fields = new Set<CustomerUserField>()
  for (const issue of parsed.error.issues) {
    const field = issue.path[0]
    if (field === 'email' || field === 'firstName' || field === 'lastName') fields.add(field)
  }
  const order: CustomerUserField[] = ['email', 'firstName', 'lastName']
  return {
    ok: false,
    issues: order
      .filter((f) => fields.has(f))
      .map((field) => ({ field, issue: issueOf(field, input[field]) })),
  }
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

/** When a subscription applied at `now` expires. */
export const subscriptionExpiry = (now: Date, termMonths: number): Date => addMonths(now, termMonths)

/** Free subscriptions: purchased minus those held by users with an unexpired one (never below 0). */
export const freeSubscriptions = (purchased: number, used: number): number => Math.max(0, purchased - used)

export type SubscriptionPlan = { apply: true; count: number } | { apply: false; missing: number }

/** Applying to `needed` users takes `needed` free subscriptions: all of them or none. */
export const planSubscriptions = (needed: number, free: number): SubscriptionPlan =>
  needed <= free ? { apply: true, count: needed } : { apply: false, missing: needed - free }
