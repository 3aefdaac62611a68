// The dissociation rules end to end: services → rule engine → database, on a real (embedded) Postgres.
import { describe, expect, it } from 'vitest'
import { editCustomerPreferences } from '../../../src/services/customers/edit-customer-preferences.ts'
import { editCustomerGroup } from '../../../src/services/groups/edit-customer-group.ts'
import { editMspUser } from '../../../src/services/users/edit-msp-user.ts'
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
import {
  groupInput,
  pairOf,
  preferencesInput,
  seedStaffWorld,
  staff,
  userInput,
} from '../../support/worlds.ts'

const db = useTestDatabase()
const prisma = () => db().prisma

/** Priya (admin, U1) and the world each test states. */
const seed = (spec: SeedSpec) => seedStaffWorld(prisma(), spec, [staff.priya])

/** Alex, in Zoho with Zylker, is the Account Contact of Zylker. */
const alexContactOfZylker: SeedSpec = {
  users: [{ name: 'Alex' }],
  customers: [{ name: 'Zylker', accountContact: 'Alex' }],
  groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex'] }],
}

describe('the DESIGN.md example', () => {
  it('deselecting Zoho from Zylker leaves Alex on Zylker (kept via Site24x7), applied without preview', async () => {
    const { w, priya } = await seed({
      users: [{ name: 'Alex' }],
      customers: [{ name: 'Zylker' }],
      groups: [
        { name: 'Zoho', customers: ['Zylker'], users: ['Alex'] },
        { name: 'Site24x7', customers: ['Zylker'], users: ['Alex'] },
      ],
    })
    const outcome = outcomeAs(
      await editCustomerPreferences(prisma(), priya, preferencesInput(w, 'Zylker', { groups: ['Site24x7'] })),
      'applied',
    )
    expect(outcome.view.removed).toEqual([])
    expect(outcome.view.blocked).toEqual([])
    expect(outcome.view.kept).toEqual([
      expect.objectContaining({ user: 'Alex', customer: 'Zylker', keptBy: 'group Site24x7' }),
    ])
    expect(outcome.summary).toBe('Alex kept on Zylker via group Site24x7')

    const dump = await membershipDump(prisma())
    expect(dump.groupCustomers).toEqual(['Site24x7∋Zylker'])
    expect(dump.associations).toEqual(['Alex→Zylker'])
    await expectMaterializedMatchesDerived(prisma())
  })

  it('with Alex only in Zoho, removing Zylker from Zoho previews, then removes Alex from Zylker on confirm', async () => {
    const { w, priya } = await seed({
      users: [{ name: 'Alex' }, { name: 'Bea' }],
      customers: [{ name: 'Zylker' }],
      groups: [
        { name: 'Zoho', customers: ['Zylker'], users: ['Alex'] },
        { name: 'Site24x7', customers: ['Zylker'], users: ['Bea'] },
      ],
    })
    const input = groupInput(w, 'Zoho', [], ['Alex'])
    const before = await membershipDump(prisma())

    const preview = outcomeAs(await editCustomerGroup(prisma(), priya, input), 'preview')
    expect(preview.view.removed).toEqual([pairOf(w, 'Alex', 'Zylker')])
    expect(preview.view.blocked).toEqual([])
    expect(preview.hash).toMatch(/^[0-9a-f]{32}$/)
    await expectNothingWritten(prisma(), before)

    const applied = outcomeAs(await editCustomerGroup(prisma(), priya, input, preview.hash), 'applied')
    expect(applied.summary).toBe('Alex removed from Zylker')
    const after = await membershipDump(prisma())
    expect(after.groupCustomers).toEqual(['Site24x7∋Zylker'])
    expect(after.groupMembers).toEqual(['Site24x7∋Bea', 'Zoho∋Alex'])
    expect(after.associations).toEqual(['Bea→Zylker'])
    expect(
      await prisma().association.findUnique({
        where: { mspUserId_customerId: { mspUserId: w.userId('Alex'), customerId: w.customerId('Zylker') } },
      }),
    ).toBeNull()
    await expectMaterializedMatchesDerived(prisma())
    await expectAuditedOnce(prisma(), {
      actorSlackId: 'U1',
      actorName: 'Priya',
      action: 'group.edit',
      targetType: 'group',
      targetName: 'Zoho',
      customers: ['Zylker'],
    })
  })

  it('a direct link keeps the pair when the last shared group goes', async () => {
    const { w, priya } = await seed({
      users: [{ name: 'Alex' }],
      customers: [{ name: 'Zylker', directUsers: ['Alex'] }],
      groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex'] }],
    })
    const outcome = outcomeAs(
      await editCustomerGroup(prisma(), priya, groupInput(w, 'Zoho', [], ['Alex'])),
      'applied',
    )
    expect(outcome.summary).toBe('Alex kept on Zylker via a direct link')
    expect(await associationPairs(prisma())).toEqual(['Alex→Zylker'])
    await expectMaterializedMatchesDerived(prisma())
  })
})

