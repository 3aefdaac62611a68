import type { App } from '@slack/bolt'
import { problemMessage } from '../../../messages/problems.ts'
import type { StaffActor } from '../../../services/actor.ts'
import { homeView, strangerHomeView } from '../../blocks/home.ts'
import type { SlackDeps } from '../../deps.ts'
import { logFailure } from '../../error-messages.ts'
import { checkStaff } from '../../handlers/check-staff.ts'

/** App Home as `actor` sees it now (also republished after a click on it, e.g. a reminder's Reinvite). */
export async function staffHomeView(deps: SlackDeps, actor: StaffActor) {
  return homeView({ name: actor.name, role: actor.role, ...(await deps.services.home(actor)) })
}

export function registerAppHomeOpened(app: App, deps: SlackDeps) {
  app.event('app_home_opened', async ({ event, client, logger }) => {
    if (event.tab !== 'home') return
    try {
      const staff = await checkStaff(deps, client, event.user, 'read')
      const view = staff.ok
        ? await staffHomeView(deps, staff.actor)
        : strangerHomeView(problemMessage(staff.problem))
      await client.views.publish({ user_id: event.user, view })
    } catch (error) {
      logFailure(logger, error)
    }
  })
}
