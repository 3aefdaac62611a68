// Maps a Slack user to an MSP user: by Slack user id, else by their Slack profile email (then remembered).
import type { WebClient } from '@slack/web-api'
import type { Db } from '../db/client.ts'
import type { StaffActor } from '../services/actor.ts'

export type StaffLookup = { kind: 'staff'; actor: StaffActor } | { kind: 'unknown'; email: string | null }

export async function resolveStaff(db: Db, client: WebClient, slackUserId: string): Promise<StaffLookup> {
  const byId = await db.mspUser.findUnique({ where: { slackUserId } })
  if (byId) return { kind: 'staff', actor: toActor(byId, slackUserId) }
  const info = await client.users.info({ user: slackUserId }).catch((error: unknown) => {
    // Slack does not know this user (e.g. from another workspace): then they are no MSP user either.
    if ((error as { data?: { error?: string } })?.data?.error === 'user_not_found') return null
    throw error
  })
  const email = info?.user?.profile?.email?.toLowerCase() ?? null
  if (!email) return { kind: 'unknown', email: null }
  const byEmail = await db.mspUser.findUnique({ where: { email } })
  if (!byEmail) return { kind: 'unknown', email }
  // Cache the mapping, unless that MSP user is already bound to another Slack account.
  if (byEmail.slackUserId === null)
    await db.mspUser.update({ where: { id: byEmail.id }, data: { slackUserId } })
  else if (byEmail.slackUserId !== slackUserId) return { kind: 'unknown', email }
  return { kind: 'staff', actor: toActor(byEmail, slackUserId) }
}

function toActor(
  user: { id: number; name: string; role: StaffActor['role'] },
  slackUserId: string,
): StaffActor {
  return { slackUserId, name: user.name, mspUserId: user.id, role: user.role }
}
