// A form submitted as it was opened is answered from one read, without a transaction or the lock; anything
// else (and anything that writes) still goes through the lock.
import { describe, expect, it, vi } from 'vitest'
import { Prisma } from '../../../src/db/client.ts'
import { saveRecordEdit } from '../../../src/services/associations/save-association-edit.ts'
import { groupFormVersion } from '../../../src/services/form-version.ts'
import { editCustomerGroup } from '../../../src/services/groups/edit-customer-group.ts'
import { useTestDatabase } from '../../support/db.ts'
import {
  expectAuditedOnce,
  expectMaterializedMatchesDerived,
  expectNothingWritten,
  membershipDump,
  outcomeAs,
} from '../../support/seed.ts'
import { defaultZohoAndEmptyGroup, groupInput, seedStaffWorld } from '../../support/worlds.ts'

const db = useTestDatabase()
const prisma = () => db().prisma

/** Priya (admin) and the world: Zoho (default): Zylker, Acme / Alex. Site24x7: Initech / Bea, Mona. */
async function seed() {
  const { w, priya } = await seedStaffWorld(prisma(), defaultZohoAndEmptyGroup())
  const zohoAsOpened = groupInput(w, 'Zoho', ['Zylker', 'Acme'], ['Alex'], true)
  const opened = groupFormVersion({ ...zohoAsOpened, name: 'Zoho' })
  return { w, priya, zohoAsOpened, opened }
}

describe('a save submitted as the form showed it', () => {
  it('changes nothing and opens no transaction', async () => {
    const { priya, zohoAsOpened, opened } = await seed()
    const before = await membershipDump(prisma())
    const transactions = vi.spyOn(prisma(), '$transaction')
    try {
      const outcome = outcomeAs(
        await editCustomerGroup(prisma(), priya, zohoAsOpened, undefined, opened),
        'applied',
      )
      expect(outcome.summary).toBe('nothing changed')
      expect(transactions).not.toHaveBeenCalled()
    } finally {
      transactions.mockRestore()
    }
    await expectNothingWritten(prisma(), before)
  })

  it('still refuses a viewer, and a manager not associated with every customer of the group', async () => {
    const { w, zohoAsOpened, opened } = await seed()
    const before = await membershipDump(prisma())
    await expect(
      editCustomerGroup(prisma(), w.actor('Vic'), zohoAsOpened, undefined, opened),
    ).rejects.toMatchObject({ problem: { code: 'staff.forbidden' } })
    await expect(
      editCustomerGroup(prisma(), w.actor('Mona'), zohoAsOpened, undefined, opened),
    ).rejects.toMatchObject({ problem: { code: 'staff.notAssociated', customers: ['Acme', 'Zylker'] } })
    // her own group, submitted as opened: nothing changed
    const site = groupInput(w, 'Site24x7', ['Initech'], ['Bea', 'Mona'])
    const siteOpened = groupFormVersion(site)
    outcomeAs(await editCustomerGroup(prisma(), w.actor('Mona'), site, undefined, siteOpened), 'applied')
    await expectNothingWritten(prisma(), before)
  })

  it('an unknown group is gone', async () => {
    const { priya, zohoAsOpened, opened } = await seed()
    await expect(
      editCustomerGroup(prisma(), priya, { ...zohoAsOpened, groupId: 999_999 }, undefined, opened),
    ).rejects.toMatchObject({ problem: { code: 'record.gone' } })
  })

  it('is refused as changed when the group changed since the form was opened; nothing written', async () => {
    const { w, priya, zohoAsOpened, opened } = await seed()
    // Someone adds Bea meanwhile.
    outcomeAs(
      await editCustomerGroup(
        prisma(),
        priya,
        groupInput(w, 'Zoho', ['Zylker', 'Acme'], ['Alex', 'Bea'], true),
      ),
      'applied',
    )
    const before = await membershipDump(prisma())
    const audited = (await prisma().auditLog.count()) as number
    expect(await editCustomerGroup(prisma(), priya, zohoAsOpened, undefined, opened)).toEqual({
      status: 'changed',
    })
    expect(await membershipDump(prisma())).toEqual(before)
    expect(await prisma().auditLog.count()).toBe(audited)
  })

  it('a save hinted as unchanged that does write falls back to the lock and writes once, audited', async () => {
    const { w, priya } = await seed()
    const groupId = w.groupId('Zoho')
    const transactions = vi.spyOn(prisma(), '$transaction')
    try {
      const outcome = outcomeAs(
        await saveRecordEdit<{ id: number }>(prisma(), priya, {
          edit: {
            kind: 'customer-group',
            groupId,
            customerIds: w.customerIds('Zylker', 'Acme'),
            userIds: w.userIds('Alex', 'Bea'),
          },
          record: Prisma.sql`SELECT json_build_object('id', id) FROM "CustomerGroup" WHERE id = ${groupId}::int`,
          likelyNoChange: true,
          request: (record) => ({
            edit: {
              kind: 'customer-group',
              groupId,
              customerIds: w.customerIds('Zylker', 'Acme'),
              userIds: w.userIds('Alex', 'Bea'),
            },
            capability: 'editGroups',
            extrasChange: record === null,
            audit: { action: 'group.edit', targetType: 'group', targetName: 'Zoho' },
          }),
        }),
        'applied',
      )
      expect(outcome.view.added.map((p) => `${p.user}→${p.customer}`).sort()).toEqual([
        'Bea→Acme',
        'Bea→Zylker',
      ])
      expect(transactions).toHaveBeenCalledTimes(1)
    } finally {
      transactions.mockRestore()
    }
    await expectMaterializedMatchesDerived(prisma())
    await expectAuditedOnce(prisma(), { action: 'group.edit', customers: ['Acme', 'Zylker'] })
  })

  it('a rename writes the header (one default group left) and the audit row together', async () => {
    const { w, priya } = await seed()
    outcomeAs(
      await editCustomerGroup(prisma(), priya, {
        ...groupInput(w, 'Site24x7', ['Initech'], ['Bea', 'Mona'], true),
        name: '  Site 24x7 ',
      }),
      'applied',
    )
    const groups = await prisma().customerGroup.findMany({ orderBy: { id: 'asc' } })
    expect(groups.filter((g) => g.isDefault).map((g) => g.name)).toEqual(['Site 24x7'])
    expect(groups.find((g) => g.id === w.groupId('Site24x7'))).toMatchObject({
      name: 'Site 24x7',
      nameKey: 'site 24x7',
    })
    const row = await expectAuditedOnce(prisma(), { action: 'group.edit', targetName: 'Site24x7' })
    expect(row).toMatchObject({
      before: { name: 'Site24x7', default: false },
      after: { name: 'Site 24x7', default: true, associations: 'no association changed' },
    })
    expect(Math.abs((row as { at: Date }).at.getTime() - Date.now())).toBeLessThan(60_000)
  })
})

