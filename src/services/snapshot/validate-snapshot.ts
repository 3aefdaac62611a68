// Checks a snapshot before anything is written: its shape (zod) and its rules (references, duplicates,
// limits). Every problem is reported with its JSON path, e.g. `groups[1].customers[0]: unknown customer "Zylkr"`,
// all of them at once: entries with a bad shape are left out of the rule checks, not the whole snapshot.
import type { z } from 'zod'
import { nameKey } from '../../domain/names.ts'
import {
  customerSchema,
  customerUserSchema,
  groupSchema,
  mspUserSchema,
  portalUserSchema,
  type Snapshot,
  type SnapshotSettings,
  settingsSchema,
  snapshotSchema,
} from './snapshot-schema.ts'

export type SnapshotValidation = { ok: true; snapshot: Snapshot } | { ok: false; problems: string[] }

/** `groups[1].customers[0]`; the root is called `snapshot`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
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

function shapeProblems(error: z.ZodError): string[] {
  const problems: string[] = []
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push(`${formatPath([...issue.path, key])}: unknown field`)
    } else {
      problems.push(`${formatPath(issue.path)}: ${issue.message}`)
    }
  }
  return problems
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Each entry of a raw list parsed on its own: undefined where the entry's shape is bad. */
function entries<T>(raw: unknown, schema: z.ZodType<T>): Array<T | undefined> {
  if (!Array.isArray(raw)) return []
  return raw.map((item) => {
    const parsed = schema.safeParse(item)
    return parsed.success ? parsed.data : undefined
  })
}

/** Keys that a raw list declares even where the entry is otherwise bad, so references to it are not misreported. */
function declaredKeys(raw: unknown, field: string): Set<string> {
  const keys = new Set<string>()
  if (!Array.isArray(raw)) return keys
  for (const item of raw) {
    const value = isRecord(item) ? item[field] : undefined
    if (typeof value === 'string') keys.add(nameKey(value))
  }
  return keys
}

