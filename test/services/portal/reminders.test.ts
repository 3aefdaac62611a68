// Invitation reminders (src/services/portal/reminders.ts) with an injected clock: which unconfirmed portal
// users are reminded of (ages at and around the setting's N days, statuses, a reinvite restarting the wait,
// expired links, users never invited), whose customers each role sees, the setting, and the daily claim.
import { addDays, addMinutes, subDays, subHours } from 'date-fns'
import { describe, expect, it } from 'vitest'
import type { Db } from '../../../src/db/client.ts'
import {
  claimDigestDay,
  DEFAULT_REMINDER_DAYS,
  digestDay,
  digestInvitationReminders,
  homeInvitationReminders,
  type InvitationReminders,
  reinviteFromReminder,
  releaseDigestDay,
} from '../../../src/services/portal/reminders.ts'
import { useTestDatabase } from '../../support/db.ts'
import { PUBLIC_URL, portalDump, seedPortalUser, seedPortalWorld } from './support.ts'

const db = useTestDatabase()
const NOW = new Date('2026-12-10T12:00:00Z')
const now = () => NOW

let tokens = 0
async function invitation(
  prisma: Db,
  portalUserId: number,
  createdAt: Date,
  extra: { expiresAt?: Date; revokedAt?: Date; acceptedAt?: Date } = {},
) {
  tokens += 1
  return prisma.portalInvitation.create({
    data: {
      portalUserId,
      tokenHash: `hash-${tokens}`,
      createdAt,
      expiresAt: extra.expiresAt ?? addDays(createdAt, 7),
      ...(extra.revokedAt ? { revokedAt: extra.revokedAt, revokedReason: 'replaced' } : {}),
      ...(extra.acceptedAt ? { acceptedAt: extra.acceptedAt } : {}),
    },
  })
}

/** A user added `addedAt` (default: long ago). */
async function user(
  prisma: Db,
  customerId: number,
  name: string,
  status: 'enabled' | 'disabled' | 'unconfirmed',
  addedAt = subDays(NOW, 30),
) {
  const u = await seedPortalUser(prisma, customerId, { name, status })
  await prisma.portalUser.update({ where: { id: u.id }, data: { createdAt: addedAt } })
  return u
}

/**
 * Zylker (Tess technician and Vic viewer linked; Mona manager not): Ann invited exactly 3 days ago, Bob
 * 1 minute short of 3 days, Cal reinvited yesterday after an invitation 10 days ago, Dee invited 8 days ago
 * (expired yesterday), Eve enabled and Fox disabled (old invitations), Gil never invited and added 5 days
 * ago, Hal never invited and added yesterday. Acme (nobody linked): Ivy invited 4 days ago.
 */
async function seedReminders() {
  const prisma = db().prisma
  const world = await seedPortalWorld(prisma)
  const { zylker, acme } = world
  const ann = await user(prisma, zylker, 'Ann', 'unconfirmed')
  await invitation(prisma, ann.id, subDays(NOW, 3))
  const bob = await user(prisma, zylker, 'Bob', 'unconfirmed')
  await invitation(prisma, bob.id, addMinutes(subDays(NOW, 3), 1))
  const cal = await user(prisma, zylker, 'Cal', 'unconfirmed')
  await invitation(prisma, cal.id, subDays(NOW, 10), { revokedAt: subDays(NOW, 1) })
  await invitation(prisma, cal.id, subDays(NOW, 1))
  const dee = await user(prisma, zylker, 'Dee', 'unconfirmed')
  await invitation(prisma, dee.id, subDays(NOW, 8), { expiresAt: subDays(NOW, 1) })
  const eve = await user(prisma, zylker, 'Eve', 'enabled')
  await invitation(prisma, eve.id, subDays(NOW, 10), { acceptedAt: subDays(NOW, 9) })
  const fox = await user(prisma, zylker, 'Fox', 'disabled')
  await invitation(prisma, fox.id, subDays(NOW, 10), { acceptedAt: subDays(NOW, 9) })
  const gil = await user(prisma, zylker, 'Gil', 'unconfirmed', subDays(NOW, 5))
  await user(prisma, zylker, 'Hal', 'unconfirmed', subDays(NOW, 1))
  const ivy = await user(prisma, acme, 'Ivy', 'unconfirmed')
  await invitation(prisma, ivy.id, subDays(NOW, 4))
  return { ...world, ann, dee, gil, ivy }
}

const names = (list: InvitationReminders | null) => list?.reminders.map((r) => r.name)

