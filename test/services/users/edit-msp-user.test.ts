// Edit User end to end: an MSP user's role (admins only) and customer groups.
import { describe, expect, it } from 'vitest'
import { editMspUser, type MspUserInput } from '../../../src/services/users/edit-msp-user.ts'
import { useTestDatabase } from '../../support/db.ts'
import {
  associationPairs,
  expectAuditedOnce,
  expectMaterializedMatchesDerived,
  expectNothingWritten,
  membershipDump,
  outcomeAs,
  type SeedSpec,
} from '../../support/seed.ts'
import { worded } from '../../support/worded.ts'
import { alexInTwoGroups, seedStaffWorld, userInput } from '../../support/worlds.ts'

const db = useTestDatabase()
const prisma = () => db().prisma

/**
 * The staff roster (Priya admin, Mona manager, Tess technician, Vic viewer) and the world: Zoho: Zylker,
 * Acme / Alex. Site24x7: Acme / Alex, Mona. Cloud: Globex / nobody. `alex(groups, role)` edits Alex.
 */
async function seed(extra: Partial<SeedSpec> = {}) {
  const { w, priya } = await seedStaffWorld(prisma(), alexInTwoGroups(extra))
  const alex = (groups: string[], role: MspUserInput['role'] = 'technician') =>
    userInput(w, 'Alex', groups, role)
  return { w, priya, alex }
}

const roleOf = async (name: string) => (await prisma().mspUser.findFirst({ where: { name } }))?.role

describe('groups of a user', () => {
  it('removing a group previews (removed and kept pairs), then applies on confirm', async () => {
    const { priya, alex } = await seed()
    const before = await membershipDump(prisma())
    const preview = outcomeAs(await editMspUser(prisma(), priya, alex(['Site24x7'])), 'preview')
    expect(preview.view.removed.map((p) => `${p.user}→${p.customer}`)).toEqual(['Alex→Zylker'])
    expect(preview.view.kept.map((p) => `${p.user}→${p.customer} via ${p.keptBy}`)).toEqual([
      'Alex→Acme via group Site24x7',
    ])
    await expectNothingWritten(prisma(), before)

    const applied = outcomeAs(await editMspUser(prisma(), priya, alex(['Site24x7']), preview.hash), 'applied')
    expect(applied.summary).toBe('Alex removed from Zylker; Alex kept on Acme via group Site24x7')
    const after = await membershipDump(prisma())
    expect(after.groupMembers).toEqual(['Site24x7∋Alex', 'Site24x7∋Mona'])
    expect(after.associations).toEqual(['Alex→Acme', 'Mona→Acme'])
    await expectMaterializedMatchesDerived(prisma())
    await expectAuditedOnce(prisma(), {
      actorSlackId: 'U1',
      actorName: 'Priya',
      action: 'user.edit',
      targetType: 'user',
      targetName: 'alex@msp.example',
      customers: ['Acme', 'Zylker'],
    })
  })

  it('adding a group applies at once', async () => {
    const { priya, alex } = await seed()
    const outcome = outcomeAs(
      await editMspUser(prisma(), priya, alex(['Zoho', 'Site24x7', 'Cloud'])),
      'applied',
    )
    expect(outcome.summary).toBe('Alex added to Globex')
    expect(await associationPairs(prisma())).toContain('Alex→Globex')
    await expectMaterializedMatchesDerived(prisma())
  })

  it('an 11th group is invalid on the groups field; nothing written', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => `G${String(i + 1).padStart(2, '0')}`)
    const { priya, alex } = await seed({
      groups: [...ten.map((name) => ({ name, users: ['Alex'] })), { name: 'Zoho' }],
    })
    const before = await membershipDump(prisma())
    const outcome = outcomeAs(await editMspUser(prisma(), priya, alex([...ten, 'Zoho'])), 'invalid')
    expect(worded(outcome.problems)).toEqual([
      { field: 'groups', message: 'An MSP user can be in at most 10 customer groups; Alex would be in 11.' },
    ])
    await expectNothingWritten(prisma(), before)
  })

  it('the groups-per-user limit follows the setting', async () => {
    const { priya, alex } = await seed({ settings: { maxGroupsPerUser: 2 } })
    const before = await membershipDump(prisma())
    const outcome = outcomeAs(
      await editMspUser(prisma(), priya, alex(['Zoho', 'Site24x7', 'Cloud'])),
      'invalid',
    )
    expect(worded(outcome.problems)).toEqual([
      { field: 'groups', message: 'An MSP user can be in at most 2 customer groups; Alex would be in 3.' },
    ])
    expect(await membershipDump(prisma())).toEqual(before)
  })
})