describe('blocked removals', () => {
  it('the Account Contact cannot be removed (Edit Customer Group): reason, fix, nothing written, audited', async () => {
    const { w, priya } = await seed(alexContactOfZylker)
    const before = await membershipDump(prisma())
    const outcome = outcomeAs(
      await editCustomerGroup(prisma(), priya, {
        ...groupInput(w, 'Zoho', [], ['Alex']),
        name: 'Zoho Renamed',
      }),
      'blocked',
    )
    expect(outcome.view.blocked).toEqual([
      {
        ...pairOf(w, 'Alex', 'Zylker'),
        reason: 'Alex is the Account Contact of Zylker',
        fix: 'change the Account Contact of Zylker first',
        fixAction: { kind: 'change-account-contact' },
      },
    ])
    // nothing at all changed, not even the group's name
    await expectNothingWritten(prisma(), before, ['group.edit.blocked'])
    const audit = await expectAuditedOnce(prisma(), {
      actorSlackId: 'U1',
      action: 'group.edit.blocked',
      targetName: 'Zoho',
      customers: ['Zylker'],
      after: {
        blocked: [
          {
            user: 'Alex',
            customer: 'Zylker',
            reason: 'Alex is the Account Contact of Zylker',
            fix: 'change the Account Contact of Zylker first',
          },
        ],
      },
    })
    expect(audit.action.endsWith('.blocked')).toBe(true)
  })

  it('the Account Contact cannot be removed (Edit Customer Preferences, contact left unchanged)', async () => {
    const { w, priya } = await seed(alexContactOfZylker)
    const before = await membershipDump(prisma())
    const outcome = await editCustomerPreferences(
      prisma(),
      priya,
      preferencesInput(w, 'Zylker', { accountContact: 'Alex' }),
    )
    const blocked = outcomeAs(outcome, 'blocked')
    expect(blocked.view.blocked).toEqual([
      expect.objectContaining({
        user: 'Alex',
        customer: 'Zylker',
        reason: 'Alex is the Account Contact of Zylker',
        fix: 'change the Account Contact of Zylker first',
      }),
    ])
    await expectNothingWritten(prisma(), before, ['customer.preferences.blocked'])
  })

  it('the Account Contact cannot be removed (Edit User)', async () => {
    const { w, priya } = await seed(alexContactOfZylker)
    const before = await membershipDump(prisma())
    const outcome = outcomeAs(await editMspUser(prisma(), priya, userInput(w, 'Alex', [])), 'blocked')
    expect(outcome.view.blocked.map((b) => b.fix)).toEqual(['change the Account Contact of Zylker first'])
    await expectNothingWritten(prisma(), before, ['user.edit.blocked'])
  })

  it('the last member of an alert group cannot be removed', async () => {
    const { w, priya } = await seed({
      users: [{ name: 'Alex' }],
      customers: [{ name: 'Zylker', alertGroups: [{ name: 'Ops', members: ['Alex'] }] }],
      groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex'] }],
    })
    const before = await membershipDump(prisma())
    const outcome = outcomeAs(
      await editCustomerGroup(prisma(), priya, groupInput(w, 'Zoho', [], ['Alex'])),
      'blocked',
    )
    expect(outcome.view.blocked).toEqual([
      {
        ...pairOf(w, 'Alex', 'Zylker'),
        reason: 'removing Alex would leave alert group Ops of Zylker with no members',
        fix: 'remove Alex from alert group Ops or delete the group first',
        fixAction: expect.objectContaining({
          kind: 'remove-from-alert-group',
          alertGroupId: w.alertGroupId('Zylker', 'Ops'),
        }),
      },
    ])
    await expectNothingWritten(prisma(), before, ['group.edit.blocked'])
  })

  it('two members of one alert group removed in one save are both blocked, naming each', async () => {
    const { w, priya } = await seed({
      users: [{ name: 'Alex' }, { name: 'Bea' }, { name: 'Carl' }],
      customers: [{ name: 'Zylker', alertGroups: [{ name: 'Ops', members: ['Alex', 'Bea'] }] }],
      groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex', 'Bea', 'Carl'] }],
    })
    const before = await membershipDump(prisma())
    const outcome = outcomeAs(
      await editCustomerGroup(prisma(), priya, groupInput(w, 'Zoho', [], ['Alex', 'Bea', 'Carl'])),
      'blocked',
    )
    expect(outcome.view.blocked.map((b) => b.fix)).toEqual([
      'remove Alex from alert group Ops or delete the group first',
      'remove Bea from alert group Ops or delete the group first',
    ])
    // Carl is not blocked by himself, but the save is judged as a whole: nothing is written
    expect(outcome.view.removed.map((p) => p.user)).toEqual(['Carl'])
    await expectNothingWritten(prisma(), before, ['group.edit.blocked'])
  })

  it('removing one of two members of an alert group (via Edit User) is blocked only when both go', async () => {
    const { w, priya } = await seed({
      users: [{ name: 'Alex' }, { name: 'Bea' }],
      customers: [{ name: 'Zylker', alertGroups: [{ name: 'Ops', members: ['Alex', 'Bea'] }] }],
      groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex', 'Bea'] }],
    })
    const preview = outcomeAs(await editMspUser(prisma(), priya, userInput(w, 'Alex', [])), 'preview')
    expect(preview.view.removed.map((p) => `${p.user}→${p.customer}`)).toEqual(['Alex→Zylker'])
  })

  it('a blocked plan cannot be forced through with its own hash', async () => {
    const { w, priya } = await seed(alexContactOfZylker)
    const before = await membershipDump(prisma())
    const input = groupInput(w, 'Zoho', [], ['Alex'])
    const blocked = outcomeAs(await editCustomerGroup(prisma(), priya, input), 'blocked')
    outcomeAs(await editCustomerGroup(prisma(), priya, input, blocked.hash), 'blocked')
    await expectNothingWritten(prisma(), before, ['group.edit.blocked', 'group.edit.blocked'])
  })

  it('blocked reasons on several customers and both kinds are all reported; every table is unchanged', async () => {
    const { w, priya } = await seed({
      users: [{ name: 'Alex' }, { name: 'Bea' }],
      customers: [
        { name: 'Zylker', accountContact: 'Alex', alertGroups: [{ name: 'Ops', members: ['Alex'] }] },
        { name: 'Acme', alertGroups: [{ name: 'Night', members: ['Alex'] }] },
        { name: 'Initech' },
      ],
      groups: [{ name: 'Zoho', customers: ['Zylker', 'Acme', 'Initech'], users: ['Alex', 'Bea'] }],
    })
    const before = await membershipDump(prisma())
    const outcome = outcomeAs(await editMspUser(prisma(), priya, userInput(w, 'Alex', [])), 'blocked')
    expect(outcome.view.blocked.map((b) => `${b.customer}: ${b.fix}`).sort()).toEqual([
      'Acme: remove Alex from alert group Night or delete the group first',
      'Zylker: change the Account Contact of Zylker first',
      'Zylker: remove Alex from alert group Ops or delete the group first',
    ])
    await expectNothingWritten(prisma(), before, ['user.edit.blocked'])
    await expectAuditedOnce(prisma(), {
      action: 'user.edit.blocked',
      targetName: 'alex@msp.example',
      customers: expect.arrayContaining(['Acme', 'Zylker']),
    })
  })
})

