import type { Db } from '../../db/client.ts'
import { loadSettings } from '../associations/load-plan-input.ts'
import { gone } from '../errors.ts'
import { type Lookup, lookupByName } from './find-by-name.ts'

/** By email (exact, case-insensitive), Slack user id, or name. */
export async function findMspUser(
  db: Db,
  typed: { email?: string; slackUserId?: string; name?: string },
): Promise<Lookup<{ id: number; name: string }>> {
  if (typed.slackUserId) {
    const u = await db.mspUser.findUnique({ where: { slackUserId: typed.slackUserId } })
    return u ? { kind: 'found', item: u } : { kind: 'missing', suggestions: [] }
  }
  if (typed.email) {
    const email = typed.email.toLowerCase()
    const u = await db.mspUser.findUnique({ where: { email } })
    if (u) return { kind: 'found', item: u }
    const all = await db.mspUser.findMany({ select: { id: true, name: true, email: true } })
    const byEmail = lookupByName(
      email,
      all.map((x) => ({ ...x, name: x.email })),
    )
    return byEmail.kind === 'found'
      ? { kind: 'found', item: all.find((x) => x.id === byEmail.item.id) ?? byEmail.item }
      : byEmail
  }
  return lookupByName(typed.name ?? '', await db.mspUser.findMany({ select: { id: true, name: true } }))
}

export async function mspUserDetail(db: Db, userId: number) {
  const [u, settings] = await Promise.all([
    db.mspUser.findUnique({
      where: { id: userId },
      include: { groups: { include: { group: true } } },
    }),
    loadSettings(db),
  ])
  if (!u) throw gone('MSP user')
  return {
    user: { id: u.id, name: u.name, email: u.email, role: u.role },
    groups: u.groups
      .map((g) => ({ id: g.group.id, name: g.group.name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    maxGroupsPerUser: settings.maxGroupsPerUser,
  }
}

/** One MSP user by id (a form's record); gone when deleted meanwhile. */
export async function mspUserById(db: Db, userId: number) {
  const u = await db.mspUser.findUnique({
    where: { id: userId },
    select: { id: true, name: true, role: true },
  })
  if (!u) throw gone('MSP user')
  return u
}
