// Edit Customer Preferences end to end: groups, direct MSP users and Account Contact of one customer.
import { describe, expect, it } from 'vitest'
import type { StaffActor } from '../../../src/services/actor.ts'
import { editCustomerPreferences } from '../../../src/services/customers/edit-customer-preferences.ts'
import { ServiceError } from '../../../src/services/errors.ts'
import { useTestDatabase } from '../../support/db.ts'
import {
  auditRows,
  expectAuditedOnce,
  expectMaterializedMatchesDerived,
  expectNothingWritten,
  membershipDump,
  outcomeAs,
  type SeededWorld,
  type SeedSpec,
} from '../../support/seed.ts'
import { worded } from '../../support/worded.ts'
import {
  fillers,
  type PreferencesSelection,
  preferencesInput,
  seedStaffWorld,
  zylkerInZohoAcmeInSite24x7,
} from '../../support/worlds.ts'

const db = useTestDatabase()
const prisma = () => db().prisma

/**
 * The staff roster (Priya admin, Mona manager, Tess technician, Vic viewer) and the world: Zylker in Zoho
 * (Alex); Acme in Site24x7 (Bea, Mona) with Tess and Vic linked directly; Carl in no group.
 */
const seed = (extra: Partial<SeedSpec> = {}) => seedStaffWorld(prisma(), zylkerInZohoAcmeInSite24x7(extra))

/** Extra: Alex is the Account Contact of Zylker. */
const alexContactOfZylker: Partial<SeedSpec> = {
  customers: [
    { name: 'Zylker', accountContact: 'Alex' },
    { name: 'Acme', directUsers: ['Tess', 'Vic'] },
  ],
}

/** Extra: Alex is the Account Contact of Zylker, and Carl joins Alex in Zoho. */
const alexContactCarlInZoho: Partial<SeedSpec> = {
  ...alexContactOfZylker,
  groups: [
    { name: 'Zoho', customers: ['Zylker'], users: ['Alex', 'Carl'] },
    { name: 'Site24x7', customers: ['Acme'], users: ['Bea', 'Mona'] },
  ],
}

/** Extra: a group Full already holding 20 customers (Filler 01–20, with Carl); Tess and Vic on no customer. */
const fullGroup: Partial<SeedSpec> = {
  customers: [{ name: 'Zylker' }, { name: 'Acme' }, ...fillers(20).map((name) => ({ name }))],
  groups: [
    { name: 'Zoho', customers: ['Zylker'], users: ['Alex'] },
    { name: 'Site24x7', customers: ['Acme'], users: ['Bea', 'Mona'] },
    { name: 'Full', customers: fillers(20), users: ['Carl'] },
  ],
}

/** Edit Customer Preferences of Zylker: as seeded (in Zoho, no direct users, no Account Contact) but for `change`. */
const zylker = (w: SeededWorld, change: PreferencesSelection = {}) =>
  preferencesInput(w, 'Zylker', { groups: ['Zoho'], ...change })

