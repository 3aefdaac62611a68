// Customer groups end to end: Edit, Add and Delete Customer Group, limits, default group, roles.
import { describe, expect, it } from 'vitest'
import { problemMessage } from '../../../src/messages/problems.ts'
import { ServiceError } from '../../../src/services/errors.ts'
import { groupFormVersion } from '../../../src/services/form-version.ts'
import { addCustomerGroup } from '../../../src/services/groups/add-customer-group.ts'
import { deleteCustomerGroup } from '../../../src/services/groups/delete-customer-group.ts'
import { editCustomerGroup } from '../../../src/services/groups/edit-customer-group.ts'
import { useTestDatabase } from '../../support/db.ts'
import {
  associationPairs,
  auditRows,
  expectAuditedOnce,
  expectMaterializedMatchesDerived,
  expectNothingWritten,
  membershipDump,
  outcomeAs,
  type SeedSpec,
} from '../../support/seed.ts'
import { worded } from '../../support/worded.ts'
import { defaultZohoAndEmptyGroup, fillers, groupInput, seedStaffWorld } from '../../support/worlds.ts'

const db = useTestDatabase()
const prisma = () => db().prisma

/**
 * The staff roster (Priya admin, Mona manager, Tess technician, Vic viewer) and the world: Zoho (default):
 * Zylker, Acme / Alex. Site24x7: Initech / Bea, Mona. Empty: no customers / Alex. Globex in no group.
 * `group(name, customers, users, isDefault)` is the Edit Customer Group input.
 */
async function seed(extra: Partial<SeedSpec> = {}) {
  const { w, priya } = await seedStaffWorld(prisma(), defaultZohoAndEmptyGroup(extra))
  const group = (name: string, customers: string[], users: string[], isDefault = false) =>
    groupInput(w, name, customers, users, isDefault)
  return { w, priya, group }
}

