// Small builders so domain tests read like the domain: names in, ids out.
//
//   const w = buildWorld({
//     groups: { Zoho: { customers: ['Zylker'], users: ['Alex'] } },
//     accountContacts: { Zylker: 'Alex' },
//   })
//   const plan = w.plan(w.editCustomer('Zylker', { groups: [] }))
//   expect(w.pairNames(plan.removed)).toEqual(['Alex→Zylker'])
//
// Ids are given in order of first mention (groups, direct links, Account Contacts, alert groups, then the
// extra `users` and `customers`), in separate ranges (users from 1, customers from 101, groups from 201, alert groups from 301)
// so that a mix-up between kinds of id shows up as a wrong result instead of passing by accident.
import type {
  AssociationEdit,
  CustomerGroupEdit,
  CustomerPreferencesEdit,
  UserGroupsEdit,
} from '../../src/domain/edits.ts'
import {
  type CustomerId,
  deriveAssociations,
  type GroupId,
  type Justification,
  type Memberships,
  pairKey,
  type UserId,
} from '../../src/domain/memberships.ts'
import { type NameBook, nameBook } from '../../src/domain/names.ts'
import {
  type AlertGroupState,
  type Pair,
  type Plan,
  type PlanInput,
  planEdit,
} from '../../src/domain/plan.ts'

export interface WorldSpec {
  /** Users that appear nowhere else (the others are registered on first mention); their ids come last. */
  users?: string[]
  /** Customers that appear nowhere else (the others are registered on first mention); their ids come last. */
  customers?: string[]
  groups?: Record<string, { customers?: string[]; users?: string[] }>
  /** Direct links as [user, customer]. */
  direct?: Array<[string, string]>
  /** Customer → Account Contact (user name). */
  accountContacts?: Record<string, string>
  alertGroups?: Array<{ name: string; customer: string; members: string[] }>
}

/** What a plan is made on: memberships, Account Contacts and alert groups (a `World` is one). */
export type PlanState = Pick<PlanInput, 'memberships' | 'accountContacts' | 'alertGroups'>

/** The plan input of `edit` on `state`, with every membership (no slice). */
export function planInputOf(state: PlanState, edit: AssociationEdit): PlanInput {
  return {
    memberships: state.memberships,
    edit,
    accountContacts: state.accountContacts,
    alertGroups: state.alertGroups,
  }
}

/** The associations the memberships justify, as pair keys (the form `applyPlanToAssociations` takes). */
export const associationKeysOf = (memberships: Memberships): Set<string> =>
  new Set(deriveAssociations(memberships).map(([u, c]) => pairKey(u, c)))

class Registry {
  private readonly ids = new Map<string, number>()
  private readonly names = new Map<number, string>()
  private next: number

  constructor(
    private readonly kind: string,
    first: number,
  ) {
    this.next = first
  }

  register(name: string): number {
    const known = this.ids.get(name)
    if (known !== undefined) return known
    const id = this.next++
    this.ids.set(name, id)
    this.names.set(id, name)
    return id
  }

  id(name: string): number {
    const id = this.ids.get(name)
    if (id === undefined) throw new Error(`unknown ${this.kind} "${name}"`)
    return id
  }

  name(id: number): string {
    const name = this.names.get(id)
    if (name === undefined) throw new Error(`unknown ${this.kind} id ${id}`)
    return name
  }

  get nameMap(): ReadonlyMap<number, string> {
    return this.names
  }
}

export class World {
  readonly users = new Registry('user', 1)
  readonly customers = new Registry('customer', 101)
  readonly groups = new Registry('group', 201)
  readonly alertGroupIds = new Registry('alert group', 301)
  readonly memberships: Memberships
  readonly accountContacts: Map<CustomerId, UserId | null>
  readonly alertGroups: AlertGroupState[]
  readonly names: NameBook

  constructor(spec: WorldSpec) {
    const groupCustomers: Array<[GroupId, CustomerId]> = []
    const groupUsers: Array<[GroupId, UserId]> = []
    for (const [groupName, members] of Object.entries(spec.groups ?? {})) {
      const g = this.groups.register(groupName)
      for (const c of members.customers ?? []) groupCustomers.push([g, this.customers.register(c)])
      for (const u of members.users ?? []) groupUsers.push([g, this.users.register(u)])
    }
    const directLinks: Array<[UserId, CustomerId]> = (spec.direct ?? []).map(([u, c]) => [
      this.users.register(u),
      this.customers.register(c),
    ])
    this.memberships = { groupCustomers, groupUsers, directLinks }
    this.accountContacts = new Map(
      Object.entries(spec.accountContacts ?? {}).map(([c, u]) => [
        this.customers.register(c),
        this.users.register(u),
      ]),
    )
    this.alertGroups = (spec.alertGroups ?? []).map((a) => ({
      id: this.alertGroupIds.register(`${a.customer}/${a.name}`),
      customerId: this.customers.register(a.customer),
      name: a.name,
      members: a.members.map((m) => this.users.register(m)),
    }))
    for (const name of spec.users ?? []) this.users.register(name)
    for (const name of spec.customers ?? []) this.customers.register(name)
    this.names = nameBook({
      users: this.users.nameMap,
      customers: this.customers.nameMap,
      groups: this.groups.nameMap,
      alertGroups: new Map(this.alertGroups.map((a) => [a.id, a.name])),
    })
  }

