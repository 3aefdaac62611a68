import type { App } from '@slack/bolt'
import { can } from '../../../domain/roles.ts'
import { mspUserDetail } from '../../../services/queries/msp-users.ts'
import { editMspUser } from '../../../services/users/edit-msp-user.ts'
import type { SlackDeps } from '../../deps.ts'
import { ACTION, BLOCK, CALLBACK } from '../../ids.ts'
import { selectedIds, selectedRole } from '../../parsing/view-state.ts'
import { mspUserVersion, mspUserView } from '../../views/msp-user.ts'
import { answerSave } from './answer-save.ts'
import { changedMeanwhile } from './changed-meanwhile.ts'
import { formHandler } from './run-form.ts'

export function registerMspUserSubmit(app: App, deps: SlackDeps) {
  app.view(
    CALLBACK.mspUser,
    formHandler(deps, 'editAssociations', async ({ ack, client }, { actor, meta, state }) => {
      const current = {
        ...(await mspUserDetail(deps.db, meta.id ?? 0)),
        canChangeRole: can(actor.role, 'manageStaff'),
      }
      const { user } = current
      if (meta.version !== mspUserVersion(current)) {
        await ack({
          response_action: 'update',
          view: mspUserView(current, meta, changedMeanwhile(user.name)),
        })
        return
      }
      const roleShown = state[BLOCK.role] !== undefined
      const input = {
        userId: user.id,
        role: selectedRole(state, BLOCK.role, ACTION.pickRole) ?? user.role,
        groupIds: selectedIds(state, BLOCK.groups, ACTION.pickGroups),
      }
      const subject = `user ${user.name}`
      await answerSave(deps, client, ack, {
        outcome: await editMspUser(deps.db, actor, input),
        save: { form: 'msp-user', input },
        subject,
        meta: { ...meta, subject },
        actor,
        blocks: { groups: BLOCK.groups, ...(roleShown ? { role: BLOCK.role } : {}) },
        previewAction: 'push',
      })
    }),
  )
}