describe('Edit Customer Group', () => {
  it('adding a user associates them with every customer of the group, at once', async () => {
    const { priya, group } = await seed()
    const outcome = outcomeAs(
      await editCustomerGroup(prisma(), priya, group('Zoho', ['Zylker', 'Acme'], ['Alex', 'Bea'], true)),
      'applied',
    )
    expect(outcome.view.added.map((p) => `${p.user}→${p.customer}`).sort()).toEqual([
      'Bea→Acme',
      'Bea→Zylker',
    ])
    await expectMaterializedMatchesDerived(prisma())
    await expectAuditedOnce(prisma(), {
      actorSlackId: 'U1',
      action: 'group.edit',
      targetName: 'Zoho',
      customers: ['Acme', 'Zylker'],
    })
  })

  it('a save that changes nothing writes nothing, not even an audit row', async () => {
    const { priya, group } = await seed()
    const before = await membershipDump(prisma())
    const outcome = outcomeAs(
      await editCustomerGroup(prisma(), priya, group('Zoho', ['Acme', 'Zylker'], ['Alex'], true)),
      'applied',
    )
    expect(outcome.summary).toBe('nothing changed')
    await expectNothingWritten(prisma(), before)
  })

  it('a form opened before someone else changed the group is refused as changed; the current version saves', async () => {
    const { w, priya, group } = await seed()
    const opened = groupFormVersion({
      name: 'Zoho',
      isDefault: true,
      customerIds: w.customerIds('Zylker', 'Acme'),
      userIds: w.userIds('Alex'),
    })
    // Someone adds Bea meanwhile.
    outcomeAs(
      await editCustomerGroup(prisma(), priya, group('Zoho', ['Zylker', 'Acme'], ['Alex', 'Bea'], true)),
      'applied',
    )
    const before = await membershipDump(prisma())
    const stale = await editCustomerGroup(
      prisma(),
      priya,
      group('Zoho', ['Zylker', 'Acme', 'Globex'], ['Alex'], true),
      undefined,
      opened,
    )
    expect(stale).toEqual({ status: 'changed' })
    expect(await membershipDump(prisma())).toEqual(before)
    const now = groupFormVersion({
      name: 'Zoho',
      isDefault: true,
      customerIds: w.customerIds('Zylker', 'Acme'),
      userIds: w.userIds('Alex', 'Bea'),
    })
    outcomeAs(
      await editCustomerGroup(
        prisma(),
        priya,
        group('Zoho', ['Zylker', 'Acme', 'Globex'], ['Alex', 'Bea'], true),
        undefined,
        now,
      ),
      'applied',
    )
  })

  it('renaming only (new case of its own name) is a change: written and audited', async () => {
    const { priya, group } = await seed()
    outcomeAs(
      await editCustomerGroup(prisma(), priya, {
        ...group('Zoho', ['Zylker', 'Acme'], ['Alex'], true),
        name: 'ZOHO',
      }),
      'applied',
    )
    expect((await prisma().customerGroup.findFirstOrThrow({ where: { nameKey: 'zoho' } })).name).toBe('ZOHO')
    expect((await auditRows(prisma())).map((r) => r.action)).toEqual(['group.edit'])
  })

  it('the 21st customer is invalid on the customers field, naming the limit; nothing written', async () => {
    const twenty = fillers(20)
    const { priya, group } = await seed({
      customers: [{ name: 'Zylker' }, ...twenty.map((name) => ({ name }))],
      groups: [{ name: 'Big', customers: twenty, users: ['Alex'] }],
    })
    const before = await membershipDump(prisma())
    const outcome = outcomeAs(
      await editCustomerGroup(prisma(), priya, group('Big', [...twenty, 'Zylker'], ['Alex'])),
      'invalid',
    )
    expect(worded(outcome.problems)).toEqual([
      { field: 'customers', message: 'A customer group holds at most 20 customers; Big would have 21.' },
    ])
    await expectNothingWritten(prisma(), before)
  })

  it('the customers-per-group limit follows the setting', async () => {
    const { priya, group } = await seed({ settings: { maxCustomersPerGroup: 2 } })
    const before = await membershipDump(prisma())
    const outcome = outcomeAs(
      await editCustomerGroup(prisma(), priya, group('Zoho', ['Zylker', 'Acme', 'Globex'], ['Alex'], true)),
      'invalid',
    )
    expect(worded(outcome.problems)).toEqual([
      { field: 'customers', message: 'A customer group holds at most 2 customers; Zoho would have 3.' },
    ])
    expect(await membershipDump(prisma())).toEqual(before)
  })

  it('an 11th group for a user is invalid on the users field; nothing written', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => `G${i + 1}`)
    const { priya, group } = await seed({
      groups: [
        ...ten.map((name) => ({ name, users: ['Bea'] })),
        { name: 'Zoho', customers: ['Zylker'], users: ['Alex'] },
      ],
    })
    const before = await membershipDump(prisma())
    const outcome = outcomeAs(
      await editCustomerGroup(prisma(), priya, group('Zoho', ['Zylker'], ['Alex', 'Bea'])),
      'invalid',
    )
    expect(worded(outcome.problems)).toEqual([
      { field: 'users', message: 'An MSP user can be in at most 10 customer groups; Bea would be in 11.' },
    ])
    expect(await membershipDump(prisma())).toEqual(before)
  })

  it('in exclusive mode a customer already in another group is invalid, naming that group; nothing written', async () => {
    const { priya, group } = await seed({ settings: { groupMode: 'exclusive' } })
    const before = await membershipDump(prisma())
    const outcome = outcomeAs(
      await editCustomerGroup(prisma(), priya, group('Site24x7', ['Initech', 'Zylker'], ['Bea', 'Mona'])),
      'invalid',
    )
    expect(worded(outcome.problems)).toEqual([
      { field: 'customers', message: expect.stringContaining('Zoho') },
    ])
    expect(worded(outcome.problems)[0]?.message).toContain('Zylker is already in Zoho')
    await expectNothingWritten(prisma(), before)
  })

  it('in shared mode the same customer may be in several groups', async () => {
    const { priya, group } = await seed()
    outcomeAs(
      await editCustomerGroup(prisma(), priya, group('Site24x7', ['Initech', 'Zylker'], ['Bea', 'Mona'])),
      'applied',
    )
    expect((await membershipDump(prisma())).groupCustomers).toContain('Site24x7∋Zylker')
    await expectMaterializedMatchesDerived(prisma())
  })

  it('renaming to another group’s name (any case) is invalid on the name field; its own name in new case is fine', async () => {
    const { priya, group } = await seed()
    const before = await membershipDump(prisma())
    const clash = outcomeAs(
      await editCustomerGroup(prisma(), priya, {
        ...group('Site24x7', ['Initech'], ['Bea', 'Mona']),
        name: ' ZOHO ',
      }),
      'invalid',
    )
    expect(worded(clash.problems)).toEqual([{ field: 'name', message: 'A group named Zoho already exists.' }])
    expect(await membershipDump(prisma())).toEqual(before)

    outcomeAs(
      await editCustomerGroup(prisma(), priya, {
        ...group('Site24x7', ['Initech'], ['Bea', 'Mona']),
        name: 'SITE24X7',
      }),
      'applied',
    )
    expect((await membershipDump(prisma())).groups).toContain('SITE24X7')
  })

  it('making another group the default leaves exactly one default', async () => {
    const { priya, group } = await seed()
    outcomeAs(
      await editCustomerGroup(prisma(), priya, group('Site24x7', ['Initech'], ['Bea', 'Mona'], true)),
      'applied',
    )
    const defaults = await prisma().customerGroup.findMany({ where: { isDefault: true } })
    expect(defaults.map((g) => g.name)).toEqual(['Site24x7'])
  })

  it('a viewer is refused (staff.forbidden); nothing written', async () => {
    const { w, group } = await seed()
    const before = await membershipDump(prisma())
    await expect(
      editCustomerGroup(prisma(), w.actor('Vic'), group('Zoho', ['Zylker'], ['Alex'], true)),
    ).rejects.toMatchObject({ problem: { code: 'staff.forbidden' } })
    await expectNothingWritten(prisma(), before)
  })

  it('a manager may not touch a group’s customers she is not associated with (staff.notAssociated)', async () => {
    const { w, group } = await seed()
    const mona = w.actor('Mona')
    const before = await membershipDump(prisma())
    // adding herself to Zoho would associate her with Zylker and Acme
    await expect(
      editCustomerGroup(prisma(), mona, group('Zoho', ['Zylker', 'Acme'], ['Alex', 'Mona'], true)),
    ).rejects.toMatchObject({ problem: { code: 'staff.notAssociated', customers: ['Acme', 'Zylker'] } })
    // putting Globex into her own group touches Globex
    await expect(
      editCustomerGroup(prisma(), mona, group('Site24x7', ['Initech', 'Globex'], ['Bea', 'Mona'])),
    ).rejects.toBeInstanceOf(ServiceError)
    await expectNothingWritten(prisma(), before)

    // her own group's users are hers to change
    outcomeAs(
      await editCustomerGroup(prisma(), mona, group('Site24x7', ['Initech'], ['Bea', 'Mona', 'Alex'])),
      'applied',
    )
    expect(await associationPairs(prisma())).toContain('Alex→Initech')
    await expectMaterializedMatchesDerived(prisma())
  })
})

