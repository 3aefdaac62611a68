import type { App } from '@slack/bolt'
import { can } from '../../../domain/roles.ts'
import { notFound } from '../../../services/errors.ts'
import { mspUserDetail } from '../../../services/queries/msp-users.ts'
import { editMspUser } from '../../../services/users/edit-msp-user.ts'
import type { SlackDeps } from '../../deps.ts'
import { ACTION, BLOCK, CALLBACK } from '../../ids.ts'
import { selectedIds, selectedRole } from '../../parsing/view-state.ts'
import { mspUserView } from '../../views/msp-user.ts'
import { answerSave } from './answer-save.ts'
import { changedMeanwhile } from './changed-meanwhile.ts'
import { formHandler } from './run-form.ts'

export function registerMspUserSubmit(app: App, deps: SlackDeps) {
  app.view(
    CALLBACK.mspUser,
    formHandler(deps, 'editAssociations', async ({ ack, client }, { actor, meta, state }) => {
      const user = await deps.db.mspUser.findUnique({ where: { id: meta.id ?? 0 } })
      if (!user) throw notFound('MSP user', meta.id ?? 0)
      const roleShown = state[BLOCK.role] !== undefined
      const input = {
        userId: user.id,
        role: selectedRole(state, BLOCK.role, ACTION.pickRole) ?? user.role,
        groupIds: selectedIds(state, BLOCK.groups, ACTION.pickGroups),
      }
      const subject = `user ${user.name}`
      await answerSave(deps, client, ack, {
        outcome: await editMspUser(deps.db, actor, input, undefined, meta.version),
        reopen: async () => {
          const current = {
            ...(await mspUserDetail(deps.db, user.id)),
            canChangeRole: can(actor.role, 'manageStaff'),
          }
          return mspUserView(current, meta, changedMeanwhile(user.name))
        },
        save: { form: 'msp-user', input, version: meta.version },
        subject,
        meta: { ...meta, subject },
        actor,
        blocks: { groups: BLOCK.groups, ...(roleShown ? { role: BLOCK.role } : {}) },
        previewAction: 'push',
      })
    }),
  )
}