describe('invitation reminders', () => {
  it('lists unconfirmed users whose latest invitation is N days old or more, longest waiting first', async () => {
    const s = await seedReminders()
    const list = await digestInvitationReminders(db().prisma, { now })
    expect(list.days).toBe(DEFAULT_REMINDER_DAYS)
    // Bob is a minute short; Cal was reinvited yesterday; Eve and Fox are not unconfirmed; Hal is too new.
    expect(names(list)).toEqual(['Dee', 'Gil', 'Ivy', 'Ann'])
    expect(list.total).toBe(4)
    const [dee, gil, ivy, ann] = list.reminders
    expect(dee).toMatchObject({
      portalUserId: s.dee.id,
      email: 'dee@zylker.example',
      customer: { id: s.zylker, name: 'Zylker' },
      invitedAt: subDays(NOW, 8),
      expiresAt: subDays(NOW, 1),
      expired: true,
      waitingDays: 8,
    })
    // Never invited (e.g. loaded from a snapshot): counted from when it was added, and it has no link.
    expect(gil).toMatchObject({ invitedAt: null, expiresAt: null, expired: true, waitingDays: 5 })
    expect(ivy).toMatchObject({ customer: { id: s.acme, name: 'Acme' }, expired: false, waitingDays: 4 })
    expect(ann).toMatchObject({ invitedAt: subDays(NOW, 3), expired: false, waitingDays: 3 })
  })

  it('moves with the clock: a minute later Bob is due too; a reinvite starts the wait again', async () => {
    const s = await seedReminders()
    const list = await digestInvitationReminders(db().prisma, { now: () => addMinutes(NOW, 1) })
    expect(names(list)).toContain('Bob')
    await invitation(db().prisma, s.dee.id, subHours(NOW, 1))
    expect(names(await digestInvitationReminders(db().prisma, { now }))).toEqual(['Gil', 'Ivy', 'Ann'])
  })

  it('follows the setting portalReminderDays', async () => {
    await seedReminders()
    await db().prisma.setting.upsert({
      where: { id: 1 },
      create: { id: 1, portalReminderDays: 5 },
      update: { portalReminderDays: 5 },
    })
    const list = await digestInvitationReminders(db().prisma, { now })
    expect(list.days).toBe(5)
    expect(names(list)).toEqual(['Dee', 'Gil'])
    // 0: every unconfirmed user at once (Hal, added yesterday, too); below 0 is taken as 0.
    for (const days of [0, -4]) {
      await db().prisma.setting.update({ where: { id: 1 }, data: { portalReminderDays: days } })
      const all = await digestInvitationReminders(db().prisma, { now })
      expect(all.days).toBe(0)
      expect(names(all)).toEqual(['Dee', 'Gil', 'Ivy', 'Ann', 'Bob', 'Hal', 'Cal'])
    }
  })

  it('App Home: technicians and up see the customers they may act on; viewers get none', async () => {
    const s = await seedReminders()
    const home = (actor: typeof s.priya) => homeInvitationReminders(db().prisma, actor, { now })
    expect(names(await home(s.priya))).toEqual(['Dee', 'Gil', 'Ivy', 'Ann']) // admin: every customer
    const tess = await home(s.tess) // technician on Zylker only
    expect(names(tess)).toEqual(['Dee', 'Gil', 'Ann'])
    expect(tess?.total).toBe(3)
    expect(await home(s.mona)).toEqual({ days: 3, total: 0, reminders: [] }) // manager with no customers
    expect(await home(s.vic)).toBeNull() // viewer: may not reinvite
  })

  it('claims a day once until the claim is given back', async () => {
    const prisma = db().prisma
    const day = digestDay(NOW)
    expect(day).toBe('2026-12-10')
    expect(digestDay(new Date('2026-12-10T23:59:59.999Z'))).toBe('2026-12-10')
    expect(await claimDigestDay(prisma, day)).toBe(true)
    expect(await claimDigestDay(prisma, day)).toBe(false)
    expect(await claimDigestDay(prisma, '2026-12-11')).toBe(true)
    await releaseDigestDay(prisma, day)
    expect(await claimDigestDay(prisma, day)).toBe(true)
  })

  it('Reinvite from a reminder runs only while the invitation shown is the latest: many clicks send one', async () => {
    const s = await seedReminders()
    const prisma = db().prisma
    const options = { publicUrl: PUBLIC_URL }
    const shown = subDays(NOW, 8).getTime() // Dee's invitation as the reminder showed it
    const clicks = await Promise.all(
      Array.from({ length: 6 }, () => reinviteFromReminder(prisma, s.tess, s.dee.id, shown, options)),
    )
    const ran = clicks.filter((c) => c.status === 'ran')
    expect(ran).toHaveLength(1)
    expect(ran[0]?.status === 'ran' && ran[0].outcome.status).toBe('done')
    for (const c of clicks.filter((x) => x.status === 'alreadyReinvited'))
      expect(c).toMatchObject({ status: 'alreadyReinvited', name: 'Dee' })
    const invitations = await prisma.portalInvitation.findMany({ where: { portalUserId: s.dee.id } })
    expect(invitations).toHaveLength(2)
    expect(invitations.filter((i) => i.revokedAt === null)).toHaveLength(1)
    expect(await prisma.outboxMail.count()).toBe(1)
    expect(await prisma.auditLog.count({ where: { action: 'portal-user.reinvite' } })).toBe(1)
    // Gil was never invited: the reminder showed no invitation, so the first click sends one.
    const gil = await reinviteFromReminder(prisma, s.tess, s.gil.id, undefined, options)
    expect(gil.status === 'ran' && gil.outcome.status).toBe('done')
    expect((await reinviteFromReminder(prisma, s.tess, s.gil.id, undefined, options)).status).toBe(
      'alreadyReinvited',
    )
  })

  it('Reinvite from a reminder refuses a viewer and a customer outside the scope, writing nothing', async () => {
    const s = await seedReminders()
    const prisma = db().prisma
    const before = await portalDump(prisma)
    const shown = subDays(NOW, 4).getTime()
    await expect(
      reinviteFromReminder(prisma, s.vic, s.dee.id, subDays(NOW, 8).getTime()),
    ).rejects.toMatchObject({
      problem: { code: 'staff.forbidden', needed: 'technician' },
    })
    await expect(reinviteFromReminder(prisma, s.tess, s.ivy.id, shown)).rejects.toMatchObject({
      problem: { code: 'staff.notAssociated', customers: ['Acme'] },
    })
    // Even a stale click outside the scope is refused, not answered with the user's name.
    await expect(reinviteFromReminder(prisma, s.tess, s.ivy.id, 1)).rejects.toMatchObject({
      problem: { code: 'staff.notAssociated' },
    })
    expect(await portalDump(prisma)).toEqual(before)
  })
})
