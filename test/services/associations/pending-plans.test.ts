// Previewed saves waiting for Confirm: applied exactly once, only as previewed, only by whoever previewed.
import { describe, expect, it } from 'vitest'
import {
  cancelPendingPlan,
  confirmPendingPlan,
  type PendingSave,
  runSave,
  storePendingPlan,
} from '../../../src/services/associations/pending-plans.ts'
import { ServiceError } from '../../../src/services/errors.ts'
import { groupFormVersion } from '../../../src/services/form-version.ts'
import { editCustomerGroup } from '../../../src/services/groups/edit-customer-group.ts'
import { editMspUser } from '../../../src/services/users/edit-msp-user.ts'
import { useTestDatabase } from '../../support/db.ts'
import {
  associationPairs,
  auditRows,
  expectAuditedOnce,
  expectMaterializedMatchesDerived,
  membershipDump,
  outcomeAs,
} from '../../support/seed.ts'
import { alexOnlyInZoho, groupInput, seedStaffWorld, staff, userInput } from '../../support/worlds.ts'

const db = useTestDatabase()
const prisma = () => db().prisma

/**
 * Priya (admin, U1), Omar (admin, U2) and the world: Alex only in Zoho; Zoho holds Zylker and Acme;
 * Site24x7 holds Zylker (with Bea). `zohoWith(customers)` is the Edit Customer Group save of Zoho.
 */
async function seedZoho() {
  const { w, priya } = await seedStaffWorld(prisma(), alexOnlyInZoho(), [staff.priya])
  const zohoWith = (customers: string[]): PendingSave => ({
    form: 'customer-group',
    input: groupInput(w, 'Zoho', customers, ['Alex']),
  })
  return { w, priya, omar: w.actor('Omar'), zohoWith }
}

/** Previews a save the way the Slack edge does, and stores it for Confirm. */
async function previewAndStore(
  save: PendingSave,
  actor: Awaited<ReturnType<typeof seedZoho>>['priya'],
): Promise<{ pendingId: string; hash: string }> {
  const preview = outcomeAs(await runSave(prisma(), actor, save), 'preview')
  return { pendingId: await storePendingPlan(prisma(), actor, save, preview.hash), hash: preview.hash }
}

const pendingStatus = async (id: string) => (await prisma().pendingPlan.findUnique({ where: { id } }))?.status
const auditActions = async () => (await auditRows(prisma())).map((a) => a.action)

