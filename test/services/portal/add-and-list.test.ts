// Add portal user and the portal user list: field problems, one admin, scope and roles, the invitation mail.
import { addDays } from 'date-fns'
import { describe, expect, it } from 'vitest'
import { problemMessage } from '../../../src/messages/problems.ts'
import { ServiceError } from '../../../src/services/errors.ts'
import { addPortalUser } from '../../../src/services/portal/add-portal-user.ts'
import { hashInvitationToken } from '../../../src/services/portal/invitations.ts'
import { listPortalUsers } from '../../../src/services/portal/list-portal-users.ts'
import { useTestDatabase } from '../../support/db.ts'
import { latestToken, outbox, PUBLIC_URL, portalDump, seedPortalUser, seedPortalWorld } from './support.ts'

const db = useTestDatabase()
const prisma = () => db().prisma
const options = { publicUrl: `${PUBLIC_URL}/` }

const refusal = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ServiceError)
  return (error as ServiceError).problem
}

describe('Add portal user', () => {
  it('adds an unconfirmed operator and puts its invitation in the outbox, in one go', async () => {
    const { tess, zylker } = await seedPortalWorld(prisma())
    const outcome = await addPortalUser(
      prisma(),
      tess,
      { customerId: zylker, name: ' Dana Li ', email: ' Dana@Zylker.Example ' },
      options,
    )
    expect(outcome.status).toBe('added')
    if (outcome.status !== 'added') return
    expect(outcome.user).toMatchObject({
      name: 'Dana Li',
      email: 'dana@zylker.example',
      status: 'unconfirmed',
      role: 'operator',
      isAdmin: false,
    })
    expect(outcome.user.invitedAt).toBeInstanceOf(Date)
    expect(outcome.user.invitationExpiresAt).toEqual(addDays(outcome.user.invitedAt as Date, 7))
    expect(outcome.customer.loginUrl).toBe('https://status.zylker.example/app/login/customer_login_portal')

    const [mail, ...more] = await outbox(prisma())
    expect(more).toEqual([])
    expect(mail?.to).toBe('dana@zylker.example')
    expect(mail?.subject).toBe('Invitation to the Zylker portal')
    expect(mail?.body).toContain('https://status.zylker.example/app/login/customer_login_portal')
    expect(mail?.body).toContain('as Operator (MSP Customer)')
    expect(mail?.body).toContain('Tess invited you')
    const token = await latestToken(prisma())
    expect(mail?.body).toContain(`${PUBLIC_URL}/portal/invitations/${token}`)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const [invitation, ...others] = await prisma().portalInvitation.findMany()
    expect(others).toEqual([])
    expect(invitation?.tokenHash).toBe(hashInvitationToken(token))
    expect(JSON.stringify(invitation)).not.toContain(token)
    expect(invitation?.expiresAt.getTime()).toBe(addDays(invitation?.createdAt as Date, 7).getTime())

    const audit = await prisma().auditLog.findMany()
    expect(audit).toMatchObject([
      {
        actorSlackId: 'U3',
        action: 'portal-user.add',
        targetType: 'portal-user',
        targetName: 'dana@zylker.example',
        customers: ['Zylker'],
      },
    ])
  })

  it('makes each invitation token different and keeps the expiry setting', async () => {
    const { priya, zylker } = await seedPortalWorld(prisma())
    await prisma().setting.upsert({ where: { id: 1 }, create: { portalInvitationDays: 2 }, update: {} })
    for (const name of ['Dana', 'Eli'])
      await addPortalUser(
        prisma(),
        priya,
        { customerId: zylker, name, email: `${name}@zylker.example` },
        options,
      )
    const invitations = await prisma().portalInvitation.findMany()
    expect(new Set(invitations.map((i) => i.tokenHash)).size).toBe(2)
    for (const i of invitations) expect(i.expiresAt.getTime()).toBe(addDays(i.createdAt, 2).getTime())
  })

  it('takes any of the seven roles and a portal admin when the customer has none', async () => {
    const { tess, zylker } = await seedPortalWorld(prisma())
    const outcome = await addPortalUser(
      prisma(),
      tess,
      { customerId: zylker, name: 'Dana', email: 'dana@zylker.example', role: 'spokesperson', isAdmin: true },
      options,
    )
    expect(outcome).toMatchObject({ status: 'added', user: { role: 'spokesperson', isAdmin: true } })
  })

  it('answers bad input on its fields and writes nothing', async () => {
    const { tess, zylker } = await seedPortalWorld(prisma())
    const before = await portalDump(prisma())
    const outcome = await addPortalUser(
      prisma(),
      tess,
      { customerId: zylker, name: '  ', email: 'dana@zylker', role: 'superuser' },
      options,
    )
    expect(outcome.status).toBe('invalid')
    if (outcome.status !== 'invalid') return
    expect(outcome.problems.map((p) => [p.field, problemMessage(p.problem)])).toEqual([
      ['name', 'A portal user needs a name (up to 100 characters).'],
      ['email', '"dana@zylker" is not a valid email address.'],
      ['role', '"superuser" is not a portal role.'],
    ])
    expect(await portalDump(prisma())).toEqual(before)
  })

  it('refuses an email the customer already has (any case) and a second portal admin, writing nothing', async () => {
    const { tess, zylker, acme, priya } = await seedPortalWorld(prisma())
    await seedPortalUser(prisma(), zylker, { name: 'Dana', isAdmin: true })
    const before = await portalDump(prisma())
    const outcome = await addPortalUser(
      prisma(),
      tess,
      { customerId: zylker, name: 'Dana again', email: 'DANA@zylker.example', isAdmin: true },
      options,
    )
    expect(outcome.status).toBe('invalid')
    if (outcome.status !== 'invalid') return
    expect(outcome.problems.map((p) => [p.field, problemMessage(p.problem)])).toEqual([
      ['email', 'dana@zylker.example is already a portal user of Zylker.'],
      ['admin', 'Zylker already has a portal admin (Dana); a customer has one.'],
    ])
    expect(await portalDump(prisma())).toEqual(before)
    // The same email at another customer is another portal user.
    const elsewhere = await addPortalUser(
      prisma(),
      priya,
      { customerId: acme, name: 'Dana', email: 'dana@zylker.example', isAdmin: true },
      options,
    )
    expect(elsewhere.status).toBe('added')
  })

  it('of two adds of one email at once, one adds and the other gets the field error', async () => {
    const { tess, mona, zylker } = await seedPortalWorld(prisma())
    await prisma().directLink.create({ data: { customerId: zylker, mspUserId: mona.mspUserId as number } })
    await prisma().association.create({ data: { customerId: zylker, mspUserId: mona.mspUserId as number } })
    const outcomes = await Promise.all(
      [tess, mona].map((actor) =>
        addPortalUser(
          prisma(),
          actor,
          { customerId: zylker, name: 'Dana', email: 'dana@zylker.example' },
          options,
        ),
      ),
    )
    expect(outcomes.map((o) => o.status).sort()).toEqual(['added', 'invalid'])
    expect(outcomes.find((o) => o.status === 'invalid')).toMatchObject({
      problems: [{ field: 'email', problem: { code: 'portal.emailTaken' } }],
    })
    expect(await prisma().portalUser.count()).toBe(1)
    expect(await prisma().outboxMail.count()).toBe(1)
  })

  it('refuses viewers, customers not associated with a technician, and a deleted customer', async () => {
    const { tess, vic, priya, zylker, acme } = await seedPortalWorld(prisma())
    const input = (customerId: number) => ({ customerId, name: 'Dana', email: 'dana@zylker.example' })
    expect(await refusal(addPortalUser(prisma(), vic, input(zylker), options))).toEqual({
      code: 'staff.forbidden',
      capability: 'managePortalUsers',
      needed: 'technician',
      actual: 'viewer',
    })
    expect(await refusal(addPortalUser(prisma(), tess, input(acme), options))).toEqual({
      code: 'staff.notAssociated',
      customers: ['Acme'],
    })
    await prisma().customer.delete({ where: { id: acme } })
    expect(await refusal(addPortalUser(prisma(), priya, input(acme), options))).toEqual({
      code: 'record.gone',
      record: 'customer',
    })
    expect(await prisma().portalUser.count()).toBe(0)
    expect(await prisma().outboxMail.count()).toBe(0)
    expect(await prisma().auditLog.count()).toBe(0)
  })

  it('writes a mail without a login URL for a customer with no portal domain', async () => {
    const { priya, acme } = await seedPortalWorld(prisma())
    await addPortalUser(
      prisma(),
      priya,
      { customerId: acme, name: 'Gus', email: 'gus@acme.example' },
      options,
    )
    const [mail] = await outbox(prisma())
    expect(mail?.body).not.toContain('customer_login_portal')
    expect(mail?.body).toContain('the address your service provider gives you')
  })
})

