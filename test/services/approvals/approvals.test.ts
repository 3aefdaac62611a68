// Four-eyes approvals: who must ask, the request (reason, audit, one per user and action), the decision
// (approvers only, never one's own, once), an action that no longer applies, and expiry with a moved clock.
import { addHours, addMinutes } from 'date-fns'
import { describe, expect, it } from 'vitest'
import {
  approvalSettingsFrom,
  DEFAULT_APPROVAL_SETTINGS,
  needsApproval,
} from '../../../src/domain/approvals.ts'
import type { StaffActor } from '../../../src/services/actor.ts'
import { approvalServices } from '../../../src/services/approvals/index.ts'
import { ServiceError } from '../../../src/services/errors.ts'
import { useTestDatabase } from '../../support/db.ts'
import { PUBLIC_URL, portalDump, seedPortalUser, seedPortalWorld } from '../portal/support.ts'

const db = useTestDatabase()
const prisma = () => db().prisma

const T0 = new Date('2026-12-03T09:00:00Z')

/** The services with a clock the test moves. */
function servicesAt() {
  let now = T0
  const services = approvalServices(prisma(), { invitations: { publicUrl: PUBLIC_URL }, now: () => now })
  const at = (when: Date) => {
    now = when
  }
  return { services, at }
}

async function world() {
  const s = await seedPortalWorld(prisma())
  const dana = await seedPortalUser(prisma(), s.zylker, { name: 'Dana', status: 'enabled' })
  return { ...s, dana: dana.id }
}

const approvalRows = () => prisma().approval.findMany({ orderBy: { createdAt: 'asc' } })
const auditActions = async () =>
  (await prisma().auditLog.findMany({ orderBy: { id: 'asc' } })).map((a) => a.action)

describe('approval rules (domain)', () => {
  it('below the approver role a listed action needs approval; approvers run it themselves', () => {
    const s = DEFAULT_APPROVAL_SETTINGS
    expect(needsApproval(s, 'delete', 'technician')).toBe(true)
    expect(needsApproval(s, 'delete', 'manager')).toBe(true)
    expect(needsApproval(s, 'delete', 'admin')).toBe(false)
    expect(needsApproval(s, 'disable', 'technician')).toBe(false)
  })

  it('the stored settings: unknown actions ignored, the delete flag can switch delete off', () => {
    const row = {
      approvalActions: ['delete', 'disable', 'explode'],
      approverRole: 'manager' as const,
      approvalExpiryHours: 2,
    }
    expect(approvalSettingsFrom({ ...row, portalDeleteNeedsApproval: true }).actions).toEqual([
      'delete',
      'disable',
    ])
    expect(approvalSettingsFrom({ ...row, portalDeleteNeedsApproval: false }).actions).toEqual(['disable'])
    expect(approvalSettingsFrom({ ...row, portalDeleteNeedsApproval: true }).approverRole).toBe('manager')
  })
})

