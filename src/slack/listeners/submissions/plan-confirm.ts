import type { App } from '@slack/bolt'
import { answerSave } from '../../answers/answer-save.ts'
import { mrkdwn } from '../../blocks/mrkdwn.ts'
import { noticeView } from '../../blocks/notice.ts'
import type { SlackDeps } from '../../deps.ts'
import { formHandler } from '../../handlers/form-handler.ts'
import { CALLBACK } from '../../ids.ts'

/** Confirm on a preview: applies exactly the previewed plan, or re-previews if the data changed. */
export function registerPlanConfirm(app: App, deps: SlackDeps) {
  app.view(
    CALLBACK.planPreview,
    formHandler(deps, 'read', async ({ ack, client }, { actor, meta }) => {
      if (!meta.pendingId) {
        await ack({
          response_action: 'update',
          view: noticeView('Nothing to confirm', mrkdwn`This preview has nothing to confirm.`),
        })
        return
      }
      const outcome = await deps.services.plans.confirm(actor, meta.pendingId)
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
