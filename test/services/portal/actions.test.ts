// Enable, disable, reinvite, delete: each in every status (runs where it applies, changes nothing where it
// does not), on a deleted user, by each role; and what an invitation link says and does afterwards.
import { addDays, addHours } from 'date-fns'
import { describe, expect, it } from 'vitest'
import {
  PORTAL_USER_ACTIONS,
  PORTAL_USER_STATUSES,
  type PortalUserAction,
} from '../../../src/domain/portal-users.ts'
import { portalActionResultMessage } from '../../../src/messages/portal.ts'
import type { StaffActor } from '../../../src/services/actor.ts'
import { ServiceError } from '../../../src/services/errors.ts'
import { addPortalUser } from '../../../src/services/portal/add-portal-user.ts'
import { acceptInvitation, invitationState } from '../../../src/services/portal/invitations.ts'
import {
  deletePortalUser,
  disablePortalUser,
  enablePortalUser,
  reinvitePortalUser,
} from '../../../src/services/portal/portal-user-actions.ts'
import { useTestDatabase } from '../../support/db.ts'
import {
  latestToken,
  outbox,
  PUBLIC_URL,
  portalDump,
  seedPortalUser,
  seedPortalWorld,
  tokenIn,
} from './support.ts'

const db = useTestDatabase()
const prisma = () => db().prisma
const options = { publicUrl: PUBLIC_URL }

const run = (action: PortalUserAction, actor: StaffActor, id: number) => {
  switch (action) {
    case 'enable':
      return enablePortalUser(prisma(), actor, id)
    case 'disable':
      return disablePortalUser(prisma(), actor, id)
    case 'reinvite':
      return reinvitePortalUser(prisma(), actor, id, options)
    case 'delete':
      return deletePortalUser(prisma(), actor, id)
  }
}

const APPLIES: Record<string, string | null> = {
  'enabled:disable': 'disabled',
  'enabled:delete': null,
  'disabled:enable': 'enabled',
  'disabled:delete': null,
  'unconfirmed:reinvite': 'unconfirmed',
  'unconfirmed:delete': null,
}

describe('portal user actions in every status', () => {
  const cases = PORTAL_USER_STATUSES.flatMap((status) =>
    PORTAL_USER_ACTIONS.map((action) => ({ status, action })),
  )

  it.each(cases)('$action on an $status user', async ({ status, action }) => {
    const { tess, zylker } = await seedPortalWorld(prisma())
    const user = await seedPortalUser(prisma(), zylker, { name: 'Dana', status })
    const before = await portalDump(prisma())
    const outcome = await run(action, tess, user.id)
    const key = `${status}:${action}`
    if (!(key in APPLIES)) {
      expect(outcome).toMatchObject({
        status: 'notApplicable',
        action,
        current: status,
        user: { name: 'Dana' },
      })
      expect(portalActionResultMessage(outcome)).toBe(
        `${action[0]?.toUpperCase()}${action.slice(1)} does not apply: Dana is ${status} now. Nothing was changed.`,
      )
      expect(await portalDump(prisma())).toEqual(before)
      return
    }
    expect(outcome).toMatchObject({ status: 'done', action, user: { id: user.id, name: 'Dana' } })
    expect(portalActionResultMessage(outcome)).toMatch(/^Dana \(dana@zylker\.example\) .+ on Zylker\.$/)
    const after = await prisma().portalUser.findUnique({ where: { id: user.id } })
    expect(after?.status ?? null).toBe(APPLIES[key])
    const audit = await prisma().auditLog.findMany()
    expect(audit).toMatchObject([
      {
        actorSlackId: 'U3',
        action: `portal-user.${action}`,
        targetType: 'portal-user',
        targetName: 'dana@zylker.example',
        customers: ['Zylker'],
        before: { status },
      },
    ])
    expect(await prisma().outboxMail.count()).toBe(action === 'reinvite' ? 1 : 0)
  })

  it('answers an action on a deleted user as gone, changing nothing', async () => {
    const { tess, zylker } = await seedPortalWorld(prisma())
    const user = await seedPortalUser(prisma(), zylker, { name: 'Dana', status: 'disabled' })
    expect((await run('delete', tess, user.id)).status).toBe('done')
    const before = await portalDump(prisma())
    for (const action of PORTAL_USER_ACTIONS) {
      const outcome = await run(action, tess, user.id)
      expect(outcome).toEqual({ status: 'notApplicable', action, current: 'gone' })
      expect(portalActionResultMessage(outcome)).toBe(
        'That portal user no longer exists (deleted meanwhile); nothing was changed.',
      )
    }
    expect(await portalDump(prisma())).toEqual(before)
  })

  it('runs a double-clicked action once: the second finds it done', async () => {
    const { tess, zylker } = await seedPortalWorld(prisma())
    const user = await seedPortalUser(prisma(), zylker, { name: 'Dana', status: 'enabled' })
    const outcomes = await Promise.all([run('disable', tess, user.id), run('disable', tess, user.id)])
    expect(outcomes.map((o) => o.status).sort()).toEqual(['done', 'notApplicable'])
    expect(await prisma().auditLog.count()).toBe(1)
  })

  it('refuses viewers and customers outside a technician’s scope; admins act on every customer', async () => {
    const { tess, vic, priya, acme, zylker } = await seedPortalWorld(prisma())
    const atZylker = await seedPortalUser(prisma(), zylker, { name: 'Dana', status: 'enabled' })
    const atAcme = await seedPortalUser(prisma(), acme, { name: 'Gus', email: 'gus@acme.example' })
    const before = await portalDump(prisma())
    await expect(run('disable', vic, atZylker.id)).rejects.toMatchObject({
      problem: { code: 'staff.forbidden', needed: 'technician', actual: 'viewer' },
    })
    await expect(run('disable', tess, atAcme.id)).rejects.toBeInstanceOf(ServiceError)
    await expect(run('delete', tess, atAcme.id)).rejects.toMatchObject({
      problem: { code: 'staff.notAssociated', customers: ['Acme'] },
    })
    expect(await portalDump(prisma())).toEqual(before)
    expect((await run('disable', priya, atAcme.id)).status).toBe('done')
  })
})

