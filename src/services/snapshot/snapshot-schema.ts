// The JSON snapshot of the whole book (DESIGN.md, "Running"): what `import` loads and `export` writes.
// References are by customer name and email. Parsing normalizes: names and emails trimmed, emails and
// portal domains lower-cased, times as UTC ISO strings, omitted optional fields filled with defaults.
import { z } from 'zod'
import { DEFAULT_GROUP_SETTINGS } from '../../domain/limits.ts'
import { nameKey } from '../../domain/names.ts'
import { DEFAULT_PORTAL_ROLE, PORTAL_ROLE_IDS } from '../../domain/portal-users.ts'

export const SNAPSHOT_VERSION = 1

const name = z.string().trim().min(1, 'must not be empty')

const email = z.string().trim().toLowerCase().pipe(z.email('not a valid email address'))

/** Absent, null and "" all mean "not set"; the parsed value is then undefined. */
const optional = <T extends z.ZodType<string | undefined, string>>(inner: T) =>
  z
    .string()
    .trim()
    .nullish()
    .transform((value) => (value ? value : undefined))
    .pipe(inner.optional())

const emailList = z.array(email).default([])

const dateTime = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: 'expected an ISO date-time such as "2027-01-31T00:00:00.000Z" (or null for no subscription)',
  })
  .transform((value) => new Date(value).toISOString())

export const settingsSchema = z.strictObject({
  groupMode: z.enum(['shared', 'exclusive']).default('shared'),
  maxCustomersPerGroup: z.int().min(1).default(20),
  maxGroupsPerUser: z.int().min(1).default(10),
})

export const mspUserSchema = z.strictObject({
  name,
  email,
  role: z.enum(['admin', 'manager', 'technician', 'viewer']).default('viewer'),
  slackUserId: optional(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'not a Slack user id (like U0123ABCD)')),
})

export const alertGroupSchema = z.strictObject({
  name,
  members: emailList,
})

export const customerSchema = z.strictObject({
  name,
  dataCenter: z.enum(['us', 'eu']).default('us'),
  portalDomain: optional(
    z
      .string()
      .toLowerCase()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'not a domain name'),
  ),
  accountContact: optional(email),
  directUsers: emailList,
  alertGroups: z.array(alertGroupSchema).default([]),
  subscriptionsPurchased: z.int().min(0).default(0),
})

export const groupSchema = z.strictObject({
  name,
  default: z.boolean().default(false),
  customers: z.array(name).default([]),
  users: emailList,
})

export const portalUserSchema = z.strictObject({
  customer: name,
  name,
  email,
  status: z.enum(['unconfirmed', 'enabled', 'disabled']).default('unconfirmed'),
  role: z.enum(PORTAL_ROLE_IDS).default(DEFAULT_PORTAL_ROLE),
  admin: z.boolean().default(false),
})

export const customerUserSchema = z.strictObject({
  customer: name,
  email,
  firstName: z.string().trim().default(''),
  lastName: z.string().trim().default(''),
  source: z.enum(['manual', 'csv', 'directory']).default('manual'),
  agentStatus: z.enum(['success', 'unknown', 'failed']).default('unknown'),
  subscriptionExpiresAt: dateTime.nullish().transform((value) => value ?? null),
  archived: z.boolean().default(false),
  /** A directory user's id in the directory (a re-import matches on it); absent for other users. */
  externalId: z.string().trim().min(1).optional(),
})

export const snapshotSchema = z.strictObject({
  version: z.literal(SNAPSHOT_VERSION, `only snapshot version ${SNAPSHOT_VERSION} is supported`).default(1),
  settings: settingsSchema.default(DEFAULT_GROUP_SETTINGS),
  mspUsers: z.array(mspUserSchema).default([]),
  customers: z.array(customerSchema).default([]),
  groups: z.array(groupSchema).default([]),
  portalUsers: z.array(portalUserSchema).default([]),
  customerUsers: z.array(customerUserSchema).default([]),
})

export type Snapshot = z.output<typeof snapshotSchema>
/** What a hand-written snapshot may look like: optional fields omitted, nulls allowed. */
export type SnapshotInput = z.input<typeof snapshotSchema>
export type SnapshotSettings = Snapshot['settings']
export type SnapshotCustomer = Snapshot['customers'][number]

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const sortedTexts = (values: readonly string[]) => [...values].sort(byText)

const byName = <T extends { name: string }>(a: T, b: T) =>
  byText(nameKey(a.name), nameKey(b.name)) || byText(a.name, b.name)

/** A customer with its keys in a fixed order and its lists sorted. */
const normalizeCustomer = (c: SnapshotCustomer): SnapshotCustomer => ({
  name: c.name,
  dataCenter: c.dataCenter,
  portalDomain: c.portalDomain,
  accountContact: c.accountContact,
  directUsers: sortedTexts(c.directUsers),
  alertGroups: c.alertGroups.map((g) => ({ name: g.name, members: sortedTexts(g.members) })).sort(byName),
  subscriptionsPurchased: c.subscriptionsPurchased,
})

/**
 * The canonical form of a parsed snapshot: every list sorted (customers and groups by name key, users by
 * email, member lists by email or customer name key), references spelled as the referenced customer is,
 * and keys in a fixed order. `exportSnapshot` returns this form, so an import of an export round-trips.
 */
export function normalizeSnapshot(snapshot: Snapshot): Snapshot {
  const customerNames = new Map(snapshot.customers.map((c) => [nameKey(c.name), c.name]))
  const customerName = (ref: string) => customerNames.get(nameKey(ref)) ?? ref
  const byCustomerThenEmail = <T extends { customer: string; email: string }>(a: T, b: T) =>
    byText(nameKey(a.customer), nameKey(b.customer)) || byText(a.email, b.email)
  return {
    version: snapshot.version,
    settings: {
      groupMode: snapshot.settings.groupMode,
      maxCustomersPerGroup: snapshot.settings.maxCustomersPerGroup,
      maxGroupsPerUser: snapshot.settings.maxGroupsPerUser,
    },
    mspUsers: snapshot.mspUsers
      .map((u) => ({ name: u.name, email: u.email, role: u.role, slackUserId: u.slackUserId }))
      .sort((a, b) => byText(a.email, b.email)),
    customers: snapshot.customers.map(normalizeCustomer).sort(byName),
    groups: snapshot.groups
      .map((g) => ({
        name: g.name,
        default: g.default,
        customers: g.customers
          .map(customerName)
          .sort((a, b) => byText(nameKey(a), nameKey(b)) || byText(a, b)),
        users: sortedTexts(g.users),
      }))
      .sort(byName),
    portalUsers: snapshot.portalUsers
      .map((p) => ({
        customer: customerName(p.customer),
        name: p.name,
        email: p.email,
        status: p.status,
        role: p.role,
        admin: p.admin,
      }))
      .sort(byCustomerThenEmail),
    customerUsers: snapshot.customerUsers
      .map((u) => ({
        customer: customerName(u.customer),
        email: u.email,
        firstName: u.firstName,
        lastName: u.lastName,
        source: u.source,
        agentStatus: u.agentStatus,
        subscriptionExpiresAt: u.subscriptionExpiresAt,
        archived: u.archived,
        ...(u.externalId === undefined ? {} : { externalId: u.externalId }),
      }))
      .sort(byCustomerThenEmail),
  }
}
