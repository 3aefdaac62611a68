// Invitation links of portal users: issued when a user is added or reinvited, revoked by a reinvite or a
// delete, accepted once. The token (32 random bytes, base64url) exists only in the mail; the database keeps
// its SHA-256, so a leaked database gives no working link.
import { createHash, randomBytes } from 'node:crypto'
import { addDays } from 'date-fns/addDays'
import type { Db, TransactionClient } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import { DEFAULT_INVITATION_DAYS, portalLoginUrl, portalRoleLabel } from '../../domain/portal-users.ts'
import type { Actor } from '../audit.ts'
import { recordAudit } from '../audit.ts'
import { enqueueMail } from '../mail/enqueue-mail.ts'

export const DEFAULT_PUBLIC_URL = 'http://localhost:3000'

/** What issuing and reading invitations needs from outside. */
export interface InvitationOptions {
  /** Base URL of the app's own pages: the accept link is `<publicUrl>/portal/invitations/<token>`. */
  publicUrl: string
  /** The current time (tests move it); the real clock by default. */
  now?: () => Date
}

export const defaultInvitationOptions: InvitationOptions = { publicUrl: DEFAULT_PUBLIC_URL }

const nowOf = (options: Partial<InvitationOptions> | undefined) => options?.now?.() ?? new Date()

/** 32 random bytes, base64url: 43 characters. */
export const newInvitationToken = () => randomBytes(32).toString('base64url')

export const hashInvitationToken = (token: string) => createHash('sha256').update(token).digest('hex')

/** Only what newInvitationToken makes can be a token; anything else is unknown without a query. */
export const looksLikeInvitationToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token)

export const acceptLink = (publicUrl: string, token: string) =>
  `${publicUrl.replace(/\/+$/, '')}/portal/invitations/${token}`

/** Days an invitation stays valid: the setting, else 7. */
export async function invitationDays(db: Db): Promise<number> {
  const row = await db.setting.findUnique({ where: { id: 1 }, select: { portalInvitationDays: true } })
  return row?.portalInvitationDays ?? DEFAULT_INVITATION_DAYS
}

export interface InvitationMailInput {
  to: string
  userName: string
  role: string
  customerName: string
  loginUrl: string | null
  link: string
  expiresAt: Date
  invitedBy: string
}

/** The invitation email: the accept link and the portal's custom login URL, in plain text. */
export function invitationMail(m: InvitationMailInput): { to: string; subject: string; text: string } {
  const until = `${m.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`
  const signIn = m.loginUrl
    ? ['2. Then sign in to your portal at:', `   ${m.loginUrl}`]
    : ['2. Then sign in to your portal at the address your service provider gives you.']
  return {
    to: m.to,
    subject: `Invitation to the ${m.customerName} portal`,
    text: [
      `Hello ${m.userName},`,
      '',
      `${m.invitedBy} invited you to the ${m.customerName} monitoring portal as ${portalRoleLabel(m.role)}.`,
      '',
      `1. Accept the invitation (the link works once, until ${until}):`,
      `   ${m.link}`,
      ...signIn,
      '',
      'If you did not expect this invitation, ignore this email: nothing happens unless the link is used.',
      '',
    ].join('\n'),
  }
}

export interface InvitedUser {
  id: number
  name: string
  email: string
  role: string
}

/**
 * A new invitation for `user` and its email in the outbox, both with `tx` (the caller's transaction): the
 * mail exists exactly when the change that invited the user committed.
 */
export async function issueInvitation(
  tx: TransactionClient,
  actor: Actor,
  user: InvitedUser,
  customer: { name: string; portalDomain: string | null },
  options: InvitationOptions,
): Promise<{ expiresAt: Date; mailId: number }> {
  const token = newInvitationToken()
  const now = nowOf(options)
  const expiresAt = addDays(now, await invitationDays(tx))
  await tx.portalInvitation.create({
    data: { portalUserId: user.id, tokenHash: hashInvitationToken(token), createdAt: now, expiresAt },
  })
  const mail = await enqueueMail(
    tx,
    invitationMail({
      to: user.email,
      userName: user.name,
      role: user.role,
      customerName: customer.name,
      loginUrl: portalLoginUrl(customer.portalDomain),
      link: acceptLink(options.publicUrl, token),
      expiresAt,
      invitedBy: actor.name,
    }),
  )
  return { expiresAt, mailId: mail.id }
}

export type RevokeReason = 'replaced' | 'deleted'

