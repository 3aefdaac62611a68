import type { Db } from '../../db/client.ts'
import { loadSettings } from '../associations/load-plan-input.ts'
import { gone } from '../errors.ts'
import { likeLiteral } from './customers.ts'
import { AMBIGUOUS_SHOWN, type Lookup, lookupByName } from './find-by-name.ts'

type Found = { id: number; name: string }

/**
 * By email (exact, case-insensitive), Slack user id, or name (find-by-name.ts's rules). The exact email or
 * name, then at most 11 partial matches, are looked up in the database; only a miss reads every MSP user,
 * for the "did you mean" suggestions (a book can hold 100 000 of them).
 */
export async function findMspUser(
  db: Db,
  typed: { email?: string; slackUserId?: string; name?: string },
): Promise<Lookup<Found>> {
  if (typed.slackUserId) {
    const u = await db.mspUser.findUnique({ where: { slackUserId: typed.slackUserId } })
    return u ? { kind: 'found', item: u } : { kind: 'missing', suggestions: [] }
  }
  if (typed.email) {
    const email = typed.email.toLowerCase()
    const u = await db.mspUser.findUnique({ where: { email } })
    if (u) return { kind: 'found', item: u }
    const partial = await db.$queryRaw<Array<Found & { email: string }>>`
      SELECT id, name, email FROM "MspUser" WHERE email LIKE ${`%${likeLiteral(email.trim())}%`}
      ORDER BY id LIMIT ${AMBIGUOUS_SHOWN + 1}::int`
    const candidates =
      partial.length > 0
        ? partial.slice(0, AMBIGUOUS_SHOWN)
        : await db.mspUser.findMany({ select: { id: true, name: true, email: true }, orderBy: { id: 'asc' } })
    const byEmail = lookupByName(
      email,
      candidates.map((x) => ({ ...x, name: x.email })),
    )
    return byEmail.kind === 'found'
      ? { kind: 'found', item: candidates.find((x) => x.id === byEmail.item.id) ?? byEmail.item }
      : byEmail
  }
  const key = (typed.name ?? '').trim().toLowerCase()
  const [exact] = await db.$queryRaw<Found[]>`
    SELECT id, name FROM "MspUser" WHERE lower(name) = ${key} ORDER BY id LIMIT 1`
  if (exact) return { kind: 'found', item: exact }
  const partial = await db.$queryRaw<Found[]>`
    SELECT id, name FROM "MspUser" WHERE name ILIKE ${`%${likeLiteral(key)}%`}
    ORDER BY id LIMIT ${AMBIGUOUS_SHOWN + 1}::int`
  if (partial.length > 0) return lookupByName(typed.name ?? '', partial.slice(0, AMBIGUOUS_SHOWN))
  const all = await db.mspUser.findMany({ select: { id: true, name: true }, orderBy: { id: 'asc' } })
  return lookupByName(typed.name ?? '', all)
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
