// `/msp tasks`: background tasks, newest first — one's own (those one started), or every task for admins.
import type { Db } from '../../../db/client.ts'
import { seesAllCustomers } from '../../../domain/roles.ts'
import type { StaffActor } from '../../actor.ts'
import { requireCapability } from '../../actor.ts'
import {
  type ImportTaskSummary,
  type ImportTaskView,
  taskSummarySelect,
  taskViewSelect,
  toTaskSummary,
  toTaskView,
} from './task-view.ts'

/** Tasks `/msp tasks` lists at most. */
export const TASK_LIST_LIMIT = 20

export interface TaskList {
  tasks: ImportTaskSummary[]
  /** How many more tasks there are beyond the list. */
  more: number
}

const visibleTo = (actor: StaffActor) =>
  seesAllCustomers(actor.role) ? {} : { mspUserId: actor.mspUserId ?? -1 }

export async function listTasks(db: Db, actor: StaffActor, limit = TASK_LIST_LIMIT): Promise<TaskList> {
  requireCapability(actor, 'read')
  const where = visibleTo(actor)
  const [rows, count] = await Promise.all([
    db.backgroundTask.findMany({
      where,
      select: taskSummarySelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: limit,
    }),
    db.backgroundTask.count({ where }),
  ])
  return { tasks: rows.map(toTaskSummary), more: Math.max(0, count - rows.length) }
}

/** One task with its rejected and skipped rows, if the actor may see it (null otherwise or when unknown). */
export async function taskDetail(db: Db, actor: StaffActor, taskId: string): Promise<ImportTaskView | null> {
  requireCapability(actor, 'read')
  const row = await db.backgroundTask.findFirst({
    where: { id: taskId, ...visibleTo(actor) },
    select: taskViewSelect,
  })
  return row ? toTaskView(row) : null
}
