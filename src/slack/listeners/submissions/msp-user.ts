import type { App } from '@slack/bolt'
import { can } from '../../../domain/roles.ts'
import { changedMeanwhileMessage } from '../../../messages/problems.ts'
import { answerSave } from '../../answers/answer-save.ts'
import { mspUserView } from '../../blocks/msp-user.ts'
import type { SlackDeps } from '../../deps.ts'
import { formHandler } from '../../handlers/form-handler.ts'
import { ACTION, BLOCK, CALLBACK } from '../../ids.ts'
import { selectedIds, selectedRole } from '../../parsing/view-state.ts'

export function registerMspUserSubmit(app: App, deps: SlackDeps) {
  app.view(
    CALLBACK.mspUser,
    formHandler(deps, 'editAssociations', async ({ ack, client }, { actor, meta, state }) => {
      const user = await deps.services.mspUsers.byId(meta.id ?? 0)
      const roleShown = state[BLOCK.role] !== undefined
      const input = {
        userId: user.id,
        role: selectedRole(state, BLOCK.role, ACTION.pickRole) ?? user.role,
        groupIds: selectedIds(state, BLOCK.groups, ACTION.pickGroups),
      }
      const subject = `user ${user.name}`
      await answerSave(deps, client, ack, {
        outcome: await deps.services.mspUsers.edit(actor, input, undefined, meta.version),
        reopen: async () => {
          const current = {
            ...(await deps.services.mspUsers.detail(user.id)),
            canChangeRole: can(actor.role, 'manageStaff'),
          }
          return mspUserView(current, meta, changedMeanwhileMessage(user.name))
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