describe('adding associations', () => {
  it('adding a direct user and a group applies at once (no preview) and writes the new pairs', async () => {
    const { w, priya } = await seed()
    const outcome = outcomeAs(
      await editCustomerPreferences(
        prisma(),
        priya,
        zylker(w, { groups: ['Zoho', 'Site24x7'], directUsers: ['Carl'] }),
      ),
      'applied',
    )
    expect(outcome.view.added.map((p) => `${p.user}→${p.customer}`)).toEqual([
      'Mona→Zylker',
      'Bea→Zylker',
      'Carl→Zylker',
    ])
    expect(outcome.summary).toBe('Mona added to Zylker; Bea added to Zylker; Carl added to Zylker')
    const dump = await membershipDump(prisma())
    expect(dump.groupCustomers).toEqual(['Site24x7∋Acme', 'Site24x7∋Zylker', 'Zoho∋Zylker'])
    expect(dump.directLinks).toEqual(['Carl→Zylker', 'Tess→Acme', 'Vic→Acme'])
    await expectMaterializedMatchesDerived(prisma())
    await expectAuditedOnce(prisma(), {
      actorSlackId: 'U1',
      actorName: 'Priya',
      action: 'customer.preferences',
      targetType: 'customer',
      targetName: 'Zylker',
      customers: ['Zylker'],
    })
  })

  it('a new Account Contact may be made associated in the same save', async () => {
    const { w, priya } = await seed()
    outcomeAs(
      await editCustomerPreferences(
        prisma(),
        priya,
        zylker(w, { directUsers: ['Carl'], accountContact: 'Carl' }),
      ),
      'applied',
    )
    expect((await membershipDump(prisma())).accountContacts).toContain('Zylker:Carl')
    await expectMaterializedMatchesDerived(prisma())
  })

  it('an Account Contact who would not be associated is refused on the accountContact field', async () => {
    const { w, priya } = await seed()
    const before = await membershipDump(prisma())
    const outcome = outcomeAs(
      await editCustomerPreferences(prisma(), priya, zylker(w, { accountContact: 'Carl' })),
      'invalid',
    )
    expect(worded(outcome.problems)).toEqual([
      { field: 'accountContact', message: expect.stringContaining('Carl') },
    ])
    await expectNothingWritten(prisma(), before)
  })

  it('the Account Contact may be emptied', async () => {
    const { w, priya } = await seed(alexContactOfZylker)
    outcomeAs(await editCustomerPreferences(prisma(), priya, zylker(w, { accountContact: null })), 'applied')
    expect((await membershipDump(prisma())).accountContacts).toContain('Zylker:-')
    const audit = await auditRows(prisma())
    expect(audit[0]).toMatchObject({
      before: { accountContact: 'alex@msp.example' },
      after: { accountContact: null },
    })
  })

  it('an unknown customer or Account Contact is gone (record.gone)', async () => {
    const { w, priya } = await seed()
    await expect(
      editCustomerPreferences(prisma(), priya, { ...zylker(w), customerId: 999_999 }),
    ).rejects.toMatchObject({ problem: { code: 'record.gone' } })
    await expect(
      editCustomerPreferences(prisma(), priya, { ...zylker(w), accountContactId: 999_999 }),
    ).rejects.toMatchObject({ problem: { code: 'record.gone' } })
  })
})

describe('emptying the customer', () => {
  it('deselecting every group and direct user previews every removal, then applies them on confirm', async () => {
    const { w, priya } = await seed({
      customers: [{ name: 'Zylker', directUsers: ['Carl'] }, { name: 'Acme' }],
    })
    const input = zylker(w, { groups: [], directUsers: [] })
    const before = await membershipDump(prisma())
    const preview = outcomeAs(await editCustomerPreferences(prisma(), priya, input), 'preview')
    expect(preview.view.removed.map((p) => p.user)).toEqual(['Alex', 'Carl'])
    expect(await membershipDump(prisma())).toEqual(before)

    const applied = outcomeAs(await editCustomerPreferences(prisma(), priya, input, preview.hash), 'applied')
    expect(applied.summary).toBe('Alex removed from Zylker; Carl removed from Zylker')
    const after = await membershipDump(prisma())
    expect(after.associations).toEqual(['Bea→Acme', 'Mona→Acme'])
    expect(after.groupMembers).toEqual(before.groupMembers) // Alex stays in Zoho
    await expectMaterializedMatchesDerived(prisma())
  })
})

describe('limits through Edit Customer Preferences', () => {
  it('selecting a group that is full is invalid on the groups field; nothing written', async () => {
    const { w, priya } = await seed(fullGroup)
    const before = await membershipDump(prisma())
    const outcome = outcomeAs(
      await editCustomerPreferences(prisma(), priya, zylker(w, { groups: ['Zoho', 'Full'] })),
      'invalid',
    )
    expect(worded(outcome.problems)).toEqual([
      {
        field: 'groups',
        message: 'A customer group holds at most 20 customers; Full would have 21.',
      },
    ])
    await expectNothingWritten(prisma(), before)
  })

  it('in exclusive mode, a second group for the customer is invalid and names the group it is in', async () => {
    const { w, priya } = await seed({ settings: { groupMode: 'exclusive' } })
    const before = await membershipDump(prisma())
    const outcome = outcomeAs(
      await editCustomerPreferences(prisma(), priya, zylker(w, { groups: ['Zoho', 'Site24x7'] })),
      'invalid',
    )
    expect(worded(outcome.problems)).toEqual([{ field: 'groups', message: expect.stringContaining('Zoho') }])
    expect(worded(outcome.problems)[0]?.message).toContain('Zylker is already in Zoho')
    expect(await membershipDump(prisma())).toEqual(before)
  })

  it('in exclusive mode, moving the customer from one group to another is fine', async () => {
    const { w, priya } = await seed({ settings: { groupMode: 'exclusive' } })
    const input = zylker(w, { groups: ['Site24x7'] })
    const preview = outcomeAs(await editCustomerPreferences(prisma(), priya, input), 'preview')
    outcomeAs(await editCustomerPreferences(prisma(), priya, input, preview.hash), 'applied')
    expect((await membershipDump(prisma())).groupCustomers).toEqual(['Site24x7∋Acme', 'Site24x7∋Zylker'])
    await expectMaterializedMatchesDerived(prisma())
  })
})

