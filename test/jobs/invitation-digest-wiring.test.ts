// The running app wires the daily digest: with MSP_NOTIFY_CHANNEL and Slack, the invitation-reminders job
// posts to that channel with the bot token (through the fake Slack), once that day. (Without a channel the
// app gives the job no poster: test/jobs/invitation-reminders-job.test.ts.)
import { subDays } from 'date-fns'
import { describe, expect, it } from 'vitest'
import { parseEnv } from '../../src/app/env.ts'
import { launch, type RunningApp } from '../../src/app/start.ts'
import { INVITATION_REMINDERS } from '../../src/jobs/index.ts'
import { shownText } from '../slack/subcommands/driver.ts'
import { captureLog } from '../support/capture-log.ts'
import { startFakeSlack } from '../support/fake-slack.ts'

const TOKEN = 'xoxb-digest-wiring'
const CHANNEL = 'C0DIGEST'

/** Runs the digest job now and waits until the queue has finished it. */
async function runDigestJob(app: RunningApp): Promise<string> {
  const id = await app.jobs?.send(INVITATION_REMINDERS, {})
  expect(id).toBeTruthy()
  const deadline = Date.now() + 30_000
  for (;;) {
    const rows = await app.db.prisma.$queryRawUnsafe<{ state: string }[]>(
      `SELECT state::text AS state FROM pgboss.job WHERE id = '${id}'`,
    )
    const state = rows[0]?.state
    if (state === 'completed' || state === 'failed') return state
    if (Date.now() > deadline) throw new Error(`digest job still ${state}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

async function addWaitingInvitation(app: RunningApp) {
  const prisma = app.db.prisma
  const customer = await prisma.customer.create({ data: { name: 'Wiring Co', nameKey: 'wiring co' } })
  const user = await prisma.portalUser.create({
    data: {
      customerId: customer.id,
      name: 'Wanda',
      email: 'wanda@wiring.example',
      status: 'unconfirmed',
      createdAt: subDays(new Date(), 9),
    },
  })
  await prisma.portalInvitation.create({
    data: {
      portalUserId: user.id,
      tokenHash: 'wiring',
      createdAt: subDays(new Date(), 8),
      expiresAt: subDays(new Date(), 1),
    },
  })
}

describe('the digest in the running app', () => {
  it('posts to MSP_NOTIFY_CHANNEL with the bot token, once that day', async () => {
    const fake = await startFakeSlack({ botToken: TOKEN })
    const base = {
      PORT: '0',
      DATABASE_URL: 'memory://',
      SLACK_SIGNING_SECRET: 'digest-secret-123',
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: fake.apiUrl,
    }
    try {
      const withChannel = await launch({
        mode: 'start',
        env: parseEnv({ ...base, MSP_NOTIFY_CHANNEL: CHANNEL }),
        logger: captureLog().logger,
      })
      try {
        await addWaitingInvitation(withChannel)
        expect(await runDigestJob(withChannel)).toBe('completed')
        // (After 08:00 UTC the app also ran the digest at its start; whichever run came first posted it.)
        const post = await fake.waitForCall('chat.postMessage', (c) => c.args.channel === CHANNEL, 15_000)
        expect(shownText(post.args)).toContain('*Wanda* (wanda@wiring.example) of *Wiring Co*')
        expect(shownText(post.args)).toContain('link expired')
        expect(await runDigestJob(withChannel)).toBe('completed') // the same day again: nothing more
        expect(fake.callsTo('chat.postMessage')).toHaveLength(1)
      } finally {
        await withChannel.stop()
      }

      expect(fake.violations).toEqual([])
    } finally {
      await fake.close()
    }
  }, 120_000)
})
