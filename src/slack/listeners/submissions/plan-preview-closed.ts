import type { App } from '@slack/bolt'
import type { SlackDeps } from '../../deps.ts'
import { logFailure } from '../../error-messages.ts'
import { CALLBACK } from '../../ids.ts'
import { decodeMetadata } from '../../metadata.ts'

/** Back (or closing Slack's modal) on a preview: the plan will not be confirmed, so it stops waiting. */
export function registerPlanPreviewClosed(app: App, deps: SlackDeps) {
  app.view(
    { callback_id: CALLBACK.planPreview, type: 'view_closed' },
    async ({ ack, body, view, logger }) => {
      await ack()
      const { pendingId } = decodeMetadata(view.private_metadata)
      if (!pendingId) return
      try {
        await deps.services.plans.cancel(pendingId, body.user.id)
      } catch (error) {
        logFailure(logger, error)
      }
    },
  )
}
