// The approval-expiry job on the real job queue (pg-boss on the test database): a request past its expiry
// is marked expired once, its channel message rewritten without buttons and the requester DMed (through
// the fake Slack); a second run finds nothing; one not yet due stays pending.
import { subHours } from 'date-fns'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { approvalExpiryAnnouncer } from '../../../src/app/approval-expiry.ts'
import { APPROVAL_EXPIRY, approvalExpiryJob, type JobQueue, startJobQueue } from '../../../src/jobs/index.ts'
import { approvalServices } from '../../../src/services/approvals/index.ts'
import { useTestDatabase } from '../../support/db.ts'
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.ts'
import { until } from '../../support/until.ts'
import { PUBLIC_URL, seedPortalUser, seedPortalWorld } from '../portal/support.ts'

const db = useTestDatabase()
const prisma = () => db().prisma
const TOKEN = 'xoxb-test'
let fake: FakeSlack
const queues: JobQueue[] = []
beforeAll(async () => {
  fake = await startFakeSlack({ botToken: TOKEN })
})
afterEach(async () => {
  for (const q of queues.splice(0)) await q.stop({ timeoutMs: 1000 })
  expect(fake.violations).toEqual([])
  fake.reset()
})
afterAll(async () => {
  await fake.close()
})

/** Two requests by Tess: one made 25 h ago (due), one just now (not due); both posted to the channel. */
async function twoRequests() {
  const s = await seedPortalWorld(prisma())
  const dana = await seedPortalUser(prisma(), s.zylker, { name: 'Dana' })
  const eli = await seedPortalUser(prisma(), s.zylker, { name: 'Eli', status: 'disabled' })
  const make = async (portalUserId: number, at: Date, ts: string) => {
    const services = approvalServices(prisma(), { invitations: { publicUrl: PUBLIC_URL }, now: () => at })
    const out = await services.request(s.tess, { portalUserId, action: 'delete', reason: 'left' })
    if (out.status !== 'requested') throw new Error(out.status)
    await services.attachMessage(out.request.id, { channel: 'C0NOTIFY', ts })
    return out.request.id
  }
  const due = await make(dana.id, subHours(new Date(), 25), '1700000000.000001')
  const fresh = await make(eli.id, new Date(), '1700000000.000002')
  return { s, due, fresh, dana: dana.id }
}

describe('approval-expiry job', () => {
  it('marks the due request expired once, rewrites its message without buttons and DMs the requester', async () => {
    const { s, due, fresh, dana } = await twoRequests()
    const lines: string[] = []
    const announce = approvalExpiryAnnouncer({
      botToken: TOKEN,
      slackApiUrl: fake.apiUrl,
      log: (l) => lines.push(l),
    })
    const queue = await startJobQueue(db(), {
      jobs: [approvalExpiryJob((l) => lines.push(l), { announce })],
      pollingIntervalSeconds: 0.5,
      log: (l) => lines.push(l),
    })
    queues.push(queue)
    await queue.send(APPROVAL_EXPIRY, {})
    const update = await until(() =>
      fake.callsTo('chat.update').find((c) => c.args.ts === '1700000000.000001'),
    )
    const text = JSON.stringify(update.args.blocks)
    expect(text).toContain('Expired')
    expect(text).not.toContain('approval_approve')
    const dm = await until(() =>
      fake.callsTo('chat.postMessage').find((c) => c.args.channel === s.tess.slackUserId),
    )
    expect(String(dm.args.text)).toContain('expired without a decision')
    expect((await prisma().approval.findUnique({ where: { id: due } }))?.status).toBe('expired')
    expect((await prisma().approval.findUnique({ where: { id: fresh } }))?.status).toBe('pending')
    expect(await prisma().portalUser.count({ where: { id: dana } })).toBe(1)
    // A second run: nothing more is due, nothing more is said.
    const id = await queue.send(APPROVAL_EXPIRY, {})
    await until(async () => {
      const rows = await prisma().$queryRawUnsafe<{ state: string }[]>(
        `SELECT state::text AS state FROM pgboss.job WHERE id = '${id}'`,
      )
      return rows[0]?.state === 'completed' ? true : undefined
    })
    expect(fake.callsTo('chat.update')).toHaveLength(1)
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1)
    expect((await prisma().auditLog.findMany()).filter((a) => a.action === 'approval.expire')).toHaveLength(1)
    expect(lines).toContain('approvals: 1 request(s) expired without a decision')
  })

  it('without Slack the requests are still marked expired', async () => {
    const { due } = await twoRequests()
    const queue = await startJobQueue(db(), {
      jobs: [approvalExpiryJob(() => {}, { announce: null })],
      pollingIntervalSeconds: 0.5,
      log: () => {},
    })
    queues.push(queue)
    await queue.send(APPROVAL_EXPIRY, {})
    await until(async () =>
      (await prisma().approval.findUnique({ where: { id: due } }))?.status === 'expired' ? true : undefined,
    )
    expect(fake.calls).toEqual([])
  })
})
