// Portal users in the snapshot: status, role and admin flag go out and come back; invitation tokens never
// leave the database.
import { describe, expect, it } from 'vitest'
import { snapshotIssueLines } from '../../../src/messages/snapshot.ts'
import { addPortalUser } from '../../../src/services/portal/add-portal-user.ts'
import { acceptInvitation } from '../../../src/services/portal/invitations.ts'
import { disablePortalUser } from '../../../src/services/portal/portal-user-actions.ts'
import { exportSnapshot, serializeSnapshot } from '../../../src/services/snapshot/export-snapshot.ts'
import { importSnapshot } from '../../../src/services/snapshot/import-snapshot.ts'
import { useTestDatabase } from '../../support/db.ts'
import { seedWorld } from '../../support/seed.ts'
import { outbox, PUBLIC_URL, tokenIn } from './support.ts'

const db = useTestDatabase()
const prisma = () => db().prisma
const options = { publicUrl: PUBLIC_URL }

/** Zylker: Dana (enabled, portal admin, spokesperson), Eli (disabled), Fay (unconfirmed, invited). */
async function seedBook() {
  // Slack ids a snapshot accepts (the roster's U1…U4 are too short for it)
  const w = await seedWorld(prisma(), {
    users: [{ name: 'Tess', role: 'technician', slackUserId: 'U0TESS' }],
    customers: [{ name: 'Zylker', portalDomain: 'status.zylker.example', directUsers: ['Tess'] }],
  })
  const tess = w.actor('Tess')
  const zylker = w.customerId('Zylker')
  const add = async (name: string, extra: { role?: string; isAdmin?: boolean } = {}) => {
    const outcome = await addPortalUser(
      prisma(),
      tess,
      { customerId: zylker, name, email: `${name.toLowerCase()}@zylker.example`, ...extra },
      options,
    )
    if (outcome.status !== 'added') throw new Error(`${name} not added`)
    const mail = (await outbox(prisma())).at(-1)
    return { id: outcome.user.id, token: tokenIn(mail?.body ?? '') }
  }
  const dana = await add('Dana', { role: 'spokesperson', isAdmin: true })
  const eli = await add('Eli')
  const fay = await add('Fay')
  await acceptInvitation(prisma(), dana.token)
  await acceptInvitation(prisma(), eli.token)
  await disablePortalUser(prisma(), tess, eli.id)
  return { fay }
}

describe('portal users in the snapshot', () => {
  it('are exported with status, role and admin flag, and no invitation token or its hash', async () => {
    const { fay } = await seedBook()
    const snapshot = await exportSnapshot(prisma())
    expect(snapshot.portalUsers).toEqual([
      {
        customer: 'Zylker',
        name: 'Dana',
        email: 'dana@zylker.example',
        status: 'enabled',
        role: 'spokesperson',
        admin: true,
      },
      {
        customer: 'Zylker',
        name: 'Eli',
        email: 'eli@zylker.example',
        status: 'disabled',
        role: 'operator',
        admin: false,
      },
      {
        customer: 'Zylker',
        name: 'Fay',
        email: 'fay@zylker.example',
        status: 'unconfirmed',
        role: 'operator',
        admin: false,
      },
    ])
    const text = await serializeSnapshot(snapshot)
    const hashes = (await prisma().portalInvitation.findMany()).map((i) => i.tokenHash)
    expect(hashes).toHaveLength(3)
    for (const secret of [fay.token, ...hashes]) expect(text).not.toContain(secret)
    expect(text).not.toMatch(/invitation|token/i)
  })

  it('come back the same from an export, without invitations', async () => {
    await seedBook()
    const exported = await exportSnapshot(prisma())
    const result = await importSnapshot(prisma(), JSON.parse(await serializeSnapshot(exported)))
    expect(result.ok).toBe(true)
    expect(await exportSnapshot(prisma())).toEqual(exported)
    expect(await prisma().portalInvitation.count()).toBe(0)
  })

  it('refuse a role that is not one of the seven, naming the entry', async () => {
    const result = await importSnapshot(prisma(), {
      customers: [{ name: 'Zylker' }],
      portalUsers: [
        { customer: 'Zylker', name: 'Dana', email: 'dana@zylker.example', role: 'read_only' },
        { customer: 'Zylker', name: 'Eli', email: 'eli@zylker.example', role: 'superuser' },
      ],
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(snapshotIssueLines(result.problems)).toEqual([
      'portalUsers[1].role: Invalid option: expected one of "client_portal"|"admin"|"operator"|"read_only"|"spokesperson"|"hosting_provider"|"alert_contact"',
    ])
    expect(await prisma().portalUser.count()).toBe(0)
  })
})
