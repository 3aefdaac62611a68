import { taskListMessage } from '../blocks/task-list.ts'
import { importTaskView } from '../imports/task-view.ts'
import type { Subcommand } from './subcommand.ts'

/** Background tasks (bulk imports): one's own, all for admins; newest first. */
export const tasksCommand: Subcommand = {
  name: 'tasks',
  usage: '/msp tasks',
  summary: 'Background tasks (bulk imports): status, progress, who started them, the result',
  capability: 'read',
  async run({ actor, deps, respond }) {
    const list = await deps.services.imports.tasks(actor)
    const message = taskListMessage(list.tasks.map(importTaskView), new Date(), list.more)
    await respond(message)
  },
}