describe('requesting', () => {
  it("a technician's delete becomes a pending request (who, what, why, expiry), audited; the user stays", async () => {
    const s = await world()
    const { services } = servicesAt()
    const out = await services.request(s.tess, {
      portalUserId: s.dana,
      action: 'delete',
      reason: ' left the company ',
    })
    expect(out.status).toBe('requested')
    if (out.status !== 'requested') return
    expect(out.request).toMatchObject({
      action: 'delete',
      status: 'pending',
      reason: 'left the company',
      target: { portalUserId: s.dana, name: 'Dana', email: 'dana@zylker.example', customer: 'Zylker' },
      requestedBy: { slackUserId: s.tess.slackUserId, name: s.tess.name },
    })
    expect(out.request.expiresAt.toISOString()).toBe(addHours(T0, 24).toISOString())
    expect(await prisma().portalUser.count({ where: { id: s.dana } })).toBe(1)
    expect(await auditActions()).toEqual(['approval.request'])
  })

  it('an admin needs no request; an empty reason is a field problem writing nothing', async () => {
    const s = await world()
    const { services } = servicesAt()
    expect(await services.request(s.priya, { portalUserId: s.dana, action: 'delete', reason: 'x' })).toEqual({
      status: 'notNeeded',
    })
    const before = await portalDump(prisma())
    const out = await services.request(s.tess, { portalUserId: s.dana, action: 'delete', reason: '   ' })
    expect(out).toEqual({
      status: 'invalid',
      problems: [{ field: 'reason', problem: { code: 'approval.reasonMissing' } }],
    })
    expect(await portalDump(prisma())).toEqual(before)
    expect(await approvalRows()).toEqual([])
  })

  it('a second request for the same delete is the first one; viewers and other customers are refused', async () => {
    const s = await world()
    const { services } = servicesAt()
    const first = await services.request(s.tess, { portalUserId: s.dana, action: 'delete', reason: 'a' })
    const again = await services.request(s.tess, { portalUserId: s.dana, action: 'delete', reason: 'b' })
    expect(again.status).toBe('alreadyPending')
    if (first.status === 'requested' && again.status === 'alreadyPending')
      expect(again.request.id).toBe(first.request.id)
    await expect(
      services.request(s.vic, { portalUserId: s.dana, action: 'delete', reason: 'a' }),
    ).rejects.toThrow(ServiceError)
    const acmeUser = await seedPortalUser(prisma(), s.acme, { name: 'Ann', email: 'ann@acme.example' })
    await expect(
      services.request(s.tess, { portalUserId: acmeUser.id, action: 'delete', reason: 'a' }),
    ).rejects.toMatchObject({ problem: { code: 'staff.notAssociated' } })
    expect(await approvalRows()).toHaveLength(1)
  })
})

async function requested(
  services: ReturnType<typeof servicesAt>['services'],
  actor: StaffActor,
  portalUserId: number,
) {
  const out = await services.request(actor, { portalUserId, action: 'delete', reason: 'left' })
  if (out.status !== 'requested') throw new Error(`not requested: ${out.status}`)
  return out.request
}