describe('roles and customer scope', () => {
  it('viewers and technicians may not edit preferences (staff.forbidden), and nothing is written', async () => {
    const { w } = await seed()
    const before = await membershipDump(prisma())
    for (const name of ['Vic', 'Tess']) {
      const actor: StaffActor = w.actor(name)
      const attempt = editCustomerPreferences(
        prisma(),
        actor,
        preferencesInput(w, 'Acme', { directUsers: ['Carl'] }),
      )
      await expect(attempt).rejects.toMatchObject({ problem: { code: 'staff.forbidden' } })
    }
    await expectNothingWritten(prisma(), before)
  })

  it('a manager not associated with the customer is refused (staff.notAssociated) and nothing is written', async () => {
    const { w } = await seed()
    const mona = w.actor('Mona')
    const before = await membershipDump(prisma())
    const attempt = editCustomerPreferences(prisma(), mona, zylker(w, { directUsers: ['Carl'] }))
    await expect(attempt).rejects.toBeInstanceOf(ServiceError)
    await expect(
      editCustomerPreferences(prisma(), mona, zylker(w, { directUsers: ['Carl'] })),
    ).rejects.toMatchObject({ problem: { code: 'staff.notAssociated', customers: ['Zylker'] } })
    // adding herself is no way in either
    await expect(
      editCustomerPreferences(prisma(), mona, zylker(w, { directUsers: ['Mona'] })),
    ).rejects.toMatchObject({ problem: { code: 'staff.notAssociated' } })
    // nor is removing
    await expect(editCustomerPreferences(prisma(), mona, zylker(w, { groups: [] }))).rejects.toMatchObject({
      problem: { code: 'staff.notAssociated' },
    })
    await expectNothingWritten(prisma(), before)
  })

  it('a manager associated with the customer may edit it', async () => {
    const { w } = await seed()
    const mona = w.actor('Mona')
    outcomeAs(
      await editCustomerPreferences(
        prisma(),
        mona,
        preferencesInput(w, 'Acme', {
          groups: ['Site24x7'],
          directUsers: ['Tess', 'Vic', 'Carl'],
          accountContact: 'Bea',
        }),
      ),
      'applied',
    )
    const dump = await membershipDump(prisma())
    expect(dump.accountContacts).toContain('Acme:Bea')
    expect(dump.directLinks).toContain('Carl→Acme')
    await expectMaterializedMatchesDerived(prisma())
    const audit = await auditRows(prisma())
    expect(audit[0]).toMatchObject({ actorSlackId: 'U2', actorName: 'Mona', action: 'customer.preferences' })
  })

  it('a manager not associated with the customer cannot change only its Account Contact either', async () => {
    const { w } = await seed(alexContactCarlInZoho)
    const before = await membershipDump(prisma())
    // no membership changes at all: only the Account Contact of Zylker, a customer Mona is not associated with
    await expect(
      editCustomerPreferences(prisma(), w.actor('Mona'), zylker(w, { accountContact: 'Carl' })),
    ).rejects.toMatchObject({ problem: { code: 'staff.notAssociated' } })
    expect(await membershipDump(prisma())).toEqual(before)
  })

  it('a manager not associated with the customer is refused before the form is validated (no details leak)', async () => {
    const { w } = await seed(fullGroup)
    const before = await membershipDump(prisma())
    // Zylker is not Mona's: the answer is staff.notAssociated, not "Full would have 21"
    await expect(
      editCustomerPreferences(prisma(), w.actor('Mona'), zylker(w, { groups: ['Zoho', 'Full'] })),
    ).rejects.toMatchObject({ problem: { code: 'staff.notAssociated' } })
    expect(await membershipDump(prisma())).toEqual(before)
  })

  it('an Account Contact change alone is audited against the customer', async () => {
    const { w, priya } = await seed(alexContactCarlInZoho)
    outcomeAs(
      await editCustomerPreferences(prisma(), priya, zylker(w, { accountContact: 'Carl' })),
      'applied',
    )
    await expectAuditedOnce(prisma(), {
      action: 'customer.preferences',
      targetName: 'Zylker',
      customers: ['Zylker'],
    })
  })
})
