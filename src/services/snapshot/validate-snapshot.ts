// Checks a snapshot before anything is written: its shape (zod) and its rules (references, duplicates,
// and the domain's rules: associations and limits). Every problem is reported as data with its JSON path,
// e.g. `{ path: 'groups[1].customers[0]', problem: { code: 'snapshot.unknownCustomer', customer: 'Zylkr' } }`,
// all of them at once and in the order of the file: entries with a bad shape are left out of the rule
// checks, not the whole snapshot. src/messages/snapshot.ts words them.
// A big book (10 000 customers) takes a few hundred ms to check, so the work is cut into slices with a
// turn of the event loop between them (time-slices.ts): each entry is parsed on its own, the loops pause.
import { z } from 'zod'
import { type AssociationEdit, applyDelta, deltaOf } from '../../domain/edits.ts'
import { checkLimits, type GroupSettings, type LimitViolation } from '../../domain/limits.ts'
import { type CustomerId, type GroupId, MembershipIndex, type UserId } from '../../domain/memberships.ts'
import { type NameBook, nameBook, nameKey } from '../../domain/names.ts'
import type { SnapshotIssue, SnapshotPath, SnapshotProblem } from './snapshot-problems.ts'
import {
  customerSchema,
  customerUserSchema,
  groupSchema,
  mspUserSchema,
  portalUserSchema,
  type Snapshot,
  settingsSchema,
  snapshotSchema,
} from './snapshot-schema.ts'
import { TimeSlices } from './time-slices.ts'

export type SnapshotValidation = { ok: true; snapshot: Snapshot } | { ok: false; problems: SnapshotIssue[] }

type MspUserEntry = z.output<typeof mspUserSchema>
type CustomerEntry = z.output<typeof customerSchema>
type GroupEntry = z.output<typeof groupSchema>
type PortalUserEntry = z.output<typeof portalUserSchema>
type CustomerUserEntry = z.output<typeof customerUserSchema>

/** `groups[1].customers[0]`; the root is called `snapshot`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): SnapshotPath {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out === '' ? String(part) : `.${String(part)}`
  }
  return out === '' ? 'snapshot' : out
}

const errorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required'
  return undefined
}

/** The problems found so far, in the order found. */
class Issues {
  readonly list: SnapshotIssue[] = []
  add(path: SnapshotPath, problem: SnapshotProblem) {
    this.list.push({ path, problem })
  }
}

function shapeIssues(error: z.ZodError, issues: Issues, at: ReadonlyArray<PropertyKey> = []) {
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        issues.add(formatPath([...at, ...issue.path, key]), { code: 'snapshot.unknownField' })
    } else {
      issues.add(formatPath([...at, ...issue.path]), { code: 'snapshot.schema', message: issue.message })
    }
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The snapshot's top level, its lists left unparsed (their entries are parsed one by one, in slices). */
const topLevelSchema = z.strictObject({
  version: snapshotSchema.shape.version,
  settings: snapshotSchema.shape.settings,
  mspUsers: z.array(z.unknown()).default([]),
  customers: z.array(z.unknown()).default([]),
  groups: z.array(z.unknown()).default([]),
  portalUsers: z.array(z.unknown()).default([]),
  customerUsers: z.array(z.unknown()).default([]),
})

/**
 * Each entry of a raw list parsed on its own (its shape problems reported under `section[i]`, as a parse of
 * the whole snapshot would): undefined where the entry's shape is bad.
 */
function entries<T>(
  section: string,
  raw: unknown,
  schema: z.ZodType<T>,
  issues: Issues,
  slices: TimeSlices,
): Promise<Array<T | undefined>> {
  if (!Array.isArray(raw)) return Promise.resolve([])
  return slices.map(raw, (item, i) => {
    const parsed = schema.safeParse(item, { error: errorMap })
    if (parsed.success) return parsed.data
    shapeIssues(parsed.error, issues, [section, i])
    return undefined
  })
}

