// Archive and Restore: one user, the selected ones, or every user the list matches ("all listed"), in one
// transaction, set-wise (one UPDATE and its audit rows in one statement). Directory users are refused.
import { type Db, Prisma } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import { requireCapability, type StaffActor } from '../actor.ts'
import { changeAndAudit } from '../audit.ts'
import { gone } from '../errors.ts'
import { type CustomerRef, customerInScope, listedUsersWhere, lockCustomer } from './customer-user-view.ts'

/** Which users: by id (buttons, a selection), or every user the list's search matches on all its pages. */
export type CustomerUsersTarget = { ids: number[] } | { allListed: { search?: string } }

/** Locked users named in an outcome at most (the count is always whole). */
export const LOCKED_NAMED_MAX = 20

export interface ArchiveOutcome {
  customer: CustomerRef
  /** Users archived (restored) now. */
  changed: number
  /** Directory users left as they are: the directory owns them. */
  locked: { count: number; emails: string[] }
  /** Users asked for by id that already were archived (restored). */
  alreadyDone: number
  /** Ids asked for that are no longer users of the customer (deleted meanwhile). */
  gone: number
}

/** Archives unlocked users: the list hides them unless asked for `archived`. */
export const archiveCustomerUsers = (
  db: Db,
  actor: StaffActor,
  customerId: number,
  target: CustomerUsersTarget,
) => setArchived(db, actor, customerId, target, true)

/** Restores archived unlocked users. "All listed" means the archived users the search matches. */
export const restoreCustomerUsers = (
  db: Db,
  actor: StaffActor,
  customerId: number,
  target: CustomerUsersTarget,
) => setArchived(db, actor, customerId, target, false)

interface Counted {
  locked: number
  done: number
  /** The users to change: the UPDATE touches exactly these (rows added meanwhile are not counted). */
  todo: number[] | null
  found: number
  lockedEmails: string[] | null
}

async function setArchived(
  db: Db,
  actor: StaffActor,
  customerId: number,
  target: CustomerUsersTarget,
  archived: boolean,
): Promise<ArchiveOutcome> {
  requireCapability(actor, 'manageCustomerUsers')
  return inTransaction(db, async (tx) => {
    const customer = await customerInScope(tx, actor, customerId)
    if (!(await lockCustomer(tx, customer.id))) throw gone('customer')
    const ids = 'ids' in target ? [...new Set(target.ids.filter(Number.isInteger))] : null
    const chosen =
      ids === null
        ? listedUsersWhere(
            customer.id,
            'allListed' in target ? target.allListed.search : undefined,
            !archived,
          )
        : Prisma.sql`"customerId" = ${customer.id} AND "id" = ANY(${ids}::int[])`
    const [counted] = await tx.$queryRaw<Counted[]>`
      SELECT count(*) FILTER (WHERE "source" = 'directory')::int AS "locked",
        count(*) FILTER (WHERE "source" <> 'directory' AND "archived" = ${archived})::int AS "done",
        array_agg("id") FILTER (WHERE "source" <> 'directory' AND "archived" <> ${archived}) AS "todo",
        count(*)::int AS "found",
        (array_agg("email" ORDER BY "email") FILTER (WHERE "source" = 'directory'))[1:${LOCKED_NAMED_MAX}] AS "lockedEmails"
      FROM "CustomerUser" WHERE ${chosen}`
    const c = counted ?? { locked: 0, done: 0, todo: null, found: 0, lockedEmails: null }
    const todo = c.todo ?? []
    if (todo.length > 0)
      await changeAndAudit(
        tx,
        actor,
        {
          action: archived ? 'customer-user.archive' : 'customer-user.restore',
          targetType: 'customer-user',
          customers: [customer.name],
        },
        Prisma.sql`UPDATE "CustomerUser" SET "archived" = ${archived}
          WHERE "id" = ANY(${todo}::int[]) AND "source" <> 'directory' AND "archived" <> ${archived}
          RETURNING "email" AS "targetName", jsonb_build_object('archived', NOT ${archived}::boolean) AS "before",
            jsonb_build_object('archived', ${archived}::boolean) AS "after"`,
      )
    return {
      customer,
      changed: todo.length,
      locked: { count: c.locked, emails: c.lockedEmails ?? [] },
      alreadyDone: ids === null ? 0 : c.done,
      gone: ids === null ? 0 : ids.length - c.found,
    }
  })
}
