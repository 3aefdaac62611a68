// Slack's delivery ids, kept in the database when several processes serve Slack from it (PostgreSQL).

import type { Db } from '../../db/client.ts'
import { isUniqueViolation } from '../unique-violation.ts'

/** Records a delivery; false when some process recorded it already. */
export async function recordDelivery(db: Db, key: string): Promise<boolean> {
  try {
    await db.idempotencyKey.create({ data: { key } })
    return true
  } catch (error) {
    if (isUniqueViolation(error)) return false
    throw error
  }
}