describe('role', () => {
  it('an admin changes a role; the role is audited', async () => {
    const { priya, alex } = await seed()
    outcomeAs(await editMspUser(prisma(), priya, alex(['Zoho', 'Site24x7'], 'manager')), 'applied')
    expect(await roleOf('Alex')).toBe('manager')
    await expectAuditedOnce(prisma(), {
      action: 'user.edit',
      before: { role: 'technician' },
      after: { role: 'manager' },
    })
  })

  it('a manager changing a role is refused (staff.forbidden); nothing written', async () => {
    const { w, alex } = await seed()
    const before = await membershipDump(prisma())
    await expect(
      editMspUser(prisma(), w.actor('Mona'), alex(['Zoho', 'Site24x7'], 'manager')),
    ).rejects.toMatchObject({ problem: { code: 'staff.forbidden' } })
    await expect(
      editMspUser(prisma(), w.actor('Mona'), alex(['Zoho', 'Site24x7'], 'admin')),
    ).rejects.toMatchObject({ problem: { code: 'staff.forbidden', needed: 'admin', actual: 'manager' } })
    await expectNothingWritten(prisma(), before)
  })

  it('the last admin cannot be demoted (invalid on the role field); with a second admin it works', async () => {
    const { w, priya } = await seed()
    const before = await membershipDump(prisma())
    const demoteSelf = { userId: w.userId('Priya'), role: 'manager' as const, groupIds: [] }
    const outcome = outcomeAs(await editMspUser(prisma(), priya, demoteSelf), 'invalid')
    expect(worded(outcome.problems)).toEqual([
      { field: 'role', message: 'Priya is the last admin; make someone else admin first.' },
    ])
    expect(await membershipDump(prisma())).toEqual(before)

    outcomeAs(await editMspUser(prisma(), priya, userInput(w, 'Mona', ['Site24x7'], 'admin')), 'applied')
    outcomeAs(await editMspUser(prisma(), priya, demoteSelf), 'applied')
    expect(await roleOf('Priya')).toBe('manager')
    expect(await roleOf('Mona')).toBe('admin')
  })

  it('a role change together with a group removal waits for the confirm, and a blocked save writes no role', async () => {
    const { w, priya, alex } = await seed()
    const preview = outcomeAs(await editMspUser(prisma(), priya, alex(['Site24x7'], 'manager')), 'preview')
    expect(await roleOf('Alex')).toBe('technician')
    outcomeAs(await editMspUser(prisma(), priya, alex(['Site24x7'], 'manager'), preview.hash), 'applied')
    expect(await roleOf('Alex')).toBe('manager')
    await expectMaterializedMatchesDerived(prisma())

    // Alex becomes the Account Contact of Acme: leaving every group is now blocked
    await prisma().customer.update({
      where: { nameKey: 'acme' },
      data: { accountContactId: w.userId('Alex') },
    })
    const before = await membershipDump(prisma())
    outcomeAs(await editMspUser(prisma(), priya, alex([], 'technician')), 'blocked')
    expect(await roleOf('Alex')).toBe('manager')
    expect(await membershipDump(prisma())).toEqual(before)
  })
})

describe('roles and customer scope', () => {
  it('a viewer is refused (staff.forbidden) even for a groups-only change', async () => {
    const { w, alex } = await seed()
    const before = await membershipDump(prisma())
    await expect(editMspUser(prisma(), w.actor('Vic'), alex(['Zoho']))).rejects.toMatchObject({
      problem: { code: 'staff.forbidden' },
    })
    await expectNothingWritten(prisma(), before)
  })

  it('a manager may change groups only on customers associated with her', async () => {
    const { w, alex } = await seed()
    const mona = w.actor('Mona')
    const before = await membershipDump(prisma())
    // adding Alex to Cloud touches Globex, which Mona is not associated with
    await expect(editMspUser(prisma(), mona, alex(['Zoho', 'Site24x7', 'Cloud']))).rejects.toMatchObject({
      problem: { code: 'staff.notAssociated', customers: expect.arrayContaining(['Globex']) },
    })
    // removing Alex from Zoho touches Zylker
    await expect(editMspUser(prisma(), mona, alex(['Site24x7']))).rejects.toMatchObject({
      problem: { code: 'staff.notAssociated' },
    })
    await expectNothingWritten(prisma(), before)
  })

  it('an unknown user is gone (record.gone)', async () => {
    const { priya } = await seed()
    await expect(
      editMspUser(prisma(), priya, { userId: 999_999, role: 'viewer', groupIds: [] }),
    ).rejects.toMatchObject({ problem: { code: 'record.gone' } })
  })
})
