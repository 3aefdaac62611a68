// Maps a Slack user to an MSP user: by Slack user id, else by their Slack profile email (then remembered).
import type { WebClient } from '@slack/web-api'
import type { StaffActor } from '../../services/actor.ts'
import type { Services } from '../../services/index.ts'

export type StaffLookup = { kind: 'staff'; actor: StaffActor } | { kind: 'unknown'; email: string | null }

export async function resolveStaff(
  services: Services,
  client: WebClient,
  slackUserId: string,
): Promise<StaffLookup> {
  const byId = await services.staff.findBySlackId(slackUserId)
  if (byId) return { kind: 'staff', actor: byId }
  const info = await client.users.info({ user: slackUserId }).catch((error: unknown) => {
    // Slack does not know this user (e.g. from another workspace): then they are no MSP user either.
    if ((error as { data?: { error?: string } })?.data?.error === 'user_not_found') return null
    throw error
  })
  const email = info?.user?.profile?.email?.toLowerCase() ?? null
  if (!email) return { kind: 'unknown', email: null }
  const byEmail = await services.staff.linkByEmail(email, slackUserId)
  return byEmail ? { kind: 'staff', actor: byEmail } : { kind: 'unknown', email }
}
