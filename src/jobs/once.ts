// Exactly-once effects on an at-least-once queue: a job cut off after its write committed but before
// pg-boss marked it done runs again; the key written in the same transaction as the effect makes that
// second run change nothing.
import type { PrismaClient, TransactionClient } from '../db/client.ts'
import { jobRunKey } from '../services/housekeeping.ts'

export type Once<T> = { ran: true; value: T } | { ran: false }

/**
 * Runs `effect` in one transaction with a record that job `jobId` has had its effect; when that record
 * exists already (an earlier attempt committed), runs nothing and returns `{ ran: false }`.
 */
export async function once<T>(
  prisma: PrismaClient,
  jobId: string,
  effect: (tx: TransactionClient) => Promise<T>,
): Promise<Once<T>> {
  return prisma.$transaction(async (tx): Promise<Once<T>> => {
    const claimed = await tx.idempotencyKey.createMany({
      data: [{ key: jobRunKey(jobId) }],
      skipDuplicates: true,
    })
    if (claimed.count === 0) return { ran: false }
    return { ran: true, value: await effect(tx) }
  })
}
