// The daily digest of invitation reminders (src/services/portal/reminders.ts), posted to the notify
// channel at 08:00 UTC. The job does not know Slack: src/app gives it `post` (the jobs layer may not import
// src/slack), or none when there is no channel or no Slack, and then the job posts nothing.
//
// Once a day: the day's digest is claimed (a key in the database) before it is posted, so a second run on
// the same day — a restart, a retry after a crash, another process on PostgreSQL — finds the claim and
// posts nothing. A post that fails gives the claim back and the job is retried with its backoff. The one
// gap is a process killed between the claim and Slack's answer: that day's digest is then not posted (the
// next day's lists the same invitations again), which is preferred over posting it twice. A start after
// 08:00 UTC runs it at once too, so a day the app was down at 08:00 still gets its digest.
import {
  claimDigestDay,
  digestDay,
  digestInvitationReminders,
  type InvitationReminders,
  releaseDigestDay,
} from '../services/portal/reminders.ts'
import type { JobDefinition } from './queue.ts'

export const INVITATION_REMINDERS = 'invitation-reminders'
/** Every day at 08:00 UTC. */
export const INVITATION_REMINDERS_CRON = '0 8 * * *'
const DIGEST_HOUR_UTC = 8

/**
 * Whether a start at `now` runs the digest at once: from 08:00 UTC on, the day's digest may have been
 * missed while the app was down (the day's claim keeps it from being posted twice).
 */
export const digestDueAtStart = (now: Date) => now.getUTCHours() >= DIGEST_HOUR_UTC

/** Posts a digest to the notify channel (built and sent by src/app with the Slack client). */
export type PostDigest = (digest: InvitationReminders) => Promise<void>

export interface InvitationRemindersJobOptions {
  /** null: no notify channel or no Slack, nothing is posted. */
  post: PostDigest | null
  /** The current time (tests move it). */
  now?: () => Date
}

export type DigestOutcome = 'posted' | 'nothing to remind' | 'already posted today' | 'no channel'

/** One run of the digest: what it did. */
export async function runInvitationDigest(
  prisma: Parameters<JobDefinition['run']>[1]['prisma'],
  options: InvitationRemindersJobOptions,
): Promise<DigestOutcome> {
  const { post } = options
  if (!post) return 'no channel'
  const now = options.now?.() ?? new Date()
  const digest = await digestInvitationReminders(prisma, { now: () => now })
  if (digest.total === 0) return 'nothing to remind'
  const day = digestDay(now)
  if (!(await claimDigestDay(prisma, day))) return 'already posted today'
  try {
    await post(digest)
  } catch (error) {
    await releaseDigestDay(prisma, day)
    throw error
  }
  return 'posted'
}

export function invitationRemindersJob(
  log: (line: string) => void,
  options: InvitationRemindersJobOptions,
): JobDefinition {
  return {
    name: INVITATION_REMINDERS,
    ...(options.post ? { cron: INVITATION_REMINDERS_CRON } : {}),
    retryLimit: 5,
    retryDelaySeconds: 60,
    expireInSeconds: 5 * 60,
    async run(_data, { prisma }) {
      const outcome = await runInvitationDigest(prisma, options)
      if (outcome === 'posted') log('invitation reminders: posted the daily digest')
      else if (outcome === 'already posted today') log('invitation reminders: already posted today')
    },
  }
}
