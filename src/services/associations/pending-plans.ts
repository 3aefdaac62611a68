// Previewed saves waiting for Confirm. Confirm applies exactly the previewed plan, once.
import { randomUUID } from 'node:crypto'
import { differenceInMinutes } from 'date-fns/differenceInMinutes'
import { z } from 'zod'
import type { Db, Prisma } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import { STAFF_ROLES } from '../../domain/roles.ts'
import type { StaffActor } from '../actor.ts'
import {
  type CustomerPreferencesInput,
  editCustomerPreferences,
} from '../customers/edit-customer-preferences.ts'
import { ServiceError } from '../errors.ts'
import { type CustomerGroupInput, editCustomerGroup } from '../groups/edit-customer-group.ts'
import { editMspUser, type MspUserInput } from '../users/edit-msp-user.ts'
import type { SaveOutcome } from './save-association-edit.ts'

export const PENDING_PLAN_TTL_MINUTES = 60

/** A form's save, and the version of the record the form showed: Confirm re-checks both. */
export type PendingSave = (
  | { form: 'customer-preferences'; input: CustomerPreferencesInput }
  | { form: 'customer-group'; input: CustomerGroupInput }
  | { form: 'msp-user'; input: MspUserInput }
) & { version?: string }

const id = z.number().int().positive()
/** A stored save, checked on the way back out of the database. */
const version = z.string().max(64).optional()
const pendingSaveSchema: z.ZodType<PendingSave> = z.discriminatedUnion('form', [
  z.object({
    form: z.literal('customer-preferences'),
    version,
    input: z.object({
      customerId: id,
      groupIds: z.array(id),
      directUserIds: z.array(id),
      accountContactId: id.nullable(),
    }),
  }),
  z.object({
    form: z.literal('customer-group'),
    version,
    input: z.object({
      groupId: id,
      name: z.string(),
      customerIds: z.array(id),
      userIds: z.array(id),
      isDefault: z.boolean(),
    }),
  }),
  z.object({
    form: z.literal('msp-user'),
    version,
    input: z.object({
      userId: id,
      role: z.enum(STAFF_ROLES),
      groupIds: z.array(id),
    }),
  }),
])

export function runSave(
  db: Db,
  actor: StaffActor,
  save: PendingSave,
  confirmedHash?: string,
): Promise<SaveOutcome> {
  switch (save.form) {
    case 'customer-preferences':
      return editCustomerPreferences(db, actor, save.input, confirmedHash, save.version)
    case 'customer-group':
      return editCustomerGroup(db, actor, save.input, confirmedHash, save.version)
    case 'msp-user':
      return editMspUser(db, actor, save.input, confirmedHash, save.version)
  }
}

export async function storePendingPlan(
  db: Db,
  actor: StaffActor,
  save: PendingSave,
  hash: string,
): Promise<string> {
  const id = randomUUID()
  await db.pendingPlan.create({
    data: {
      id,
      kind: save.form,
      actorSlackId: actor.slackUserId ?? 'cli',
      input: save as unknown as Prisma.InputJsonValue,
      planHash: hash,
    },
  })
  return id
}

export type ConfirmOutcome =
  | (SaveOutcome & { pendingId?: string })
  | { status: 'already'; previous: 'applied' | 'superseded' | 'cancelled' }

/** Applies a pending plan if its data is unchanged; else answers with the new preview (and a new pending id). */
export async function confirmPendingPlan(
  db: Db,
  actor: StaffActor,
  pendingId: string,
): Promise<ConfirmOutcome> {
  return inTransaction(db, async (tx) => {
    const row = await tx.pendingPlan.findUnique({ where: { id: pendingId } })
    if (!row || differenceInMinutes(new Date(), row.createdAt) > PENDING_PLAN_TTL_MINUTES) {
      throw new ServiceError({ code: 'preview.expired' })
    }
    if (row.actorSlackId !== (actor.slackUserId ?? 'cli')) {
      throw new ServiceError({ code: 'preview.notYours' })
    }
    // The claim: a second click (or a Slack retry) finds it taken and changes nothing.
    const claimed = await tx.pendingPlan.updateMany({
      where: { id: pendingId, status: 'pending' },
      data: { status: 'applied' },
    })
    if (claimed.count === 0) {
      // The row read above may predate the other claim: on a server, the claim waited for that transaction
      // to commit, and only a new read sees what it left (else a double click answered "already pending").
      const now = await tx.pendingPlan.findUnique({ where: { id: pendingId }, select: { status: true } })
      return { status: 'already', previous: (now ?? row).status as 'applied' | 'superseded' | 'cancelled' }
    }
    const save = pendingSaveSchema.parse(row.input)
    const outcome = await runSave(tx, actor, save, row.planHash)
    if (outcome.status === 'applied') return outcome
    await tx.pendingPlan.update({ where: { id: pendingId }, data: { status: 'superseded' } })
    if (outcome.status === 'stale' || outcome.status === 'preview') {
      return { ...outcome, pendingId: await storePendingPlan(tx, actor, save, outcome.hash) }
    }
    return outcome
  })
}

/** Closing a preview without Confirm drops it; only its author's close counts. */
export async function cancelPendingPlan(db: Db, pendingId: string, actorSlackId: string): Promise<void> {
  await db.pendingPlan.updateMany({
    where: { id: pendingId, status: 'pending', actorSlackId },
    data: { status: 'cancelled' },
  })
}