describe('Add Customer Group', () => {
  it('creates the group with its customers and users and their associations', async () => {
    const { w, priya } = await seed()
    const outcome = await addCustomerGroup(prisma(), priya, {
      name: '  Cloud  ',
      customerIds: w.customerIds('Globex', 'Zylker'),
      userIds: w.userIds('Bea'),
      isDefault: false,
    })
    const applied = outcomeAs(outcome, 'applied')
    expect(outcome.groupId).toEqual(expect.any(Number))
    expect(applied.view.added.map((p) => `${p.user}→${p.customer}`).sort()).toEqual([
      'Bea→Globex',
      'Bea→Zylker',
    ])
    const created = await prisma().customerGroup.findUnique({ where: { id: outcome.groupId ?? -1 } })
    expect(created).toMatchObject({ name: 'Cloud', nameKey: 'cloud', isDefault: false })
    const dump = await membershipDump(prisma())
    expect(dump.groupCustomers).toEqual(expect.arrayContaining(['Cloud∋Globex', 'Cloud∋Zylker']))
    expect(dump.groupMembers).toContain('Cloud∋Bea')
    expect(dump.groups).toContain('Zoho (default)')
    await expectMaterializedMatchesDerived(prisma())
    await expectAuditedOnce(prisma(), {
      actorSlackId: 'U1',
      action: 'group.add',
      targetName: 'Cloud',
      customers: ['Globex', 'Zylker'],
    })
  })

  it('a name that clashes case-insensitively is invalid on the name field; nothing created', async () => {
    const { priya } = await seed()
    const before = await membershipDump(prisma())
    for (const name of ['zoho', ' ZOHO ', 'Zoho']) {
      const outcome = outcomeAs(
        await addCustomerGroup(prisma(), priya, { name, customerIds: [], userIds: [], isDefault: false }),
        'invalid',
      )
      expect(worded(outcome.problems)).toEqual([
        { field: 'name', message: 'A group named Zoho already exists.' },
      ])
    }
    const blank = outcomeAs(
      await addCustomerGroup(prisma(), priya, {
        name: '   ',
        customerIds: [],
        userIds: [],
        isDefault: false,
      }),
      'invalid',
    )
    expect(blank.problems.map((p) => p.field)).toEqual(['name'])
    await expectNothingWritten(prisma(), before)
  })

  it('an invalid new group is rolled back (limit and exclusive mode)', async () => {
    const { w, priya } = await seed({ settings: { groupMode: 'exclusive', maxCustomersPerGroup: 1 } })
    const before = await membershipDump(prisma())
    const tooMany = outcomeAs(
      await addCustomerGroup(prisma(), priya, {
        name: 'Cloud',
        customerIds: w.customerIds('Globex', 'Zylker'),
        userIds: w.userIds('Bea'),
        isDefault: true,
      }),
      'invalid',
    )
    expect(tooMany.problems.map((p) => p.field)).toContain('customers')
    expect(worded(tooMany.problems).map((p) => p.message)).toEqual(
      expect.arrayContaining([
        'A customer group holds at most 1 customers; Cloud would have 2.',
        expect.stringContaining('Zylker is already in Zoho'),
      ]),
    )
    expect(await membershipDump(prisma())).toEqual(before)
    expect(await prisma().customerGroup.count({ where: { nameKey: 'cloud' } })).toBe(0)
    expect(await auditRows(prisma())).toEqual([])

    // the name is free again afterwards
    outcomeAs(
      await addCustomerGroup(prisma(), priya, {
        name: 'Cloud',
        customerIds: w.customerIds('Globex'),
        userIds: w.userIds('Bea'),
        isDefault: false,
      }),
      'applied',
    )
    await expectMaterializedMatchesDerived(prisma())
  })

  it('a new default group leaves exactly one default', async () => {
    const { priya } = await seed()
    outcomeAs(
      await addCustomerGroup(prisma(), priya, {
        name: 'Cloud',
        customerIds: [],
        userIds: [],
        isDefault: true,
      }),
      'applied',
    )
    const defaults = await prisma().customerGroup.findMany({ where: { isDefault: true } })
    expect(defaults.map((g) => g.name)).toEqual(['Cloud'])
  })

  it('needs the manager role, and a manager only with customers she is associated with', async () => {
    const { w } = await seed()
    const before = await membershipDump(prisma())
    await expect(
      addCustomerGroup(prisma(), w.actor('Vic'), {
        name: 'Cloud',
        customerIds: [],
        userIds: [],
        isDefault: false,
      }),
    ).rejects.toMatchObject({ problem: { code: 'staff.forbidden' } })
    await expect(
      addCustomerGroup(prisma(), w.actor('Mona'), {
        name: 'Cloud',
        customerIds: w.customerIds('Zylker'),
        userIds: [],
        isDefault: false,
      }),
    ).rejects.toMatchObject({ problem: { code: 'staff.notAssociated' } })
    await expectNothingWritten(prisma(), before)

    outcomeAs(
      await addCustomerGroup(prisma(), w.actor('Mona'), {
        name: 'Cloud',
        customerIds: w.customerIds('Initech'),
        userIds: w.userIds('Mona', 'Alex'),
        isDefault: false,
      }),
      'applied',
    )
    expect(await associationPairs(prisma())).toContain('Alex→Initech')
    await expectMaterializedMatchesDerived(prisma())
  })
})