describe('the portal user list', () => {
  async function seedList() {
    const world = await seedPortalWorld(prisma())
    const { zylker } = world
    await seedPortalUser(prisma(), zylker, { name: 'Zoe', status: 'enabled' })
    await seedPortalUser(prisma(), zylker, { name: 'dana', status: 'enabled', isAdmin: true })
    await seedPortalUser(prisma(), zylker, { name: 'Eli', status: 'disabled' })
    await seedPortalUser(prisma(), zylker, { name: 'Fay', status: 'unconfirmed' })
    await seedPortalUser(prisma(), world.acme, { name: 'Gus', email: 'gus@acme.example' })
    return world
  }

  it('lists all users by status then name, with the actions that apply and the counts', async () => {
    const { tess, zylker } = await seedList()
    const list = await listPortalUsers(prisma(), tess, zylker)
    expect(list.customer).toMatchObject({
      name: 'Zylker',
      portalDomain: 'status.zylker.example',
      dataCenter: 'us',
      cnameTarget: 'customer-sp.site24x7.com',
    })
    expect(list.users.map((u) => [u.name, u.status, u.actions.join('+')])).toEqual([
      ['dana', 'enabled', 'disable+delete'],
      ['Zoe', 'enabled', 'disable+delete'],
      ['Eli', 'disabled', 'enable+delete'],
      ['Fay', 'unconfirmed', 'reinvite+delete'],
    ])
    expect(list.counts).toEqual({ enabled: 2, disabled: 1, unconfirmed: 1 })
    expect(list.mayManage).toBe(true)
    expect(list.admin?.name).toBe('dana')
  })

  it('shows one category, still counting all', async () => {
    const { tess, zylker } = await seedList()
    const list = await listPortalUsers(prisma(), tess, zylker, 'disabled')
    expect(list.users.map((u) => u.name)).toEqual(['Eli'])
    expect(list.counts).toEqual({ enabled: 2, disabled: 1, unconfirmed: 1 })
  })

  it('lets a viewer read without actions, and only their customers', async () => {
    const { vic, zylker, acme } = await seedList()
    const list = await listPortalUsers(prisma(), vic, zylker)
    expect(list.mayManage).toBe(false)
    expect(list.users.every((u) => u.actions.length === 0)).toBe(true)
    expect(list.users).toHaveLength(4)
    expect(await refusal(listPortalUsers(prisma(), vic, acme))).toMatchObject({ code: 'staff.notAssociated' })
  })

  it('answers a deleted customer as gone', async () => {
    const { priya, acme } = await seedList()
    await prisma().customer.delete({ where: { id: acme } })
    expect(await refusal(listPortalUsers(prisma(), priya, acme))).toEqual({
      code: 'record.gone',
      record: 'customer',
    })
  })
})