interface RuleInput {
  settings: SnapshotSettings | undefined
  mspUsers: Array<z.output<typeof mspUserSchema> | undefined>
  customers: Array<z.output<typeof customerSchema> | undefined>
  groups: Array<z.output<typeof groupSchema> | undefined>
  portalUsers: Array<z.output<typeof portalUserSchema> | undefined>
  customerUsers: Array<z.output<typeof customerUserSchema> | undefined>
  /** Lower-cased emails of every MSP user entry. */
  mspEmails: ReadonlySet<string>
  /** Name keys of every customer entry. */
  customerKeys: ReadonlySet<string>
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

function checkRules(input: RuleInput): string[] {
  const problems: string[] = []
  const add = (path: string, message: string) => problems.push(`${path}: ${message}`)
  const checkEmailList = (path: string, emails: readonly string[]) => {
    const seen = new FirstSeen<number>()
    for (const [k, email] of emails.entries()) {
      if (!input.mspEmails.has(email)) add(`${path}[${k}]`, `unknown MSP user "${email}"`)
      else if (seen.check(email, k) !== undefined) add(`${path}[${k}]`, `"${email}" is listed twice`)
    }
  }

  // MSP users
  const userAt = new Map<string, number>()
  const emails = new FirstSeen<number>()
  const slackIds = new FirstSeen<number>()
  for (const [i, user] of input.mspUsers.entries()) {
    if (!user) continue
    const earlier = emails.check(user.email, i)
    if (earlier !== undefined)
      add(`mspUsers[${i}].email`, `"${user.email}" is already used by mspUsers[${earlier}]`)
    else userAt.set(user.email, i)
    if (user.slackUserId) {
      const other = slackIds.check(user.slackUserId, i)
      if (other !== undefined)
        add(`mspUsers[${i}].slackUserId`, `"${user.slackUserId}" is already used by mspUsers[${other}]`)
    }
  }

  // Which (MSP user, customer) pairs the snapshot associates: a direct link or a shared group.
  // The services keep every Account Contact and alert group member associated with the customer.
  const associated = new Set<string>()
  const pair = (email: string, customer: string) => `${email}\n${nameKey(customer)}`
  for (const customer of input.customers) {
    for (const email of customer?.directUsers ?? []) associated.add(pair(email, customer?.name ?? ''))
  }
  for (const group of input.groups) {
    for (const customer of group?.customers ?? [])
      for (const email of group?.users ?? []) associated.add(pair(email, customer))
  }
  const checkAssociated = (path: string, email: string, customer: string, as: string) => {
    if (input.mspEmails.has(email) && !associated.has(pair(email, customer)))
      add(
        path,
        `${email} is ${as} of ${customer} but not associated with it (list them in directUsers or in a group with ${customer})`,
      )
  }

  // Customers, their direct users and alert groups
  const customerNames = new FirstSeen<number>()
  const customerAt = new Map<string, number>()
  for (const [i, customer] of input.customers.entries()) {
    if (!customer) continue
    const path = `customers[${i}]`
    const key = nameKey(customer.name)
    const earlier = customerNames.check(key, i)
    if (earlier !== undefined) {
      add(`${path}.name`, `"${customer.name}" is already used by customers[${earlier}] (names ignore case)`)
    } else customerAt.set(key, i)
    if (customer.accountContact && !input.mspEmails.has(customer.accountContact))
      add(`${path}.accountContact`, `unknown MSP user "${customer.accountContact}"`)
    else if (customer.accountContact)
      checkAssociated(`${path}.accountContact`, customer.accountContact, customer.name, 'the Account Contact')
    checkEmailList(`${path}.directUsers`, customer.directUsers)
    const alertNames = new FirstSeen<number>()
    for (const [a, alertGroup] of customer.alertGroups.entries()) {
      const alertPath = `${path}.alertGroups[${a}]`
      const other = alertNames.check(nameKey(alertGroup.name), a)
      if (other !== undefined)
        add(
          `${alertPath}.name`,
          `${customer.name} already has an alert group "${alertGroup.name}" (alertGroups[${other}]; names ignore case)`,
        )
      if (alertGroup.members.length === 0)
        add(`${alertPath}.members`, 'an alert group needs at least one member')
      checkEmailList(`${alertPath}.members`, alertGroup.members)
      for (const [m, email] of alertGroup.members.entries())
        checkAssociated(
          `${alertPath}.members[${m}]`,
          email,
          customer.name,
          `in alert group ${alertGroup.name}`,
        )
    }
  }

  // Customer groups and the limits on them
  const settings = input.settings
  const groupNames = new FirstSeen<number>()
  let defaultAt: number | undefined
  const groupOfCustomer = new Map<string, number>() // exclusive mode: the first group holding each customer
  const groupsOfUser = new Map<string, { count: number; firstOver?: string }>()
  for (const [j, group] of input.groups.entries()) {
    if (!group) continue
    const path = `groups[${j}]`
    const earlier = groupNames.check(nameKey(group.name), j)
    if (earlier !== undefined)
      add(`${path}.name`, `"${group.name}" is already used by groups[${earlier}] (names ignore case)`)
    if (group.default) {
      if (defaultAt !== undefined)
        add(`${path}.default`, `only one group can be the default, and groups[${defaultAt}] already is`)
      else defaultAt = j
    }
    const customers = new FirstSeen<number>()
    let customerCount = 0
    for (const [k, ref] of group.customers.entries()) {
      const key = nameKey(ref)
      if (!input.customerKeys.has(key)) {
        add(`${path}.customers[${k}]`, `unknown customer "${ref}"`)
        continue
      }
      if (customers.check(key, k) !== undefined) {
        add(`${path}.customers[${k}]`, `"${ref}" is listed twice`)
        continue
      }
      customerCount++
      if (settings?.groupMode === 'exclusive') {
        const holder = groupOfCustomer.get(key)
        if (holder === undefined) groupOfCustomer.set(key, j)
        else
          add(
            `${path}.customers[${k}]`,
            `${ref} is already in group ${input.groups[holder]?.name} (groups[${holder}]); groups are exclusive, so a customer can be in only one`,
          )
      }
    }
    if (settings && customerCount > settings.maxCustomersPerGroup)
      add(
        `${path}.customers`,
        `${group.name} has ${customerCount} customers; a customer group holds at most ${settings.maxCustomersPerGroup}`,
      )
    checkEmailList(`${path}.users`, group.users)
    const counted = new Set<string>()
    for (const [k, email] of group.users.entries()) {
      if (!input.mspEmails.has(email) || counted.has(email)) continue
      counted.add(email)
      const tally = groupsOfUser.get(email) ?? { count: 0 }
      tally.count++
      if (settings && tally.count === settings.maxGroupsPerUser + 1) tally.firstOver = `${path}.users[${k}]`
      groupsOfUser.set(email, tally)
    }
  }
  if (settings) {
    for (const [email, tally] of groupsOfUser) {
      if (tally.count <= settings.maxGroupsPerUser) continue
      const at = userAt.get(email)
      add(
        at === undefined ? (tally.firstOver ?? 'groups') : `mspUsers[${at}]`,
        `${email} is in ${tally.count} groups; an MSP user can be in at most ${settings.maxGroupsPerUser}`,
      )
    }
  }

  // Portal users: unique email per customer, one portal admin per customer
  const portalEmails = new FirstSeen<number>()
  const portalAdmins = new FirstSeen<number>()
  for (const [i, portalUser] of input.portalUsers.entries()) {
    if (!portalUser) continue
    const path = `portalUsers[${i}]`
    const key = nameKey(portalUser.customer)
    if (!input.customerKeys.has(key)) {
      add(`${path}.customer`, `unknown customer "${portalUser.customer}"`)
      continue
    }
    const earlier = portalEmails.check(`${key}\n${portalUser.email}`, i)
    if (earlier !== undefined)
      add(
        `${path}.email`,
        `"${portalUser.email}" is already a portal user of ${portalUser.customer} (portalUsers[${earlier}])`,
      )
    if (portalUser.admin) {
      const admin = portalAdmins.check(key, i)
      if (admin !== undefined)
        add(
          `${path}.admin`,
          `${portalUser.customer} already has its portal admin (portalUsers[${admin}]); a customer has one`,
        )
    }
  }

  // Customer users: unique primary email per customer
  const customerUserEmails = new FirstSeen<number>()
  for (const [i, customerUser] of input.customerUsers.entries()) {
    if (!customerUser) continue
    const path = `customerUsers[${i}]`
    const key = nameKey(customerUser.customer)
    if (!input.customerKeys.has(key)) {
      add(`${path}.customer`, `unknown customer "${customerUser.customer}"`)
      continue
    }
    const earlier = customerUserEmails.check(`${key}\n${customerUser.email}`, i)
    if (earlier !== undefined)
      add(
        `${path}.email`,
        `"${customerUser.email}" is already a user of ${customerUser.customer} (customerUsers[${earlier}])`,
      )
  }
  return problems
}

/** Validates shape and rules; on success returns the parsed (normalized, defaults filled) snapshot. */
export function validateSnapshot(json: unknown): SnapshotValidation {
  const parsed = snapshotSchema.safeParse(json, { error: errorMap })
  const problems = parsed.success ? [] : shapeProblems(parsed.error)
  if (!isRecord(json)) return { ok: false, problems }
  const settings = settingsSchema.safeParse(json.settings ?? {})
  problems.push(
    ...checkRules({
      settings: settings.success ? settings.data : undefined,
      mspUsers: entries(json.mspUsers, mspUserSchema),
      customers: entries(json.customers, customerSchema),
      groups: entries(json.groups, groupSchema),
      portalUsers: entries(json.portalUsers, portalUserSchema),
      customerUsers: entries(json.customerUsers, customerUserSchema),
      mspEmails: declaredKeys(json.mspUsers, 'email'),
      customerKeys: declaredKeys(json.customers, 'name'),
    }),
  )
  if (!parsed.success || problems.length > 0) return { ok: false, problems }
  return { ok: true, snapshot: parsed.data }
}
