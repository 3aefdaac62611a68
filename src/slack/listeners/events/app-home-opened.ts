import type { App } from '@slack/bolt'
import { homeSummary } from '../../../services/queries/home.ts'
import type { SlackDeps } from '../../deps.ts'
import { logFailure } from '../../error-messages.ts'
import { homeView, strangerHomeView } from '../../views/home.ts'
import { checkStaff } from '../with-staff.ts'

export function registerAppHomeOpened(app: App, deps: SlackDeps) {
  app.event('app_home_opened', async ({ event, client, logger }) => {
    if (event.tab !== 'home') return
    try {
      const staff = await checkStaff(deps, client, event.user, 'read')
      const view = staff.ok
        ? homeView({
            name: staff.actor.name,
            role: staff.actor.role,
            ...(await homeSummary(deps.db, staff.actor)),
          })
        : strangerHomeView(staff.message)
      await client.views.publish({ user_id: event.user, view })
    } catch (error) {
      logFailure(logger, error)
    }
  })
}
