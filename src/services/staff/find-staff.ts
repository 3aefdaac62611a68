// Finding the MSP user behind a Slack user: by Slack user id, else by the email of their Slack profile.
import type { Db } from '../../db/client.ts'
import type { StaffActor } from '../actor.ts'

const toActor = (user: { id: number; name: string; role: StaffActor['role'] }, slackUserId: string) => ({
  slackUserId,
  name: user.name,
  mspUserId: user.id,
  role: user.role,
})

/** Every request starts here: one raw statement (a findUnique costs about twice the CPU, see the README). */
export async function findStaffBySlackId(db: Db, slackUserId: string): Promise<StaffActor | null> {
  const [user] = await db.$queryRaw<Array<{ id: number; name: string; role: StaffActor['role'] }>>`
    SELECT id, name, role::text AS role FROM "MspUser" WHERE "slackUserId" = ${slackUserId}`
  return user ? toActor(user, slackUserId) : null
}

/**
 * The MSP user with this email, remembered as that Slack user's from now on. Null when there is none, or
 * when that MSP user is already bound to another Slack account.
 */
export async function linkStaffByEmail(
  db: Db,
  email: string,
  slackUserId: string,
): Promise<StaffActor | null> {
  const user = await db.mspUser.findUnique({ where: { email: email.toLowerCase() } })
  if (!user) return null
  if (user.slackUserId === null) await db.mspUser.update({ where: { id: user.id }, data: { slackUserId } })
  else if (user.slackUserId !== slackUserId) return null
  return toActor(user, slackUserId)
}
