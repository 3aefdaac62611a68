import type { App } from '@slack/bolt'
import { confirmPendingPlan } from '../../../services/associations/pending-plans.ts'
import type { SlackDeps } from '../../deps.ts'
import { CALLBACK } from '../../ids.ts'
import { noticeView } from '../../views/notice.ts'
import { answerSave } from './answer-save.ts'
import { formHandler } from './run-form.ts'

/** Confirm on a preview: applies exactly the previewed plan, or re-previews if the data changed. */
export function registerPlanConfirm(app: App, deps: SlackDeps) {
  app.view(
    CALLBACK.planPreview,
    formHandler(deps, 'read', async ({ ack, client }, { actor, meta }) => {
      if (!meta.pendingId) {
        await ack({
          response_action: 'update',
          view: noticeView('Nothing to confirm', 'This preview has nothing to confirm.'),
        })
        return
      }
      const outcome = await confirmPendingPlan(deps.db, actor, meta.pendingId)
      await answerSave(deps, client, ack, {
        outcome,
        subject: meta.subject ?? 'your change',
        meta: { ...meta, pendingId: undefined },
        actor,
        blocks: {},
        previewAction: 'update',
      })
    }),
  )
}
