import type { App } from '@slack/bolt'
import { problemMessage } from '../../../messages/problems.ts'
import { homeView, strangerHomeView } from '../../blocks/home.ts'
import type { SlackDeps } from '../../deps.ts'
import { logFailure } from '../../error-messages.ts'
import { checkStaff } from '../../handlers/check-staff.ts'

export function registerAppHomeOpened(app: App, deps: SlackDeps) {
  app.event('app_home_opened', async ({ event, client, logger }) => {
    if (event.tab !== 'home') return
    try {
      const staff = await checkStaff(deps, client, event.user, 'read')
      const view = staff.ok
        ? homeView({
            name: staff.actor.name,
            role: staff.actor.role,
            ...(await deps.services.home(staff.actor)),
          })
        : strangerHomeView(problemMessage(staff.problem))
      await client.views.publish({ user_id: event.user, view })
    } catch (error) {
      logFailure(logger, error)
    }
  })
}
