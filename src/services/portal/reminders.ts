// Invitation reminders: unconfirmed portal users whose invitation has waited at least N days (the setting
// `portalReminderDays`, default 3). Shown in App Home to the staff who may reinvite them (technicians and
// up, their own customers below admin) and posted once a day to the notify channel (src/jobs).
//
// Counted from the user's latest invitation (a reinvite starts the wait again), or from when the user was
// added when no invitation was ever sent (e.g. loaded from a snapshot). An invitation that has expired is
// included, marked expired: its link no longer works, so it needs a Reinvite most of all.
import { differenceInDays } from 'date-fns/differenceInDays'
import { subDays } from 'date-fns/subDays'
import type { Db } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import { can } from '../../domain/roles.ts'
import { customerScope, requireCapability, type StaffActor } from '../actor.ts'
import { defaultInvitationOptions, type InvitationOptions } from './invitations.ts'
import { type PortalUserActionOutcome, reinvitePortalUser } from './portal-user-actions.ts'
import { assertMayTouchCustomer } from './portal-user-view.ts'

export const DEFAULT_REMINDER_DAYS = 3
/** Rows a reminder list carries at most (App Home and the digest show fewer; the rest are counted). */
export const REMINDER_LIST_MAX = 200

export interface InvitationReminder {
  portalUserId: number
  name: string
  email: string
  customer: { id: number; name: string }
  /** When the latest invitation was sent; null when none ever was. */
  invitedAt: Date | null
  /** When the latest invitation's link stops (stopped) working; null without an invitation. */
  expiresAt: Date | null
  /** The link no longer works (or there never was one). */
  expired: boolean
  /** Whole days since the invitation (or, without one, since the user was added). */
  waitingDays: number
}

export interface InvitationReminders {
  /** The setting: reminded after this many days. */
  days: number
  /** Every reminder in scope; `reminders` holds the first REMINDER_LIST_MAX of them. */
  total: number
  /** Longest waiting first (then the oldest invitation, customer and name). */
  reminders: InvitationReminder[]
}

export interface ReminderOptions {
  /** The current time (tests move it). */
  now?: () => Date
}

/** Days before an open invitation is reminded of: the setting (0 = at once; below 0 counts as 0), else 3. */
export async function reminderDays(db: Db): Promise<number> {
  const row = await db.setting.findUnique({ where: { id: 1 }, select: { portalReminderDays: true } })
  return Math.max(0, row?.portalReminderDays ?? DEFAULT_REMINDER_DAYS)
}

/** Reminders for the customers in `scope` (every customer with 'all'). */
export async function invitationReminders(
  db: Db,
  scope: Set<number> | 'all',
  options: ReminderOptions = {},
): Promise<InvitationReminders> {
  const now = options.now?.() ?? new Date()
  const days = await reminderDays(db)
  if (scope !== 'all' && scope.size === 0) return { days, total: 0, reminders: [] }
  const cutoff = subDays(now, days)
  // Unconfirmed, added before the cutoff, and no invitation sent after it: the latest one is old enough.
  const where = {
    status: 'unconfirmed' as const,
    createdAt: { lte: cutoff },
    invitations: { none: { createdAt: { gt: cutoff } } },
    ...(scope === 'all' ? {} : { customerId: { in: [...scope] } }),
  }
  const [total, rows] = await Promise.all([
    db.portalUser.count({ where }),
    db.portalUser.findMany({
      where,
      select: {
        id: true,
        name: true,
        email: true,
        createdAt: true,
        customer: { select: { id: true, name: true } },
        invitations: {
          select: { createdAt: true, expiresAt: true },
          orderBy: { createdAt: 'desc' },
          take: 1,
        },
      },
    }),
  ])
  const reminders = rows
    .map((r): InvitationReminder => {
      const latest = r.invitations[0]
      const since = latest?.createdAt ?? r.createdAt
      return {
        portalUserId: r.id,
        name: r.name,
        email: r.email,
        customer: r.customer,
        invitedAt: latest?.createdAt ?? null,
        expiresAt: latest?.expiresAt ?? null,
        expired: latest ? latest.expiresAt.getTime() <= now.getTime() : true,
        waitingDays: differenceInDays(now, since),
      }
    })
    .sort(
      (a, b) =>
        b.waitingDays - a.waitingDays ||
        (a.invitedAt?.getTime() ?? 0) - (b.invitedAt?.getTime() ?? 0) ||
        a.customer.name.toLowerCase().localeCompare(b.customer.name.toLowerCase()) ||
        a.name.toLowerCase().localeCompare(b.name.toLowerCase()) ||
        a.portalUserId - b.portalUserId,
    )
    .slice(0, REMINDER_LIST_MAX)
  return { days, total, reminders }
}