/** Revokes the user's invitations still open (neither accepted nor revoked). */
export async function revokeOpenInvitations(
  tx: TransactionClient,
  portalUserId: number,
  reason: RevokeReason,
  now: Date,
): Promise<number> {
  const { count } = await tx.portalInvitation.updateMany({
    where: { portalUserId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason },
  })
  return count
}

/** What an invitation link stands for now. */
export type InvitationState =
  | {
      state: 'pending'
      userName: string
      email: string
      customerName: string
      loginUrl: string | null
      expiresAt: Date
    }
  /** Used already (by this person, earlier). */
  | { state: 'accepted'; userName: string | null; customerName: string | null; loginUrl: string | null }
  /** Replaced by a newer invitation (reinvite), or its portal user was deleted. */
  | { state: 'revoked'; reason: RevokeReason }
  | { state: 'expired'; expiresAt: Date }
  /** No such invitation: forged, truncated or mistyped. */
  | { state: 'unknown' }

async function readState(db: Db, token: string, now: Date): Promise<InvitationState> {
  if (!looksLikeInvitationToken(token)) return { state: 'unknown' }
  const invitation = await db.portalInvitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: {
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      revokedReason: true,
      portalUser: {
        select: { name: true, email: true, customer: { select: { name: true, portalDomain: true } } },
      },
    },
  })
  if (!invitation) return { state: 'unknown' }
  const user = invitation.portalUser
  if (invitation.acceptedAt)
    return {
      state: 'accepted',
      userName: user?.name ?? null,
      customerName: user?.customer.name ?? null,
      loginUrl: portalLoginUrl(user?.customer.portalDomain ?? null),
    }
  if (invitation.revokedAt || !user)
    return { state: 'revoked', reason: invitation.revokedReason === 'replaced' ? 'replaced' : 'deleted' }
  if (invitation.expiresAt.getTime() <= now.getTime())
    return { state: 'expired', expiresAt: invitation.expiresAt }
  return {
    state: 'pending',
    userName: user.name,
    email: user.email,
    customerName: user.customer.name,
    loginUrl: portalLoginUrl(user.customer.portalDomain),
    expiresAt: invitation.expiresAt,
  }
}

/** What the link `token` stands for. Reads only: a GET of the link changes nothing. */
export function invitationState(
  db: Db,
  token: string,
  options?: Partial<InvitationOptions>,
): Promise<InvitationState> {
  return readState(db, token, nowOf(options))
}

/** The outcome of using a link: `confirmed` by this call, or the state that kept it from confirming. */
export type AcceptOutcome =
  | { state: 'confirmed'; userName: string; email: string; customerName: string; loginUrl: string | null }
  | Exclude<InvitationState, { state: 'pending' }>

/**
 * Confirms the invited user (unconfirmed → enabled) and uses the invitation up, exactly once: of two
 * accepts of one link, one confirms and the other finds it accepted (the claim is one conditional UPDATE;
 * on PostgreSQL the second waits for the first's row lock and then no longer matches).
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  options?: Partial<InvitationOptions>,
): Promise<AcceptOutcome> {
  const now = nowOf(options)
  if (!looksLikeInvitationToken(token)) return { state: 'unknown' }
  const tokenHash = hashInvitationToken(token)
  const confirmed = await inTransaction(db, async (tx) => {
    const { count } = await tx.portalInvitation.updateMany({
      where: {
        tokenHash,
        acceptedAt: null,
        revokedAt: null,
        expiresAt: { gt: now },
        portalUserId: { not: null },
      },
      data: { acceptedAt: now },
    })
    if (count === 0) return null
    const invitation = await tx.portalInvitation.findUniqueOrThrow({
      where: { tokenHash },
      select: { portalUser: { include: { customer: { select: { name: true, portalDomain: true } } } } },
    })
    const user = invitation.portalUser
    if (!user) throw new Error('an open invitation without its portal user')
    await tx.portalUser.updateMany({
      where: { id: user.id, status: 'unconfirmed' },
      data: { status: 'enabled' },
    })
    await recordAudit(
      tx,
      { slackUserId: null, name: `${user.email} (invitation link)` },
      {
        action: 'portal-user.accept',
        targetType: 'portal-user',
        targetName: user.email,
        customers: [user.customer.name],
        before: { status: user.status },
        after: { status: 'enabled' },
      },
    )
    return {
      state: 'confirmed' as const,
      userName: user.name,
      email: user.email,
      customerName: user.customer.name,
      loginUrl: portalLoginUrl(user.customer.portalDomain),
    }
  })
  if (confirmed) return confirmed
  const state = await readState(db, token, now)
  // Not claimable a moment ago; a pending state now would be a broken invariant.
  if (state.state === 'pending') throw new Error('an invitation neither claimable nor closed')
  return state
}