describe('deciding', () => {
  it('an admin approves: the delete runs once, the request records who and when, audited', async () => {
    const s = await world()
    const { services, at } = servicesAt()
    const r = await requested(services, s.tess, s.dana)
    at(addMinutes(T0, 5))
    const out = await services.decide(s.priya, r.id, 'approve')
    expect(out.status).toBe('decided')
    if (out.status !== 'decided') return
    expect(out.result?.status).toBe('done')
    expect(out.request).toMatchObject({
      status: 'approved',
      outcome: 'done',
      decidedBy: { name: s.priya.name },
    })
    expect(out.request.decidedAt?.toISOString()).toBe(addMinutes(T0, 5).toISOString())
    expect(await prisma().portalUser.count({ where: { id: s.dana } })).toBe(0)
    // A second click (or a second admin) finds it decided and changes nothing.
    const before = await portalDump(prisma())
    expect((await services.decide(s.priya, r.id, 'approve')).status).toBe('alreadyDecided')
    expect((await services.decide(s.priya, r.id, 'deny')).status).toBe('alreadyDecided')
    expect(await portalDump(prisma())).toEqual(before)
    expect(await auditActions()).toEqual(['approval.request', 'portal-user.delete', 'approval.approve'])
  })

  it('two approvals at once run the delete once', async () => {
    const s = await world()
    const { services } = servicesAt()
    const r = await requested(services, s.tess, s.dana)
    const both = await Promise.all([
      services.decide(s.priya, r.id, 'approve'),
      services.decide(s.priya, r.id, 'approve'),
    ])
    expect(both.map((o) => o.status).sort()).toEqual(['alreadyDecided', 'decided'])
    expect((await auditActions()).filter((a) => a === 'portal-user.delete')).toHaveLength(1)
  })

  it('deny: nothing runs, the user stays', async () => {
    const s = await world()
    const { services } = servicesAt()
    const r = await requested(services, s.tess, s.dana)
    const out = await services.decide(s.priya, r.id, 'deny')
    expect(out).toMatchObject({
      status: 'decided',
      decision: 'deny',
      request: { status: 'denied', outcome: null },
    })
    expect(await prisma().portalUser.count({ where: { id: s.dana } })).toBe(1)
    expect(await auditActions()).toEqual(['approval.request', 'approval.deny'])
  })

  it('refused: a manager or technician (not approvers), and an approver on their own request; nothing changes', async () => {
    const s = await world()
    const { services } = servicesAt()
    const r = await requested(services, s.tess, s.dana)
    const before = await portalDump(prisma())
    expect(await services.decide(s.mona, r.id, 'approve')).toMatchObject({
      status: 'refused',
      why: 'notApprover',
    })
    expect(await services.decide(s.tess, r.id, 'approve')).toMatchObject({
      status: 'refused',
      why: 'notApprover',
    })
    // An approver role of technician: Tess could decide others' requests, never her own.
    await prisma().setting.upsert({
      where: { id: 1 },
      create: { approverRole: 'technician' },
      update: { approverRole: 'technician' },
    })
    expect(await services.decide(s.tess, r.id, 'approve')).toMatchObject({
      status: 'refused',
      why: 'ownRequest',
    })
    expect(await portalDump(prisma())).toEqual(before)
    expect((await approvalRows())[0]?.status).toBe('pending')
  })

  it('approving after the user was deleted meanwhile records that nothing ran', async () => {
    const s = await world()
    const { services } = servicesAt()
    const r = await requested(services, s.tess, s.dana)
    await prisma().portalUser.delete({ where: { id: s.dana } })
    const out = await services.decide(s.priya, r.id, 'approve')
    expect(out).toMatchObject({
      status: 'decided',
      request: { status: 'approved', outcome: 'notApplicable:gone' },
    })
    expect((await auditActions()).filter((a) => a === 'portal-user.delete')).toEqual([])
  })

  it('an unknown id is unknown', async () => {
    const { services } = servicesAt()
    const s = await world()
    expect(await services.decide(s.priya, 'no-such-id', 'approve')).toEqual({ status: 'unknown' })
  })
})

describe('expiry (clock moved)', () => {
  it('past its expiry a click answers expired and runs nothing; the sweep marks the others once', async () => {
    const s = await world()
    const eli = await seedPortalUser(prisma(), s.zylker, { name: 'Eli', status: 'disabled' })
    const { services, at } = servicesAt()
    const r1 = await requested(services, s.tess, s.dana)
    const r2 = await requested(services, s.tess, eli.id)
    at(addHours(T0, 23))
    expect(await services.expireDue()).toEqual([])
    expect((await services.pending(s.priya)).requests.map((r) => r.id).sort()).toEqual([r1.id, r2.id].sort())
    expect(await services.countPending(s.priya)).toBe(2)
    expect(await services.countPending(s.tess)).toBe(2)
    expect(await services.countPending(s.mona)).toBe(0)
    at(addHours(T0, 24))
    expect(await services.countPending(s.priya)).toBe(0)
    const click = await services.decide(s.priya, r1.id, 'approve')
    expect(click).toMatchObject({ status: 'expired', justExpired: true, request: { status: 'expired' } })
    expect(await prisma().portalUser.count({ where: { id: s.dana } })).toBe(1)
    const swept = await services.expireDue()
    expect(swept.map((r) => r.id)).toEqual([r2.id])
    expect(await services.expireDue()).toEqual([])
    expect(await services.decide(s.priya, r2.id, 'approve')).toMatchObject({
      status: 'expired',
      justExpired: false,
    })
    expect(await services.decide(s.priya, r1.id, 'approve')).toMatchObject({
      status: 'expired',
      justExpired: false,
    })
    expect(await prisma().portalUser.count()).toBe(2)
    expect(await auditActions()).toEqual([
      'approval.request',
      'approval.request',
      'approval.expire',
      'approval.expire',
    ])
  })
})