describe('invitation links', () => {
  async function invited() {
    const world = await seedPortalWorld(prisma())
    const outcome = await addPortalUser(
      prisma(),
      world.tess,
      { customerId: world.zylker, name: 'Dana', email: 'dana@zylker.example' },
      options,
    )
    if (outcome.status !== 'added') throw new Error('not added')
    return { ...world, user: outcome.user, token: await latestToken(prisma()) }
  }

  it('are pending until used; reading one changes nothing; using one confirms the user once', async () => {
    const { user, token } = await invited()
    const before = await portalDump(prisma())
    expect(await invitationState(prisma(), token)).toMatchObject({
      state: 'pending',
      userName: 'Dana',
      email: 'dana@zylker.example',
      customerName: 'Zylker',
      loginUrl: 'https://status.zylker.example/app/login/customer_login_portal',
    })
    expect(await portalDump(prisma())).toEqual(before)

    expect(await acceptInvitation(prisma(), token)).toEqual({
      state: 'confirmed',
      userName: 'Dana',
      email: 'dana@zylker.example',
      customerName: 'Zylker',
      loginUrl: 'https://status.zylker.example/app/login/customer_login_portal',
    })
    expect((await prisma().portalUser.findUnique({ where: { id: user.id } }))?.status).toBe('enabled')
    const audit = await prisma().auditLog.findMany({ where: { action: 'portal-user.accept' } })
    expect(audit).toMatchObject([
      { actorSlackId: null, targetName: 'dana@zylker.example', after: { status: 'enabled' } },
    ])

    const used = await portalDump(prisma())
    expect(await acceptInvitation(prisma(), token)).toMatchObject({ state: 'accepted', userName: 'Dana' })
    expect(await invitationState(prisma(), token)).toMatchObject({ state: 'accepted' })
    expect(await portalDump(prisma())).toEqual(used)
  })

  it('of two accepts at once, one confirms', async () => {
    const { token } = await invited()
    const outcomes = await Promise.all([acceptInvitation(prisma(), token), acceptInvitation(prisma(), token)])
    expect(outcomes.map((o) => o.state).sort()).toEqual(['accepted', 'confirmed'])
    expect(await prisma().auditLog.count({ where: { action: 'portal-user.accept' } })).toBe(1)
  })

  it('die on reinvite: the old link is replaced, the new one works', async () => {
    const { tess, user, token } = await invited()
    const reinvited = await reinvitePortalUser(prisma(), tess, user.id, options)
    expect(reinvited.status).toBe('done')
    const [first, second] = await prisma().portalInvitation.findMany({ orderBy: { id: 'asc' } })
    expect(reinvited.user?.invitationExpiresAt).toEqual(second?.expiresAt)
    expect(second?.id).toBeGreaterThan(first?.id ?? Infinity)
    const mails = await outbox(prisma())
    expect(mails).toHaveLength(2)
    const fresh = tokenIn(mails[1]?.body ?? '')
    expect(fresh).not.toBe(token)
    expect(await invitationState(prisma(), token)).toEqual({ state: 'revoked', reason: 'replaced' })
    const before = await portalDump(prisma())
    expect(await acceptInvitation(prisma(), token)).toEqual({ state: 'revoked', reason: 'replaced' })
    expect(await portalDump(prisma())).toEqual(before)
    expect((await acceptInvitation(prisma(), fresh)).state).toBe('confirmed')
  })

  it('die with their deleted user', async () => {
    const { tess, user, token } = await invited()
    expect((await deletePortalUser(prisma(), tess, user.id)).status).toBe('done')
    expect(await invitationState(prisma(), token)).toEqual({ state: 'revoked', reason: 'deleted' })
    expect(await acceptInvitation(prisma(), token)).toEqual({ state: 'revoked', reason: 'deleted' })
    expect(await prisma().portalUser.count()).toBe(0)
  })

  it('expire after the setting’s days, and an expired link confirms nobody', async () => {
    const { user, token } = await invited()
    const invitation = await prisma().portalInvitation.findFirstOrThrow()
    const later = (hours: number) => ({ now: () => addHours(invitation.createdAt, hours) })
    expect((await invitationState(prisma(), token, later(7 * 24 - 1))).state).toBe('pending')
    expect(await invitationState(prisma(), token, later(7 * 24))).toEqual({
      state: 'expired',
      expiresAt: addDays(invitation.createdAt, 7),
    })
    expect((await acceptInvitation(prisma(), token, later(7 * 24 + 1))).state).toBe('expired')
    expect((await prisma().portalUser.findUnique({ where: { id: user.id } }))?.status).toBe('unconfirmed')
  })

  it.each([
    ['forged', 'A'.repeat(43)],
    ['truncated', 'TRUNCATE'],
    ['empty', ''],
    ['not base64url', `${'x'.repeat(42)}/`],
  ])('answer a %s token as unknown', async (_, forged) => {
    const { token } = await invited()
    const truncated = forged === 'TRUNCATE' ? token.slice(0, 42) : forged
    expect(await invitationState(prisma(), truncated)).toEqual({ state: 'unknown' })
    expect(await acceptInvitation(prisma(), truncated)).toEqual({ state: 'unknown' })
    expect((await prisma().portalUser.findFirstOrThrow()).status).toBe('unconfirmed')
  })
})
