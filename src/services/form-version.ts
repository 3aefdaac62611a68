// What an Edit form showed when it was opened, as a short fingerprint it carries (private_metadata). A save
// from a form whose record has changed since is refused as `changed`, instead of silently undoing
// someone else's change. The forms compute it from what they show; the services from what they load.
import { createHash } from 'node:crypto'
import { Prisma } from '../db/client.ts'

type State = Record<string, string | number | boolean | null | readonly number[]>

function versionOf(state: State): string {
  const normal = Object.fromEntries(
    Object.entries(state).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort((a, b) => a - b) : v]),
  )
  return createHash('sha256').update(JSON.stringify(normal)).digest('hex').slice(0, 16)
}

export const customerFormVersion = (s: {
  groupIds: readonly number[]
  directUserIds: readonly number[]
  accountContactId: number | null
}) => versionOf({ groups: s.groupIds, users: s.directUserIds, contact: s.accountContactId })

export const groupFormVersion = (s: {
  name: string
  isDefault: boolean
  customerIds: readonly number[]
  userIds: readonly number[]
}) => versionOf({ name: s.name, isDefault: s.isDefault, customers: s.customerIds, users: s.userIds })

export const userFormVersion = (s: { role: string; groupIds: readonly number[] }) =>
  versionOf({ role: s.role, groups: s.groupIds })

/**
 * groupFormVersion computed by Postgres from SQL expressions (the arrays sorted), for a statement that
 * checks the version itself: the same JSON text (to_json escapes a name as JSON.stringify does), hashed the
 * same way. Were they ever to differ, such a statement would only fall back to the path that reads first.
 */
export const groupFormVersionSql = (
  name: Prisma.Sql,
  isDefault: Prisma.Sql,
  customerIds: Prisma.Sql,
  userIds: Prisma.Sql,
) => Prisma.sql`left(encode(sha256(convert_to('{"name":' || to_json(${name}::text)::text
    || ',"isDefault":' || CASE WHEN ${isDefault} THEN 'true' ELSE 'false' END
    || ',"customers":[' || array_to_string(${customerIds}, ',')
    || '],"users":[' || array_to_string(${userIds}, ',') || ']}', 'UTF8')), 'hex'), 16)`