describe('confirmPendingPlan', () => {
  it('refuses as changed when the form’s record changed after the preview, even outside the plan (a rename)', async () => {
    const { w, priya, omar, zohoWith } = await seedZoho()
    const opened = groupFormVersion({
      name: 'Zoho',
      isDefault: false,
      customerIds: w.customerIds('Zylker', 'Acme'),
      userIds: w.userIds('Alex'),
    })
    const { pendingId } = await previewAndStore({ ...zohoWith(['Acme']), version: opened }, priya)
    // Omar renames the group and makes it the default; the plan's pairs are unchanged by that.
    const rename = { ...groupInput(w, 'Zoho', ['Zylker', 'Acme'], ['Alex'], true), name: 'Zoho Corp' }
    outcomeAs(await runSave(prisma(), omar, { form: 'customer-group', input: rename }), 'applied')
    const before = await membershipDump(prisma())
    expect(await confirmPendingPlan(prisma(), priya, pendingId)).toEqual({ status: 'changed' })
    expect(await membershipDump(prisma())).toEqual(before)
    const group = await prisma().customerGroup.findUniqueOrThrow({ where: { id: w.groupId('Zoho') } })
    expect({ name: group.name, isDefault: group.isDefault }).toEqual({ name: 'Zoho Corp', isDefault: true })
  })

  it('applies the stored plan and marks it applied', async () => {
    const { priya, zohoWith } = await seedZoho()
    const { pendingId } = await previewAndStore(zohoWith(['Acme']), priya)
    expect(await pendingStatus(pendingId)).toBe('pending')
    expect(await associationPairs(prisma())).toEqual(['Alex→Acme', 'Alex→Zylker', 'Bea→Zylker'])

    const outcome = outcomeAs(await confirmPendingPlan(prisma(), priya, pendingId), 'applied')
    expect(outcome.summary).toBe('Alex removed from Zylker')
    expect(await pendingStatus(pendingId)).toBe('applied')
    expect(await associationPairs(prisma())).toEqual(['Alex→Acme', 'Bea→Zylker'])
    await expectMaterializedMatchesDerived(prisma())

    await expectAuditedOnce(prisma(), { actorSlackId: 'U1', action: 'group.edit', customers: ['Zylker'] })
  })

  it('a second confirm answers "already" and changes nothing again', async () => {
    const { priya, zohoWith } = await seedZoho()
    const { pendingId } = await previewAndStore(zohoWith(['Acme']), priya)
    outcomeAs(await confirmPendingPlan(prisma(), priya, pendingId), 'applied')
    const afterFirst = await membershipDump(prisma())

    const second = outcomeAs(await confirmPendingPlan(prisma(), priya, pendingId), 'already')
    expect(second.previous).toBe('applied')
    expect(await membershipDump(prisma())).toEqual(afterFirst)
    expect(await auditActions()).toEqual(['group.edit'])
    expect(await prisma().pendingPlan.count()).toBe(1)
  })

  it('when the data changed since the preview, answers with the new preview and applies nothing', async () => {
    const { w, priya, zohoWith } = await seedZoho()
    const { pendingId } = await previewAndStore(zohoWith(['Acme']), priya)

    // Meanwhile Alex joins Site24x7, which also holds Zylker: removing Zylker from Zoho no longer removes him
    outcomeAs(await editMspUser(prisma(), priya, userInput(w, 'Alex', ['Zoho', 'Site24x7'])), 'applied')
    const beforeConfirm = await membershipDump(prisma())

    const stale = outcomeAs(await confirmPendingPlan(prisma(), priya, pendingId), 'stale')
    expect(stale.view.removed).toEqual([])
    expect(stale.view.kept.map((k) => `${k.user}→${k.customer} via ${k.keptBy}`)).toEqual([
      'Alex→Zylker via group Site24x7',
    ])
    expect(stale.pendingId).toEqual(expect.any(String))
    expect(stale.pendingId).not.toBe(pendingId)
    expect(await membershipDump(prisma())).toEqual(beforeConfirm)
    expect(beforeConfirm.groupCustomers).toContain('Zoho∋Zylker')
    expect(await pendingStatus(pendingId)).toBe('superseded')
    expect(await auditActions()).toEqual(['user.edit'])

    // the old id is spent; the new one applies the new preview
    expect(outcomeAs(await confirmPendingPlan(prisma(), priya, pendingId), 'already').previous).toBe(
      'superseded',
    )
    const newId = stale.pendingId ?? ''
    expect(await pendingStatus(newId)).toBe('pending')
    const applied = outcomeAs(await confirmPendingPlan(prisma(), priya, newId), 'applied')
    expect(applied.summary).toBe('Alex kept on Zylker via group Site24x7')
    const after = await membershipDump(prisma())
    expect(after.groupCustomers).toEqual(['Site24x7∋Zylker', 'Zoho∋Acme'])
    expect(after.associations).toEqual(['Alex→Acme', 'Alex→Zylker', 'Bea→Zylker'])
    await expectMaterializedMatchesDerived(prisma())
  })

  it('when the data changed so that the save is now blocked, answers blocked and applies nothing', async () => {
    const { w, priya, zohoWith } = await seedZoho()
    const { pendingId } = await previewAndStore(zohoWith(['Acme']), priya)
    await prisma().customer.update({
      where: { id: w.customerId('Zylker') },
      data: { accountContactId: w.userId('Alex') },
    })
    const before = await membershipDump(prisma())

    const outcome = outcomeAs(await confirmPendingPlan(prisma(), priya, pendingId), 'blocked')
    expect(outcome.view.blocked.map((b) => b.fix)).toEqual(['change the Account Contact of Zylker first'])
    expect(await membershipDump(prisma())).toEqual(before)
    expect(await pendingStatus(pendingId)).toBe('superseded')
    expect(await auditActions()).toEqual(['group.edit.blocked'])
  })

  it('a confirm by anyone but the previewing actor is refused and changes nothing', async () => {
    const { priya, omar, zohoWith } = await seedZoho()
    const { pendingId } = await previewAndStore(zohoWith(['Acme']), priya)
    const before = await membershipDump(prisma())

    const refused = confirmPendingPlan(prisma(), omar, pendingId)
    await expect(refused).rejects.toBeInstanceOf(ServiceError)
    await expect(confirmPendingPlan(prisma(), omar, pendingId)).rejects.toMatchObject({
      problem: { code: 'preview.notYours' },
    })
    expect(await membershipDump(prisma())).toEqual(before)
    expect(await pendingStatus(pendingId)).toBe('pending')
    expect(await auditActions()).toEqual([])

    // the previewing actor still can
    outcomeAs(await confirmPendingPlan(prisma(), priya, pendingId), 'applied')
  })

  it('two confirms of one plan started together: exactly one applies', async () => {
    const { priya, zohoWith } = await seedZoho()
    const { pendingId } = await previewAndStore(zohoWith(['Acme']), priya)

    const results = await Promise.allSettled([
      confirmPendingPlan(prisma(), priya, pendingId),
      confirmPendingPlan(prisma(), priya, pendingId),
    ])
    const statuses = results.map((r) => (r.status === 'fulfilled' ? r.value.status : `rejected: ${r.reason}`))
    expect(statuses.filter((s) => s === 'applied')).toHaveLength(1)
    expect(statuses.sort()).toEqual(['already', 'applied'])
    expect(await auditActions()).toEqual(['group.edit'])
    expect(await associationPairs(prisma())).toEqual(['Alex→Acme', 'Bea→Zylker'])
    await expectMaterializedMatchesDerived(prisma())
  })

  it('two different plans previewed on the same data and confirmed together: one applies, the other re-previews', async () => {
    const { priya, zohoWith } = await seedZoho()
    const dropZylker = await previewAndStore(zohoWith(['Acme']), priya)
    const dropAcme = await previewAndStore(zohoWith(['Zylker']), priya)

    const results = await Promise.allSettled([
      confirmPendingPlan(prisma(), priya, dropZylker.pendingId),
      confirmPendingPlan(prisma(), priya, dropAcme.pendingId),
    ])
    const statuses = results.map((r) => (r.status === 'fulfilled' ? r.value.status : `rejected: ${r.reason}`))
    expect(statuses.filter((s) => s === 'applied')).toHaveLength(1)
    expect(statuses.filter((s) => s === 'stale')).toHaveLength(1)
    const groupCustomers = (await membershipDump(prisma())).groupCustomers
    // exactly one of the two customers left Zoho, never both, never neither
    expect(groupCustomers.filter((gc) => gc.startsWith('Zoho∋'))).toHaveLength(1)
    expect(await auditActions()).toEqual(['group.edit'])
    await expectMaterializedMatchesDerived(prisma())
  })

  it('a cancelled plan cannot be confirmed', async () => {
    const { priya, zohoWith } = await seedZoho()
    const { pendingId } = await previewAndStore(zohoWith(['Acme']), priya)
    const before = await membershipDump(prisma())
    await cancelPendingPlan(prisma(), pendingId, 'U1')
    expect(outcomeAs(await confirmPendingPlan(prisma(), priya, pendingId), 'already').previous).toBe(
      'cancelled',
    )
    expect(await membershipDump(prisma())).toEqual(before)
  })

  it('an expired or unknown plan is refused (preview.expired)', async () => {
    const { priya, zohoWith } = await seedZoho()
    const { pendingId } = await previewAndStore(zohoWith(['Acme']), priya)
    await prisma().pendingPlan.update({
      where: { id: pendingId },
      data: { createdAt: new Date(Date.now() - 2 * 60 * 60 * 1000) },
    })
    const before = await membershipDump(prisma())
    await expect(confirmPendingPlan(prisma(), priya, pendingId)).rejects.toMatchObject({
      problem: { code: 'preview.expired' },
    })
    await expect(confirmPendingPlan(prisma(), priya, 'no-such-plan')).rejects.toMatchObject({
      problem: { code: 'preview.expired' },
    })
    expect(await membershipDump(prisma())).toEqual(before)
  })

  it('round-trips the other forms through the stored JSON (customer preferences, Edit User with role)', async () => {
    const { w, priya } = await seedZoho()
    const prefs: PendingSave = {
      form: 'customer-preferences',
      input: { customerId: w.customerId('Zylker'), groupIds: [], directUserIds: [], accountContactId: null },
    }
    const first = await previewAndStore(prefs, priya)
    const applied = outcomeAs(await confirmPendingPlan(prisma(), priya, first.pendingId), 'applied')
    expect(applied.summary).toBe('Alex removed from Zylker; Bea removed from Zylker')
    expect(await associationPairs(prisma())).toEqual(['Alex→Acme'])

    const user: PendingSave = {
      form: 'msp-user',
      input: { userId: w.userId('Alex'), role: 'manager', groupIds: [] },
    }
    const second = await previewAndStore(user, priya)
    outcomeAs(await confirmPendingPlan(prisma(), priya, second.pendingId), 'applied')
    const after = await membershipDump(prisma())
    expect(after.associations).toEqual([])
    expect(after.roles).toContain('Alex:manager')
    await expectMaterializedMatchesDerived(prisma())
    expect(await auditActions()).toEqual(['customer.preferences', 'user.edit'])
  })

  it('a preview is never applied by a plain save of the same form (it needs the hash)', async () => {
    const { w, priya } = await seedZoho()
    const before = await membershipDump(prisma())
    const input = groupInput(w, 'Zoho', ['Acme'], ['Alex'])
    outcomeAs(await editCustomerGroup(prisma(), priya, input), 'preview')
    outcomeAs(await editCustomerGroup(prisma(), priya, input), 'preview')
    outcomeAs(await editCustomerGroup(prisma(), priya, input, 'not-the-hash'), 'stale')
    expect(await membershipDump(prisma())).toEqual(before)
  })
})