  user(name: string): UserId {
    return this.users.id(name)
  }
  customer(name: string): CustomerId {
    return this.customers.id(name)
  }
  group(name: string): GroupId {
    return this.groups.id(name)
  }
  alertGroup(customer: string, name: string): number {
    return this.alertGroupIds.id(`${customer}/${name}`)
  }

  pair(user: string, customer: string): Pair {
    return { userId: this.user(user), customerId: this.customer(customer) }
  }

  /** Pairs as "User→Customer" strings, in the order given. */
  pairNames(pairs: readonly Pair[]): string[] {
    return pairs.map((p) => `${this.users.name(p.userId)}→${this.customers.name(p.customerId)}`)
  }

  /** Kept pairs as "User→Customer by Group, direct" strings. */
  keptNames(plan: Plan): string[] {
    return plan.kept.map(
      (k) => `${this.pairNames([k])[0]} by ${this.justificationNames(k.keptBy).join(', ')}`,
    )
  }

  justificationNames(keptBy: readonly Justification[]): string[] {
    return keptBy.map((j) => (j.kind === 'direct' ? 'direct' : this.groups.name(j.groupId)))
  }

  /** Blocked pairs as "User→Customer: reason, reason" strings (alert groups by name). */
  blockedNames(plan: Plan): string[] {
    return plan.blocked.map(
      (b) =>
        `${this.pairNames([b])[0]}: ${b.reasons
          .map((r) =>
            r.kind === 'account-contact'
              ? 'account contact'
              : `last of ${this.names.alertGroup(r.alertGroupId)}`,
          )
          .join(', ')}`,
    )
  }

  /** The current associations as pair keys (the form `applyPlanToAssociations` takes). */
  associationKeys(): Set<string> {
    return associationKeysOf(this.memberships)
  }

  /** Association keys as "User→Customer" strings, sorted. */
  keyNames(keys: ReadonlySet<string>): string[] {
    return [...keys]
      .map((key) => {
        const [u, c] = key.split(':').map(Number)
        return `${this.users.name(u ?? -1)}→${this.customers.name(c ?? -1)}`
      })
      .sort()
  }

  currentGroupsOfCustomer(customer: string): string[] {
    const c = this.customer(customer)
    return this.memberships.groupCustomers.filter(([, id]) => id === c).map(([g]) => this.groups.name(g))
  }
  currentDirectUsersOf(customer: string): string[] {
    const c = this.customer(customer)
    return this.memberships.directLinks.filter(([, id]) => id === c).map(([u]) => this.users.name(u))
  }
  currentCustomersOf(group: string): string[] {
    const g = this.group(group)
    return this.memberships.groupCustomers.filter(([id]) => id === g).map(([, c]) => this.customers.name(c))
  }
  currentUsersOf(group: string): string[] {
    const g = this.group(group)
    return this.memberships.groupUsers.filter(([id]) => id === g).map(([, u]) => this.users.name(u))
  }
  currentGroupsOfUser(user: string): string[] {
    const u = this.user(user)
    return this.memberships.groupUsers.filter(([, id]) => id === u).map(([g]) => this.groups.name(g))
  }

  /** Edit Customer Preferences; an omitted selection stays as it is. */
  editCustomer(
    customer: string,
    selection: { groups?: string[]; directUsers?: string[]; accountContact?: string | null },
  ): CustomerPreferencesEdit {
    const edit: CustomerPreferencesEdit = {
      kind: 'customer-preferences',
      customerId: this.customer(customer),
      groupIds: (selection.groups ?? this.currentGroupsOfCustomer(customer)).map((g) => this.group(g)),
      directUserIds: (selection.directUsers ?? this.currentDirectUsersOf(customer)).map((u) => this.user(u)),
    }
    if (selection.accountContact !== undefined) {
      edit.accountContactId = selection.accountContact === null ? null : this.user(selection.accountContact)
    }
    return edit
  }

  /** Edit Customer Group; an omitted selection stays as it is. */
  editGroup(group: string, selection: { customers?: string[]; users?: string[] }): CustomerGroupEdit {
    return {
      kind: 'customer-group',
      groupId: this.group(group),
      customerIds: (selection.customers ?? this.currentCustomersOf(group)).map((c) => this.customer(c)),
      userIds: (selection.users ?? this.currentUsersOf(group)).map((u) => this.user(u)),
    }
  }

  /** Edit User: the user's full group selection. */
  editUser(user: string, selection: { groups: string[] }): UserGroupsEdit {
    return {
      kind: 'user-groups',
      userId: this.user(user),
      groupIds: selection.groups.map((g) => this.group(g)),
    }
  }

  planInput(edit: AssociationEdit): PlanInput {
    return planInputOf(this, edit)
  }

  plan(edit: AssociationEdit): Plan {
    return planEdit(this.planInput(edit))
  }
}

export const buildWorld = (spec: WorldSpec) => new World(spec)