describe('what goes with a removed pair', () => {
  it('changing the Account Contact in the same save as removing the old one is allowed', async () => {
    const { w, priya } = await seed({
      users: [{ name: 'Alex' }, { name: 'Bea' }],
      customers: [{ name: 'Zylker', accountContact: 'Alex', directUsers: ['Bea'] }],
      groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex'] }],
    })
    const input = preferencesInput(w, 'Zylker', { directUsers: ['Bea'], accountContact: 'Bea' })
    const preview = outcomeAs(await editCustomerPreferences(prisma(), priya, input), 'preview')
    expect(preview.view.removed.map((p) => `${p.user}→${p.customer}`)).toEqual(['Alex→Zylker'])
    expect(preview.view.blocked).toEqual([])
    // still unchanged after the preview
    expect((await membershipDump(prisma())).accountContacts).toEqual(['Zylker:Alex'])

    const applied = outcomeAs(await editCustomerPreferences(prisma(), priya, input, preview.hash), 'applied')
    expect(applied.summary).toBe('Alex removed from Zylker')
    const after = await membershipDump(prisma())
    expect(after.accountContacts).toEqual(['Zylker:Bea'])
    expect(after.associations).toEqual(['Bea→Zylker'])
    expect(after.groupCustomers).toEqual([])
    await expectMaterializedMatchesDerived(prisma())
    await expectAuditedOnce(prisma(), {
      actorSlackId: 'U1',
      action: 'customer.preferences',
      targetType: 'customer',
      targetName: 'Zylker',
      customers: ['Zylker'],
      before: { accountContact: 'alex@msp.example' },
      after: { accountContact: 'bea@msp.example', associations: 'Alex removed from Zylker' },
    })
  })

  it('a removed pair leaves its alert groups when other members remain; other customers’ groups stay', async () => {
    const { w, priya } = await seed({
      users: [{ name: 'Alex' }, { name: 'Bea' }],
      customers: [
        { name: 'Zylker', alertGroups: [{ name: 'Ops', members: ['Alex', 'Bea'] }] },
        { name: 'Acme', alertGroups: [{ name: 'Ops', members: ['Alex'] }] },
      ],
      groups: [
        { name: 'Zoho', customers: ['Zylker'], users: ['Alex', 'Bea'] },
        { name: 'Site24x7', customers: ['Acme'], users: ['Alex'] },
      ],
    })
    // Alex leaves Zoho via Edit User, which removes him from Zylker only
    const preview = outcomeAs(
      await editMspUser(prisma(), priya, userInput(w, 'Alex', ['Site24x7'])),
      'preview',
    )
    expect(preview.view.removed.map((p) => `${p.user}→${p.customer}`)).toEqual(['Alex→Zylker'])
    expect((await membershipDump(prisma())).alertGroupMembers).toEqual([
      'Acme/Ops∋Alex',
      'Zylker/Ops∋Alex',
      'Zylker/Ops∋Bea',
    ])

    outcomeAs(await editMspUser(prisma(), priya, userInput(w, 'Alex', ['Site24x7']), preview.hash), 'applied')
    const after = await membershipDump(prisma())
    expect(after.alertGroupMembers).toEqual(['Acme/Ops∋Alex', 'Zylker/Ops∋Bea'])
    expect(after.associations).toEqual(['Alex→Acme', 'Bea→Zylker'])
    await expectMaterializedMatchesDerived(prisma())
  })

  it('a kept pair keeps its alert groups', async () => {
    const { w, priya } = await seed({
      users: [{ name: 'Alex' }],
      customers: [{ name: 'Zylker', alertGroups: [{ name: 'Ops', members: ['Alex'] }] }],
      groups: [
        { name: 'Zoho', customers: ['Zylker'], users: ['Alex'] },
        { name: 'Site24x7', customers: ['Zylker'], users: ['Alex'] },
      ],
    })
    outcomeAs(await editCustomerGroup(prisma(), priya, groupInput(w, 'Zoho', [], ['Alex'])), 'applied')
    expect((await membershipDump(prisma())).alertGroupMembers).toEqual(['Zylker/Ops∋Alex'])
    await expectMaterializedMatchesDerived(prisma())
  })

  it('a direct user deselected from a customer keeps the pair while a group links them', async () => {
    const { w, priya } = await seed({
      users: [{ name: 'Alex' }, { name: 'Bea' }],
      customers: [{ name: 'Zylker', directUsers: ['Alex', 'Bea'] }],
      groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex'] }],
    })
    const input = preferencesInput(w, 'Zylker', { groups: ['Zoho'] })
    const preview = outcomeAs(await editCustomerPreferences(prisma(), priya, input), 'preview')
    expect(preview.view.removed.map((p) => p.user)).toEqual(['Bea'])
    expect(preview.view.kept.map((p) => `${p.user} via ${p.keptBy}`)).toEqual(['Alex via group Zoho'])
    const applied = outcomeAs(await editCustomerPreferences(prisma(), priya, input, preview.hash), 'applied')
    expect(applied.summary).toBe('Bea removed from Zylker; Alex kept on Zylker via group Zoho')
    expect(await associationPairs(prisma())).toEqual(['Alex→Zylker'])
    expect((await membershipDump(prisma())).directLinks).toEqual([])
    await expectMaterializedMatchesDerived(prisma())
  })
})