describe('Delete Customer Group', () => {
  it('is refused (group.notEmpty) while the group has customers, listing them; nothing changes', async () => {
    const { w, priya } = await seed()
    const before = await membershipDump(prisma())
    const attempt = deleteCustomerGroup(prisma(), priya, w.groupId('Zoho'))
    await expect(attempt).rejects.toBeInstanceOf(ServiceError)
    const refusal = await deleteCustomerGroup(prisma(), priya, w.groupId('Zoho')).catch(
      (e: ServiceError) => e,
    )
    expect(refusal).toMatchObject({
      problem: { code: 'group.notEmpty', group: 'Zoho', customers: ['Acme', 'Zylker'] },
    })
    expect(problemMessage((refusal as ServiceError).problem)).toBe(
      'Zoho still has 2 customers (Acme, Zylker): remove them from the group first.',
    )
    await expectNothingWritten(prisma(), before)
  })

  it('succeeds once the group is empty; associations are untouched', async () => {
    const { w, priya } = await seed()
    const before = await membershipDump(prisma())
    expect(await deleteCustomerGroup(prisma(), priya, w.groupId('Empty'))).toEqual({ name: 'Empty' })
    const after = await membershipDump(prisma())
    expect(after.groups).toEqual(['Site24x7', 'Zoho (default)'])
    expect(after.groupMembers).toEqual(before.groupMembers.filter((m) => !m.startsWith('Empty∋')))
    expect(after.associations).toEqual(before.associations)
    await expectMaterializedMatchesDerived(prisma())
    await expectAuditedOnce(prisma(), {
      actorSlackId: 'U1',
      action: 'group.delete',
      targetType: 'group',
      targetName: 'Empty',
      before: { default: false, users: ['alex@msp.example'] },
    })
  })

  it('emptying a group and then deleting it (two steps) works end to end', async () => {
    const { w, priya, group } = await seed()
    const input = group('Site24x7', [], ['Bea', 'Mona'])
    const preview = outcomeAs(await editCustomerGroup(prisma(), priya, input), 'preview')
    expect(preview.view.removed.map((p) => `${p.user}→${p.customer}`)).toEqual([
      'Mona→Initech',
      'Bea→Initech',
    ])
    outcomeAs(await editCustomerGroup(prisma(), priya, input, preview.hash), 'applied')
    await deleteCustomerGroup(prisma(), priya, w.groupId('Site24x7'))
    expect((await membershipDump(prisma())).groups).toEqual(['Empty', 'Zoho (default)'])
    await expectMaterializedMatchesDerived(prisma())
  })

  it('needs the manager role; an unknown group is gone (record.gone)', async () => {
    const { w, priya } = await seed()
    await expect(deleteCustomerGroup(prisma(), w.actor('Vic'), w.groupId('Empty'))).rejects.toMatchObject({
      problem: { code: 'staff.forbidden' },
    })
    await expect(deleteCustomerGroup(prisma(), priya, 999_999)).rejects.toMatchObject({
      problem: { code: 'record.gone' },
    })
    expect((await membershipDump(prisma())).groups).toContain('Empty')
  })
})