/** Remembers where each key was first seen, to point later duplicates at it. */
class FirstSeen<V> {
  private readonly seen = new Map<string, V>()
  /** The earlier value for `key`, or undefined after remembering `value` as the first. */
  check(key: string, value: V): V | undefined {
    const earlier = this.seen.get(key)
    if (earlier !== undefined) return earlier
    this.seen.set(key, value)
    return undefined
  }
}

/**
 * Ids for the domain: an MSP user's id is the index of the first `mspUsers` entry with that email, a
 * customer's the index of the first `customers` entry with that name, a group's its index in `groups`.
 * Entries with an otherwise bad shape still declare their key, so references to them are not misreported.
 */
interface Refs {
  /** Email → user id. */
  users: ReadonlyMap<string, UserId>
  /** Name key → customer id. */
  customers: ReadonlyMap<string, CustomerId>
  /** Names as a form would show them: an MSP user's name (else email), a customer's or group's name. */
  names: NameBook
}

const rawField = (item: unknown, field: string): string | undefined => {
  const value = isRecord(item) ? item[field] : undefined
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

/** Key → index of the first entry of a raw list that declares it. */
async function firstIndexes(raw: unknown, field: string, slices: TimeSlices): Promise<Map<string, number>> {
  const ids = new Map<string, number>()
  for (const [i, item] of (Array.isArray(raw) ? raw : []).entries()) {
    await slices.maybePause()
    const value = rawField(item, field)
    if (value !== undefined && !ids.has(nameKey(value))) ids.set(nameKey(value), i)
  }
  return ids
}

/** Index → display name of each entry of a raw list that has one. */
async function namesOf(raw: unknown, slices: TimeSlices, ...fields: string[]): Promise<Map<number, string>> {
  const names = new Map<number, string>()
  for (const [i, item] of (Array.isArray(raw) ? raw : []).entries()) {
    await slices.maybePause()
    const name = fields.map((field) => rawField(item, field)).find((value) => value !== undefined)
    if (name !== undefined) names.set(i, name)
  }
  return names
}

async function declaredRefs(json: Record<string, unknown>, slices: TimeSlices): Promise<Refs> {
  return {
    users: await firstIndexes(json.mspUsers, 'email', slices),
    customers: await firstIndexes(json.customers, 'name', slices),
    names: nameBook({
      users: await namesOf(json.mspUsers, slices, 'name', 'email'),
      customers: await namesOf(json.customers, slices, 'name'),
      groups: await namesOf(json.groups, slices, 'name'),
      alertGroups: new Map(),
    }),
  }
}

/**
 * The ids a list of references resolves to, each with its position in the list; an unknown reference and
 * a second mention of the same record are reported and left out.
 */
function resolveList(
  path: SnapshotPath,
  refs: readonly string[],
  idOf: (ref: string) => number | undefined,
  unknown: (ref: string) => SnapshotProblem,
  issues: Issues,
): Array<[number, number]> {
  const resolved: Array<[number, number]> = []
  const seen = new Set<number>()
  for (const [k, ref] of refs.entries()) {
    const id = idOf(ref)
    if (id === undefined) issues.add(`${path}[${k}]`, unknown(ref))
    else if (seen.has(id)) issues.add(`${path}[${k}]`, { code: 'snapshot.listedTwice', value: ref })
    else {
      seen.add(id)
      resolved.push([k, id])
    }
  }
  return resolved
}

const resolveUsers = (path: SnapshotPath, emails: readonly string[], refs: Refs, issues: Issues) =>
  resolveList(
    path,
    emails,
    (email) => refs.users.get(email),
    (email) => ({ code: 'snapshot.unknownUser', email }),
    issues,
  )

const resolveCustomers = (path: SnapshotPath, names: readonly string[], refs: Refs, issues: Issues) =>
  resolveList(
    path,
    names,
    (name) => refs.customers.get(nameKey(name)),
    (customer) => ({ code: 'snapshot.unknownCustomer', customer }),
    issues,
  )

async function checkMspUsers(
  users: ReadonlyArray<MspUserEntry | undefined>,
  issues: Issues,
  slices: TimeSlices,
) {
  const emails = new FirstSeen<number>()
  const slackIds = new FirstSeen<number>()
  for (const [i, user] of users.entries()) {
    await slices.maybePause()
    if (!user) continue
    const earlier = emails.check(user.email, i)
    if (earlier !== undefined)
      issues.add(`mspUsers[${i}].email`, {
        code: 'snapshot.alreadyUsed',
        value: user.email,
        by: `mspUsers[${earlier}]`,
      })
    const other = user.slackUserId ? slackIds.check(user.slackUserId, i) : undefined
    if (user.slackUserId && other !== undefined)
      issues.add(`mspUsers[${i}].slackUserId`, {
        code: 'snapshot.alreadyUsed',
        value: user.slackUserId,
        by: `mspUsers[${other}]`,
      })
  }
}

/** Someone the snapshot gives a role on a customer (Account Contact, alert group member): must be associated. */
interface RoleHolder {
  path: SnapshotPath
  userId: UserId
  email: string
  customerId: CustomerId
  customer: string
  role: Extract<SnapshotProblem, { code: 'snapshot.notAssociated' }>['role']
}

/** What the customers add to the memberships, and whom they give a role. */
interface CustomerLinks {
  directLinks: Array<[UserId, CustomerId]>
  roleHolders: RoleHolder[]
}

async function checkCustomers(
  customers: ReadonlyArray<CustomerEntry | undefined>,
  refs: Refs,
  issues: Issues,
  slices: TimeSlices,
) {
  const links: CustomerLinks = { directLinks: [], roleHolders: [] }
  const names = new FirstSeen<number>()
  for (const [i, customer] of customers.entries()) {
    await slices.maybePause()
    if (!customer) continue
    const path = `customers[${i}]`
    const earlier = names.check(nameKey(customer.name), i)
    if (earlier !== undefined)
      issues.add(`${path}.name`, {
        code: 'snapshot.nameTaken',
        name: customer.name,
        by: `customers[${earlier}]`,
      })
    const customerId = refs.customers.get(nameKey(customer.name)) ?? i
    const contact = customer.accountContact
    const contactId = contact === undefined ? undefined : refs.users.get(contact)
    if (contact !== undefined && contactId === undefined)
      issues.add(`${path}.accountContact`, { code: 'snapshot.unknownUser', email: contact })
    if (contact !== undefined && contactId !== undefined) {
      const role = { kind: 'accountContact' } as const
      links.roleHolders.push({
        path: `${path}.accountContact`,
        userId: contactId,
        email: contact,
        customerId,
        customer: customer.name,
        role,
      })
    }
    for (const [, userId] of resolveUsers(`${path}.directUsers`, customer.directUsers, refs, issues))
      links.directLinks.push([userId, customerId])
    links.roleHolders.push(...checkAlertGroups(path, customer, customerId, refs, issues))
  }
  return links
}

/** A customer's alert groups: names unique per customer, at least one member, members known. */
function checkAlertGroups(
  customerPath: SnapshotPath,
  customer: CustomerEntry,
  customerId: CustomerId,
  refs: Refs,
  issues: Issues,
): RoleHolder[] {
  const holders: RoleHolder[] = []
  const names = new FirstSeen<number>()
  for (const [a, alertGroup] of customer.alertGroups.entries()) {
    const path = `${customerPath}.alertGroups[${a}]`
    const other = names.check(nameKey(alertGroup.name), a)
    if (other !== undefined)
      issues.add(`${path}.name`, {
        code: 'snapshot.alertGroupNameTaken',
        customer: customer.name,
        alertGroup: alertGroup.name,
        by: `${customerPath}.alertGroups[${other}]`,
      })
    if (alertGroup.members.length === 0) issues.add(`${path}.members`, { code: 'snapshot.alertGroupEmpty' })
    const role = { kind: 'alertGroupMember', alertGroup: alertGroup.name } as const
    for (const [m, userId] of resolveUsers(`${path}.members`, alertGroup.members, refs, issues)) {
      const email = alertGroup.members[m] ?? ''
      holders.push({
        path: `${path}.members[${m}]`,
        userId,
        email,
        customerId,
        customer: customer.name,
        role,
      })
    }
  }
  return holders
}

/** A group's known members, each with its position in the group's list. */
interface GroupLinks {
  groupId: GroupId
  customers: Array<[number, CustomerId]>
  users: Array<[number, UserId]>
}

async function checkGroups(
  groups: ReadonlyArray<GroupEntry | undefined>,
  refs: Refs,
  issues: Issues,
  slices: TimeSlices,
): Promise<GroupLinks[]> {
  const links: GroupLinks[] = []
  const names = new FirstSeen<number>()
  let defaultAt: number | undefined
  for (const [j, group] of groups.entries()) {
    await slices.maybePause()
    if (!group) continue
    const path = `groups[${j}]`
    const earlier = names.check(nameKey(group.name), j)
    if (earlier !== undefined)
      issues.add(`${path}.name`, { code: 'snapshot.nameTaken', name: group.name, by: `groups[${earlier}]` })
    if (group.default && defaultAt !== undefined)
      issues.add(`${path}.default`, { code: 'snapshot.secondDefault', by: `groups[${defaultAt}]` })
    else if (group.default) defaultAt = j
    links.push({
      groupId: j,
      customers: resolveCustomers(`${path}.customers`, group.customers, refs, issues),
      users: resolveUsers(`${path}.users`, group.users, refs, issues),
    })
  }
  return links
}

/** Where a broken limit is reported: the group's customer list (or the customer in it), or the MSP user. */
function limitPath(violation: LimitViolation, groups: readonly GroupLinks[]): SnapshotPath {
  switch (violation.code) {
    case 'limit.groupsPerUser':
      return `mspUsers[${violation.userId}]`
    case 'limit.customersPerGroup':
      return `groups[${violation.groupId}].customers`
    case 'limit.exclusiveGroup': {
      const { groupId, customerId } = violation
      const k = groups.find((g) => g.groupId === groupId)?.customers.find(([, c]) => c === customerId)?.[0]
      return `groups[${groupId}].customers${k === undefined ? '' : `[${k}]`}`
    }
  }
}

/**
 * The snapshot's memberships, built as the forms would build them, with the domain's limits checked as
 * the forms check them: each group saved in turn with Edit Customer Group (its customers judged against
 * the groups before it, so in exclusive mode the later group is reported), then each MSP user's groups
 * with Edit User. Without valid settings the limits are not checked (the settings' problem is reported).
 */
async function buildMemberships(
  customerLinks: CustomerLinks,
  groups: readonly GroupLinks[],
  settings: GroupSettings | undefined,
  names: NameBook,
  issues: Issues,
  slices: TimeSlices,
): Promise<MembershipIndex> {
  const index = new MembershipIndex({
    groupCustomers: [],
    groupUsers: [],
    directLinks: customerLinks.directLinks,
  })
  const save = (edit: AssociationEdit) => {
    const delta = deltaOf(edit, index)
    applyDelta(index, delta)
    if (!settings) return
    for (const v of checkLimits(delta, index, settings, names)) issues.add(limitPath(v, groups), v)
  }
  const groupsOfUser = new Map<UserId, GroupId[]>()
  for (const { groupId, customers, users } of groups) {
    await slices.maybePause()
    save({ kind: 'customer-group', groupId, customerIds: customers.map(([, c]) => c), userIds: [] })
    for (const [, u] of users) {
      const userGroups = groupsOfUser.get(u)
      if (userGroups) userGroups.push(groupId)
      else groupsOfUser.set(u, [groupId])
    }
  }
  for (const [userId, groupIds] of groupsOfUser) {
    await slices.maybePause()
    save({ kind: 'user-groups', userId, groupIds })
  }
  return index
}

/** Every Account Contact and alert group member must be associated with the customer (domain's rule). */
async function checkRoleHolders(
  holders: readonly RoleHolder[],
  index: MembershipIndex,
  issues: Issues,
  slices: TimeSlices,
) {
  for (const h of holders) {
    await slices.maybePause()
    if (index.isAssociated(h.userId, h.customerId)) continue
    issues.add(h.path, { code: 'snapshot.notAssociated', email: h.email, customer: h.customer, role: h.role })
  }
}

/**
 * The entries of a per-customer list (portal users, customer users) whose customer is known, with its
 * id; an unknown customer is reported and its entry left out.
 */
function* ofKnownCustomers<T extends { customer: string }>(
  section: 'portalUsers' | 'customerUsers',
  list: ReadonlyArray<T | undefined>,
  refs: Refs,
  issues: Issues,
): Generator<{ path: SnapshotPath; i: number; entry: T; customerId: CustomerId }> {
  for (const [i, entry] of list.entries()) {
    if (!entry) continue
    const path = `${section}[${i}]`
    const customerId = refs.customers.get(nameKey(entry.customer))
    if (customerId === undefined)
      issues.add(`${path}.customer`, { code: 'snapshot.unknownCustomer', customer: entry.customer })
    else yield { path, i, entry, customerId }
  }
}

/** Portal users: a known customer, an email unique per customer, one portal admin per customer. */
async function checkPortalUsers(
  portalUsers: ReadonlyArray<PortalUserEntry | undefined>,
  refs: Refs,
  issues: Issues,
  slices: TimeSlices,
) {
  const emails = new FirstSeen<number>()
  const admins = new FirstSeen<number>()
  for (const { path, i, entry, customerId } of ofKnownCustomers('portalUsers', portalUsers, refs, issues)) {
    await slices.maybePause()
    const { customer, email } = entry
    const earlier = emails.check(`${customerId}\n${email}`, i)
    if (earlier !== undefined)
      issues.add(`${path}.email`, {
        code: 'snapshot.portalEmailTaken',
        email,
        customer,
        by: `portalUsers[${earlier}]`,
      })
    const admin = entry.admin ? admins.check(String(customerId), i) : undefined
    if (admin !== undefined)
      issues.add(`${path}.admin`, {
        code: 'snapshot.portalAdminTaken',
        customer,
        by: `portalUsers[${admin}]`,
      })
  }
}

/** Customer users: a known customer, a primary email and a directory id (when given) unique per customer. */
async function checkCustomerUsers(
  customerUsers: ReadonlyArray<CustomerUserEntry | undefined>,
  refs: Refs,
  issues: Issues,
  slices: TimeSlices,
) {
  const emails = new FirstSeen<number>()
  const externalIds = new FirstSeen<number>()
  for (const { path, i, entry, customerId } of ofKnownCustomers(
    'customerUsers',
    customerUsers,
    refs,
    issues,
  )) {
    await slices.maybePause()
    const { customer, email, externalId } = entry
    const sameId = externalId === undefined ? undefined : externalIds.check(`${customerId}\n${externalId}`, i)
    if (sameId !== undefined && externalId !== undefined)
      issues.add(`${path}.externalId`, {
        code: 'snapshot.alreadyUsed',
        value: externalId,
        by: `customerUsers[${sameId}]`,
      })
    const earlier = emails.check(`${customerId}\n${email}`, i)
    if (earlier === undefined) continue
    const by = `customerUsers[${earlier}]`
    issues.add(`${path}.email`, { code: 'snapshot.customerUserEmailTaken', email, customer, by })
  }
}

/** Each list's entries, parsed one by one: undefined where an entry's shape is bad. */
interface ParsedLists {
  mspUsers: Array<MspUserEntry | undefined>
  customers: Array<CustomerEntry | undefined>
  groups: Array<GroupEntry | undefined>
  portalUsers: Array<PortalUserEntry | undefined>
  customerUsers: Array<CustomerUserEntry | undefined>
}

async function parseLists(
  json: Record<string, unknown>,
  issues: Issues,
  slices: TimeSlices,
): Promise<ParsedLists> {
  return {
    mspUsers: await entries('mspUsers', json.mspUsers, mspUserSchema, issues, slices),
    customers: await entries('customers', json.customers, customerSchema, issues, slices),
    groups: await entries('groups', json.groups, groupSchema, issues, slices),
    portalUsers: await entries('portalUsers', json.portalUsers, portalUserSchema, issues, slices),
    customerUsers: await entries('customerUsers', json.customerUsers, customerUserSchema, issues, slices),
  }
}

/** The rules, on every entry whose shape is good. */
async function checkRules(
  json: Record<string, unknown>,
  lists: ParsedLists,
  issues: Issues,
  slices: TimeSlices,
) {
  const refs = await declaredRefs(json, slices)
  const settings = settingsSchema.safeParse(json.settings ?? {})
  await checkMspUsers(lists.mspUsers, issues, slices)
  const customerLinks = await checkCustomers(lists.customers, refs, issues, slices)
  const groups = await checkGroups(lists.groups, refs, issues, slices)
  const limits = settings.success ? settings.data : undefined
  const index = await buildMemberships(customerLinks, groups, limits, refs.names, issues, slices)
  await checkRoleHolders(customerLinks.roleHolders, index, issues, slices)
  await checkPortalUsers(lists.portalUsers, refs, issues, slices)
  await checkCustomerUsers(lists.customerUsers, refs, issues, slices)
}

const SECTIONS: readonly string[] = Object.keys(snapshotSchema.shape)

/** Position of an issue in the file: its top-level field (in the schema's order), then its entry there. */
function position(path: SnapshotPath): [number, number] {
  const match = /^(\w+)(?:\[(\d+)\])?/.exec(path)
  const section = match ? SECTIONS.indexOf(match[1] ?? '') : -1
  return [section, Number(match?.[2] ?? -1)]
}

/** The issues in the order of the file, entry by entry (stable: within an entry, as found). */
function inFileOrder(issues: readonly SnapshotIssue[]): SnapshotIssue[] {
  const keyed = issues.map((issue) => ({ issue, at: position(issue.path) }))
  keyed.sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1])
  return keyed.map((k) => k.issue)
}

/**
 * Validates shape and rules; on success returns the parsed (normalized, defaults filled) snapshot. Works in
 * slices of a few ms with a turn of the event loop between them, so a big book does not hold the thread.
 */
export async function validateSnapshot(json: unknown): Promise<SnapshotValidation> {
  const slices = new TimeSlices()
  const top = topLevelSchema.safeParse(json, { error: errorMap })
  const issues = new Issues()
  if (!top.success) shapeIssues(top.error, issues)
  if (!isRecord(json)) return { ok: false, problems: inFileOrder(issues.list) }
  // Shape problems first, then the rules' (as found, before sorting into the order of the file).
  const shapes = new Issues()
  const lists = await parseLists(json, shapes, slices)
  issues.list.push(...shapes.list)
  await checkRules(json, lists, issues, slices)
  if (!top.success || issues.list.length > 0) return { ok: false, problems: inFileOrder(issues.list) }
  const snapshot: Snapshot = { ...top.data, ...(lists as { [K in keyof ParsedLists]: Snapshot[K] }) }
  return { ok: true, snapshot }
}