/**
 * App Home's reminders for `actor`: null for staff who may not reinvite (viewers); else those of the
 * customers they may act on (all for admins).
 */
export async function homeInvitationReminders(
  db: Db,
  actor: StaffActor,
  options: ReminderOptions = {},
): Promise<InvitationReminders | null> {
  if (!can(actor.role, 'managePortalUsers')) return null
  return invitationReminders(db, await customerScope(db, actor), options)
}

/** The daily digest's reminders: every customer (the channel is the whole MSP's). */
export const digestInvitationReminders = (db: Db, options: ReminderOptions = {}) =>
  invitationReminders(db, 'all', options)

/** The UTC day (yyyy-mm-dd) a digest is for. */
export const digestDay = (at: Date) => at.toISOString().slice(0, 10)

const digestKey = (day: string) => `invitation-digest:${day}`

/**
 * Claims the digest of `day`: true for the first caller, false once claimed (posted, or being posted). The
 * key is an IdempotencyKey, which housekeeping forgets after a day, when the day has passed.
 */
export async function claimDigestDay(db: Db, day: string): Promise<boolean> {
  const claimed = await db.idempotencyKey.createMany({
    data: [{ key: digestKey(day) }],
    skipDuplicates: true,
  })
  return claimed.count === 1
}

/** Gives the claim back (the post failed): a retry of the job may post that day's digest. */
export async function releaseDigestDay(db: Db, day: string): Promise<void> {
  await db.idempotencyKey.deleteMany({ where: { key: digestKey(day) } })
}

export type ReminderReinviteOutcome =
  | { status: 'ran'; outcome: PortalUserActionOutcome }
  /** The invitation the reminder showed was replaced meanwhile (a double click, or someone else first). */
  | { status: 'alreadyReinvited'; name: string; invitedAt: Date }

/**
 * Reinvite from a reminder: runs /msp portal's reinvite only while the user's latest invitation is still the
 * one the reminder showed (`shownInvitedAt`, ms; undefined when it showed none). The user's row is locked
 * for the check and the reinvite, so two clicks — in one process or several — send one invitation.
 */
export async function reinviteFromReminder(
  db: Db,
  actor: StaffActor,
  portalUserId: number,
  shownInvitedAt: number | undefined,
  options: InvitationOptions = defaultInvitationOptions,
): Promise<ReminderReinviteOutcome> {
  requireCapability(actor, 'managePortalUsers')
  return inTransaction(db, async (tx) => {
    await tx.$queryRaw`SELECT id FROM "PortalUser" WHERE id = ${portalUserId}::int FOR UPDATE`
    const user = await tx.portalUser.findUnique({
      where: { id: portalUserId },
      select: {
        name: true,
        customer: { select: { id: true, name: true } },
        invitations: { select: { createdAt: true }, orderBy: { createdAt: 'desc' }, take: 1 },
      },
    })
    if (user) {
      await assertMayTouchCustomer(tx, actor, user.customer) // refused before anything is said or written
      const latest = user.invitations[0]?.createdAt
      if (latest && latest.getTime() !== shownInvitedAt)
        return { status: 'alreadyReinvited', name: user.name, invitedAt: latest }
    }
    // Gone, or no longer unconfirmed: the reinvite itself says so and changes nothing.
    return { status: 'ran', outcome: await reinvitePortalUser(tx, actor, portalUserId, options) }
  })
}
