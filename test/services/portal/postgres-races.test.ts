// Portal users under real concurrency: transactions on separate connections of a PostgreSQL server.
// CI starts a server (.ci/run) and sets POSTGRES_TEST_URL; elsewhere these tests skip, saying why.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { addPortalUser } from '../../../src/services/portal/add-portal-user.ts'
import { acceptInvitation, invitationState } from '../../../src/services/portal/invitations.ts'
import { deletePortalUser, reinvitePortalUser } from '../../../src/services/portal/portal-user-actions.ts'
import { openTestDatabase, type TestDatabase } from '../../support/db.ts'
import { latestToken, PUBLIC_URL, seedPortalWorld } from './support.ts'

const serverUrl = process.env.POSTGRES_TEST_URL
if (!serverUrl) {
  if (process.env.CI)
    throw new Error('CI must set POSTGRES_TEST_URL (see .ci/run) to test the PostgreSQL path')
  console.log(
    'Skipping portal races on PostgreSQL: POSTGRES_TEST_URL is not set (.ci/run starts a server and sets it).',
  )
}

const options = { publicUrl: PUBLIC_URL }
const times = <T>(n: number, work: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => work(i)))

describe.skipIf(!serverUrl)('portal users on a PostgreSQL server, at once', () => {
  let db: TestDatabase
  const prisma = () => db.prisma
  beforeAll(async () => {
    db = await openTestDatabase(serverUrl)
  })
  beforeEach(async () => {
    await db.truncate()
  })
  afterAll(async () => {
    await db?.close()
  })

  it('eight accepts of one link confirm the user once', async () => {
    const { tess, zylker } = await seedPortalWorld(prisma())
    await addPortalUser(
      prisma(),
      tess,
      { customerId: zylker, name: 'Dana', email: 'dana@zylker.example' },
      options,
    )
    const token = await latestToken(prisma())
    const outcomes = await times(8, () => acceptInvitation(prisma(), token))
    expect(outcomes.filter((o) => o.state === 'confirmed')).toHaveLength(1)
    expect(outcomes.filter((o) => o.state === 'accepted')).toHaveLength(7)
    expect(await prisma().auditLog.count({ where: { action: 'portal-user.accept' } })).toBe(1)
  })

  it('six adds of one email give one user, one mail, and five field errors', async () => {
    const { tess, zylker } = await seedPortalWorld(prisma())
    const outcomes = await times(6, () =>
      addPortalUser(
        prisma(),
        tess,
        { customerId: zylker, name: 'Dana', email: 'dana@zylker.example' },
        options,
      ),
    )
    expect(outcomes.filter((o) => o.status === 'added')).toHaveLength(1)
    for (const o of outcomes.filter((o) => o.status === 'invalid'))
      expect(o).toMatchObject({ problems: [{ field: 'email', problem: { code: 'portal.emailTaken' } }] })
    expect(await prisma().portalUser.count()).toBe(1)
    expect(await prisma().outboxMail.count()).toBe(1)
  })

  it('six would-be portal admins give one', async () => {
    const { tess, zylker } = await seedPortalWorld(prisma())
    const outcomes = await times(6, (i) =>
      addPortalUser(
        prisma(),
        tess,
        { customerId: zylker, name: `Admin ${i}`, email: `admin${i}@zylker.example`, isAdmin: true },
        options,
      ),
    )
    expect(outcomes.filter((o) => o.status === 'added')).toHaveLength(1)
    expect(await prisma().portalUser.count({ where: { isAdmin: true } })).toBe(1)
  })

  it('deletes and reinvites racing leave no open link and delete once', async () => {
    const { tess, zylker } = await seedPortalWorld(prisma())
    const added = await addPortalUser(
      prisma(),
      tess,
      { customerId: zylker, name: 'Dana', email: 'dana@zylker.example' },
      options,
    )
    if (added.status !== 'added') throw new Error('not added')
    const id = added.user.id
    const outcomes = await times(6, (i) =>
      i % 2 === 0 ? deletePortalUser(prisma(), tess, id) : reinvitePortalUser(prisma(), tess, id, options),
    )
    expect(outcomes.filter((o) => o.action === 'delete' && o.status === 'done')).toHaveLength(1)
    expect(await prisma().portalUser.count()).toBe(0)
    expect(await prisma().portalInvitation.count({ where: { revokedAt: null, acceptedAt: null } })).toBe(0)
    expect(await prisma().auditLog.count({ where: { action: 'portal-user.delete' } })).toBe(1)
    const mails = await prisma().outboxMail.findMany()
    for (const mail of mails) {
      const token = /invitations\/([A-Za-z0-9_-]{43})/.exec(mail.body)?.[1] ?? ''
      expect((await invitationState(prisma(), token)).state).toBe('revoked')
    }
  })
})
