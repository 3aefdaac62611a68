// The daily digest of invitation reminders, posted to the notify channel through the fake Slack by the
// poster src/app wires in: once a day however often the job runs (restarts, retries, two jobs on the real
// queue), nothing without reminders or without a channel, and a failed post retried without losing the day.
import { addDays, addHours, subDays } from 'date-fns'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { invitationDigestPoster } from '../../src/app/invitation-digest.ts'
import {
  digestDueAtStart,
  INVITATION_REMINDERS,
  invitationRemindersJob,
  type JobQueue,
  runInvitationDigest,
  startJobQueue,
} from '../../src/jobs/index.ts'
import { parseReminderRef } from '../../src/slack/blocks/invitation-reminders.ts'
import { seedPortalUser, seedPortalWorld } from '../services/portal/support.ts'
import { buttons, shownText } from '../slack/subcommands/driver.ts'
import { useTestDatabase } from '../support/db.ts'
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts'

const BOT_TOKEN = 'xoxb-digest-test'
const CHANNEL = 'C0NOTIFY'
const NOW = new Date('2026-12-10T08:00:00Z')

const db = useTestDatabase()
let fake: FakeSlack
beforeAll(async () => {
  fake = await startFakeSlack({ botToken: BOT_TOKEN })
})
beforeEach(() => fake.reset())
afterEach(() => expect(fake.violations).toEqual([]))
afterAll(async () => {
  await fake.close()
})

const poster = () =>
  invitationDigestPoster({ channel: CHANNEL, botToken: BOT_TOKEN, slackApiUrl: fake.apiUrl })
const posts = () => fake.callsTo('chat.postMessage')

/** Zylker's Ann, invited 5 days before NOW and still unconfirmed. */
async function seedWaitingInvitation() {
  const prisma = db().prisma
  const world = await seedPortalWorld(prisma)
  const ann = await seedPortalUser(prisma, world.zylker, { name: 'Ann', status: 'unconfirmed' })
  await prisma.portalUser.update({ where: { id: ann.id }, data: { createdAt: subDays(NOW, 6) } })
  await prisma.portalInvitation.create({
    data: { portalUserId: ann.id, tokenHash: 'ann', createdAt: subDays(NOW, 5), expiresAt: addDays(NOW, 2) },
  })
  return ann
}

describe('the daily invitation digest', () => {
  it('posts once a day to the notify channel: a second run that day posts nothing, the next day posts again', async () => {
    const ann = await seedWaitingInvitation()
    const post = poster()
    const run = (at: Date) => runInvitationDigest(db().prisma, { post, now: () => at })
    expect(await run(NOW)).toBe('posted')
    expect(await run(addHours(NOW, 3))).toBe('already posted today') // a restart later that day
    expect(posts()).toHaveLength(1)
    const [first] = posts()
    expect(first?.args.channel).toBe(CHANNEL)
    expect(String(first?.args.unfurl_links)).toBe('false') // form-encoded by the Web API client
    const shown = shownText(first?.args)
    expect(shown).toContain('1 portal invitation unconfirmed for 3 days or more')
    expect(shown).toContain('*Ann* (ann@zylker.example) of *Zylker*')
    expect(shown).toContain('invited 2026-12-05, 5 days ago')
    const reinvite = buttons(first?.args.blocks).map((b) => ({ ...b, ref: parseReminderRef(b.value) }))
    expect(reinvite).toEqual([
      expect.objectContaining({
        actionId: 'reminder_reinvite',
        text: 'Reinvite',
        ref: { portalUserId: ann.id, customerId: ann.customerId, invitedAt: subDays(NOW, 5).getTime() },
      }),
    ])
    expect(await run(addDays(NOW, 1))).toBe('posted')
    expect(posts()).toHaveLength(2)
  })

  it('on the real queue: two runs of the job on one day make one post', async () => {
    await seedWaitingInvitation()
    const lines: string[] = []
    let queue: JobQueue | undefined
    try {
      queue = await startJobQueue(db(), {
        jobs: [invitationRemindersJob((line) => lines.push(line), { post: poster(), now: () => NOW })],
        log: (line) => lines.push(line),
        pollingIntervalSeconds: 0.5,
      })
      await queue.send(INVITATION_REMINDERS, {})
      await queue.send(INVITATION_REMINDERS, {})
      const deadline = Date.now() + 30_000
      while (lines.filter((l) => l.startsWith('invitation reminders:')).length < 2) {
        if (Date.now() > deadline) throw new Error(`the two jobs did not finish: ${lines.join('\n')}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    } finally {
      await queue?.stop({ timeoutMs: 2000 })
    }
    expect(lines.filter((l) => l.startsWith('invitation reminders:')).sort()).toEqual([
      'invitation reminders: already posted today',
      'invitation reminders: posted the daily digest',
    ])
    expect(posts()).toHaveLength(1)
  }, 60_000)

  it('posts nothing when nothing waits long enough, and nothing without a channel or Slack', async () => {
    const prisma = db().prisma
    const world = await seedPortalWorld(prisma)
    expect(await runInvitationDigest(prisma, { post: poster(), now: () => NOW })).toBe('nothing to remind')
    expect(posts()).toHaveLength(0)
    // Nothing was claimed: once something waits, that same day's run posts.
    const bob = await seedPortalUser(prisma, world.zylker, { name: 'Bob', status: 'unconfirmed' })
    await prisma.portalUser.update({ where: { id: bob.id }, data: { createdAt: subDays(NOW, 4) } })
    expect(invitationDigestPoster({ botToken: BOT_TOKEN, slackApiUrl: fake.apiUrl })).toBeNull()
    expect(invitationDigestPoster({ channel: CHANNEL, slackApiUrl: fake.apiUrl })).toBeNull()
    expect(await runInvitationDigest(prisma, { post: null, now: () => NOW })).toBe('no channel')
    expect(posts()).toHaveLength(0)
    expect(await runInvitationDigest(prisma, { post: poster(), now: () => NOW })).toBe('posted')
    expect(shownText(posts()[0]?.args)).toContain('no invitation sent (added 4 days ago)')
    // Without a poster the job has no schedule at all.
    expect(invitationRemindersJob(() => {}, { post: null }).cron).toBeUndefined()
    expect(invitationRemindersJob(() => {}, { post: poster() }).cron).toBe('0 8 * * *')
    // A start from 08:00 UTC on runs it at once too (a day the app was down at 08:00); before, it waits.
    expect(digestDueAtStart(new Date('2026-12-10T07:59:59Z'))).toBe(false)
    expect(digestDueAtStart(new Date('2026-12-10T08:00:00Z'))).toBe(true)
    expect(digestDueAtStart(new Date('2026-12-10T23:59:00Z'))).toBe(true)
  })

  it('a post Slack refuses fails the run and gives the day back: the retry posts it', async () => {
    await seedWaitingInvitation()
    const post = poster()
    fake.failNext('chat.postMessage', { error: 'channel_not_found' })
    await expect(runInvitationDigest(db().prisma, { post, now: () => NOW })).rejects.toThrow(
      /channel_not_found/,
    )
    expect(await runInvitationDigest(db().prisma, { post, now: () => addHours(NOW, 1) })).toBe('posted')
    expect(posts()).toHaveLength(2) // the refused one and the one that went through
    expect(await runInvitationDigest(db().prisma, { post, now: () => addHours(NOW, 2) })).toBe(
      'already posted today',
    )
  })
})
