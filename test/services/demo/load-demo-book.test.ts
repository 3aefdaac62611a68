// The demo book generator on a small book: the app's own rules hold (the export of the generated book passes
// the snapshot validation: associations of Account Contacts and alert group members, group limits, unique
// emails, one portal admin per customer), the materialized associations are exactly the derived ones, the
// rule engine plans on it, the same seed gives the same book, and a non-empty book is refused.
import { describe, expect, it } from 'vitest'
import {
  DemoBookNotEmptyError,
  type DemoBookOptions,
  loadDemoBook,
} from '../../../src/services/demo/load-demo-book.ts'
import { editCustomerGroup } from '../../../src/services/groups/edit-customer-group.ts'
import { exportSnapshot } from '../../../src/services/snapshot/export-snapshot.ts'
import { countBook } from '../../../src/services/snapshot/import-snapshot.ts'
import { validateSnapshot } from '../../../src/services/snapshot/validate-snapshot.ts'
import { findStaffBySlackId } from '../../../src/services/staff/find-staff.ts'
import { useTestDatabase } from '../../support/db.ts'
import { expectMaterializedMatchesDerived } from '../../support/seed.ts'

const db = useTestDatabase()

/** 5 groups hold at most 5 × 18 customers by the round-robin: 100 leaves some customers in no group. */
const SMALL: DemoBookOptions = {
  customers: 100,
  mspUsers: 300,
  groups: 5,
  portalUsers: 200,
  customerUsers: 300,
  seed: 7,
}

async function expectValidBook() {
  const snapshot = await exportSnapshot(db().prisma)
  const validation = await validateSnapshot(JSON.parse(JSON.stringify(snapshot)))
  expect(validation.ok ? [] : validation.problems.slice(0, 5)).toEqual([])
  await expectMaterializedMatchesDerived(db().prisma)
  return snapshot
}

describe('loadDemoBook', () => {
  it('writes a book of the asked sizes that the app’s own rules accept', async () => {
    const counts = await loadDemoBook(db().prisma, SMALL)
    const book = await countBook(db().prisma)
    expect(book).toEqual({
      mspUsers: 300,
      customers: 100,
      groups: 5,
      alertGroups: counts.alertGroups,
      portalUsers: 200,
      customerUsers: 300,
      associations: counts.associations,
    })
    expect(counts.groupCustomers).toBe(await db().prisma.groupCustomer.count())
    expect(counts.groupMembers).toBe(await db().prisma.groupMember.count())
    expect(counts.directLinks).toBe(await db().prisma.directLink.count())
    const snapshot = await expectValidBook()

    // the shape: every customer has an Account Contact and a non-empty alert group; groups link both ways
    expect(snapshot.customers.every((c) => c.accountContact && c.alertGroups[0]?.members.length)).toBe(true)
    expect(snapshot.customers.filter((c) => c.alertGroups.length === 2).length).toBeGreaterThan(10)
    expect(snapshot.groups.filter((g) => g.default)).toHaveLength(1)
    expect(snapshot.groups.every((g) => g.customers.length > 0 && g.users.length > 0)).toBe(true)
    expect(snapshot.customers.some((c) => c.directUsers.length > 0)).toBe(true)
    // some customers in two groups, some in none
    const groupsOf = new Map<string, number>()
    for (const g of snapshot.groups) for (const c of g.customers) groupsOf.set(c, (groupsOf.get(c) ?? 0) + 1)
    expect([...groupsOf.values()].some((n) => n === 2)).toBe(true)
    expect(groupsOf.size).toBeLessThan(100)
    // portal users and customer users on every customer, one portal admin each
    expect(new Set(snapshot.portalUsers.map((p) => p.customer)).size).toBe(100)
    expect(snapshot.portalUsers.filter((p) => p.admin)).toHaveLength(100)
    expect(new Set(snapshot.customerUsers.map((u) => u.customer)).size).toBe(100)
    expect(new Set(snapshot.customerUsers.map((u) => u.source))).toEqual(
      new Set(['manual', 'csv', 'directory']),
    )
    // subscriptions applied never exceed a customer's pool
    for (const c of snapshot.customers) {
      const used = snapshot.customerUsers.filter(
        (u) => u.customer === c.name && u.subscriptionExpiresAt,
      ).length
      expect(used).toBeLessThanOrEqual(c.subscriptionsPurchased)
    }
    // the next row the app writes gets a fresh id
    const added = await db().prisma.customer.create({ data: { name: 'Added', nameKey: 'added' } })
    expect(added.id).toBe(101)
  })

  it('gives the rule engine a book to plan on: Edit Customer Group previews removals pair by pair', async () => {
    await loadDemoBook(db().prisma, SMALL)
    const admin = await findStaffBySlackId(db().prisma, 'UDEMO1')
    expect(admin?.role).toBe('admin')
    if (!admin) return
    const group = await db().prisma.customerGroup.findFirstOrThrow({
      where: { isDefault: true },
      include: { customers: true, members: true },
    })
    const outcome = await editCustomerGroup(db().prisma, admin, {
      groupId: group.id,
      name: group.name,
      customerIds: group.customers.slice(1).map((c) => c.customerId),
      userIds: group.members.map((m) => m.mspUserId),
      isDefault: true,
    })
    expect(['preview', 'blocked']).toContain(outcome.status)
  })

  it('is deterministic: the same seed gives the same book, another seed another one', async () => {
    await loadDemoBook(db().prisma, SMALL)
    const first = await exportSnapshot(db().prisma)
    await loadDemoBook(db().prisma, { ...SMALL, replace: true })
    expect(await exportSnapshot(db().prisma)).toEqual(first)
    await loadDemoBook(db().prisma, { ...SMALL, seed: 8, replace: true })
    const other = await exportSnapshot(db().prisma)
    expect(other.customers.map((c) => c.name)).not.toEqual(first.customers.map((c) => c.name))
    await expectValidBook()
  })

  it('refuses a non-empty book and changes nothing, unless asked to replace it', async () => {
    await db().prisma.customer.create({ data: { name: 'Real', nameKey: 'real' } })
    const error = await loadDemoBook(db().prisma, SMALL).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DemoBookNotEmptyError)
    expect((error as DemoBookNotEmptyError).counts.customers).toBe(1)
    expect(await db().prisma.customer.findMany({ select: { name: true } })).toEqual([{ name: 'Real' }])
    expect(await db().prisma.mspUser.count()).toBe(0)
    await loadDemoBook(db().prisma, { ...SMALL, customers: 30, groups: 1, replace: true })
    expect(await db().prisma.customer.count()).toBe(30)
    await expectValidBook()
  })

  it('writes a book without groups or without customers', async () => {
    await loadDemoBook(db().prisma, { ...SMALL, groups: 0 })
    expect(await db().prisma.groupMember.count()).toBe(0)
    await expectValidBook()
    const counts = await loadDemoBook(db().prisma, { ...SMALL, customers: 0, replace: true })
    expect(counts).toMatchObject({ customers: 0, associations: 0, portalUsers: 0, customerUsers: 0 })
    expect(await db().prisma.mspUser.count()).toBe(300)
  })
})