describe('a save that keeps the memberships (a rename)', () => {
  const renamed = (w: Awaited<ReturnType<typeof seed>>['w'], name = 'Zoho One') => ({
    ...groupInput(w, 'Zoho', ['Zylker', 'Acme'], ['Alex'], true),
    name,
  })

  /** The save's outcome, and whether it opened a transaction (the full path does; one statement does not). */
  async function save(...args: Parameters<typeof editCustomerGroup>) {
    const transactions = vi.spyOn(prisma(), '$transaction')
    try {
      const outcome = await editCustomerGroup(...args)
      return { outcome, transactions: transactions.mock.calls.length }
    } finally {
      transactions.mockRestore()
    }
  }

  it('is written with its audit row in one statement, without a transaction or the lock', async () => {
    const { w, priya, opened } = await seed()
    const before = await membershipDump(prisma())
    const { outcome, transactions } = await save(prisma(), priya, renamed(w), undefined, opened)
    expect(outcomeAs(outcome, 'applied').summary).toBe('no association changed')
    expect(transactions).toBe(0)
    const after = await membershipDump(prisma())
    expect(after.associations).toEqual(before.associations)
    expect(after.groupCustomers).toEqual(before.groupCustomers.map((m) => m.replace('Zoho∋', 'Zoho One∋')))
    expect(await prisma().customerGroup.findUnique({ where: { id: w.groupId('Zoho') } })).toMatchObject({
      name: 'Zoho One',
      nameKey: 'zoho one',
      isDefault: true,
    })
    await expectAuditedOnce(prisma(), {
      action: 'group.edit',
      targetName: 'Zoho',
      customers: [],
      before: { name: 'Zoho', default: true },
      after: { name: 'Zoho One', default: true, associations: 'no association changed' },
    })
  })

  it('Postgres computes the form version as the app does, for names JSON must escape', async () => {
    const { w, priya } = await seed()
    for (const name of ['Zoho "quoted"', 'back\\slash\n\ttab', 'Zürich ⌘ 😀', '\u0001<&>\u2028']) {
      await prisma().customerGroup.update({ where: { id: w.groupId('Zoho') }, data: { name } })
      const shown = { ...renamed(w), name }
      const { outcome, transactions } = await save(
        prisma(),
        priya,
        renamed(w, `${name}!`),
        undefined,
        groupFormVersion(shown),
      )
      outcomeAs(outcome, 'applied')
      expect({ name, transactions }).toEqual({ name, transactions: 0 })
    }
  })

  it('a form opened before a member was added: nothing renamed, answered as changed', async () => {
    const { w, priya, opened } = await seed()
    await editCustomerGroup(prisma(), priya, groupInput(w, 'Zoho', ['Zylker', 'Acme'], ['Alex', 'Bea'], true))
    const audited = await prisma().auditLog.count()
    const { outcome } = await save(prisma(), priya, renamed(w), undefined, opened)
    expect(outcome).toEqual({ status: 'changed' })
    expect(await prisma().customerGroup.findUnique({ where: { id: w.groupId('Zoho') } })).toMatchObject({
      name: 'Zoho',
    })
    expect(await prisma().auditLog.count()).toBe(audited)
  })

  it('a name another group has: a field error from the full path, nothing written', async () => {
    const { w, priya, opened } = await seed()
    const before = await membershipDump(prisma())
    const { outcome, transactions } = await save(prisma(), priya, renamed(w, 'site24X7'), undefined, opened)
    expect(outcomeAs(outcome, 'invalid').problems).toEqual([
      { field: 'name', problem: { code: 'group.nameTaken', name: 'Site24x7' } },
    ])
    expect(transactions).toBe(1)
    await expectNothingWritten(prisma(), before)
  })

  it('an empty name: a field error from the full path, nothing written', async () => {
    const { w, priya, opened } = await seed()
    const before = await membershipDump(prisma())
    const { outcome } = await save(prisma(), priya, renamed(w, '   '), undefined, opened)
    expect(outcomeAs(outcome, 'invalid').problems).toEqual([
      { field: 'name', problem: { code: 'group.nameMissing' } },
    ])
    await expectNothingWritten(prisma(), before)
  })

  it('without a form version the name is last-write-wins', async () => {
    const { w, priya } = await seed()
    await prisma().customerGroup.update({ where: { id: w.groupId('Zoho') }, data: { name: 'Zoho X' } })
    const { outcome, transactions } = await save(prisma(), priya, renamed(w))
    outcomeAs(outcome, 'applied')
    expect(transactions).toBe(0)
    expect(await prisma().customerGroup.findUnique({ where: { id: w.groupId('Zoho') } })).toMatchObject({
      name: 'Zoho One',
    })
  })

  it('below admin, only with every customer of the group associated; else the full path refuses', async () => {
    const { w } = await seed()
    const site = groupInput(w, 'Site24x7', ['Initech'], ['Bea', 'Mona'])
    const mine = await save(
      prisma(),
      w.actor('Mona'),
      { ...site, name: 'Site' },
      undefined,
      groupFormVersion(site),
    )
    expect(mine.transactions).toBe(0)
    outcomeAs(mine.outcome, 'applied')
    const zoho = groupInput(w, 'Zoho', ['Zylker', 'Acme'], ['Alex'], true)
    await expect(
      editCustomerGroup(
        prisma(),
        w.actor('Mona'),
        { ...zoho, name: 'Mine' },
        undefined,
        groupFormVersion(zoho),
      ),
    ).rejects.toMatchObject({ problem: { code: 'staff.notAssociated' } })
    await expect(
      editCustomerGroup(
        prisma(),
        w.actor('Vic'),
        { ...zoho, name: 'Mine' },
        undefined,
        groupFormVersion(zoho),
      ),
    ).rejects.toMatchObject({ problem: { code: 'staff.forbidden' } })
  })

  it('setting the default flag goes through the lock and leaves exactly one default', async () => {
    const { w, priya } = await seed()
    const site = groupInput(w, 'Site24x7', ['Initech'], ['Bea', 'Mona'])
    const { outcome, transactions } = await save(
      prisma(),
      priya,
      { ...site, isDefault: true },
      undefined,
      groupFormVersion(site),
    )
    outcomeAs(outcome, 'applied')
    expect(transactions).toBe(1)
    const defaults = await prisma().customerGroup.findMany({ where: { isDefault: true } })
    expect(defaults.map((g) => g.name)).toEqual(['Site24x7'])
  })
})
