// What a staff member clicks in the `/msp portal` list: the category select, Previous/Next, Add portal user,
// and each row's Enable / Disable / Delete / Reinvite (each already confirmed with "Yes" in Slack's dialog).
// After an action the list message is replaced in place (its response_url) with the new state; an action
// that no longer applies is answered so and changes nothing.
import type { App } from '@slack/bolt'
import type { PortalUserAction } from '../../../domain/portal-users.ts'
import { portalActionResultMessage } from '../../../messages/portal.ts'
import type { PortalUserActionOutcome } from '../../../services/portal/portal-user-actions.ts'
import { codeUsage, escaped, mrkdwn } from '../../blocks/mrkdwn.ts'
import { addPortalUserView } from '../../blocks/portal-add-user.ts'
import { parseListRef, parseRowRef } from '../../blocks/portal-values.ts'
import type { SlackDeps } from '../../deps.ts'
import { carried, listClick, showList } from '../../handlers/list-click.ts'
import { ACTION } from '../../ids.ts'
import { askForApproval } from './approval-request.ts'
import { portalListFor } from './portal-list.ts'

/** A click on something this app did not build (or built for another version of the list). */
export const STALE_BUTTON = mrkdwn`That button is out of date; nothing was changed. Run ${codeUsage('/msp portal <customer>')} again.`

/** Runs one step per key at a time (in this process): a double click waits for the first, then sees its result. */
function oneAtATime() {
  const running = new Map<number, Promise<unknown>>()
  return async <T>(key: number, step: () => Promise<T>): Promise<T> => {
    const before = running.get(key) ?? Promise.resolve()
    const mine = before.catch(() => undefined).then(step)
    running.set(key, mine)
    try {
      return await mine
    } finally {
      if (running.get(key) === mine) running.delete(key)
    }
  }
}

const ROW_ACTIONS: ReadonlyArray<[string, PortalUserAction]> = [
  [ACTION.portalEnable, 'enable'],
  [ACTION.portalDisable, 'disable'],
  [ACTION.portalDelete, 'delete'],
  [ACTION.portalReinvite, 'reinvite'],
]

export function registerPortalUserActions(app: App, deps: SlackDeps) {
  const perUser = oneAtATime()

  // The category select and Previous/Next: the same list, another category or page.
  const showOther = listClick(deps, 'read', async (args, actor, answer) => {
    const ref = parseListRef(carried(args.action))
    if (!ref) {
      await answer(STALE_BUTTON)
      return
    }
    await showList(args, await portalListFor(deps, actor, ref))
  })
  app.action(ACTION.portalCategory, showOther)
  app.action(ACTION.portalPrevPage, showOther)
  app.action(ACTION.portalNextPage, showOther)

  app.action(
    ACTION.portalAdd,
    listClick(deps, 'managePortalUsers', async (args, actor, answer) => {
      const ref = parseListRef(carried(args.action))
      if (!ref) {
        await answer(STALE_BUTTON)
        return
      }
      const list = await deps.services.portal.list(actor, ref.customerId)
      const { body } = args
      await args.client.views.open({
        trigger_id: body.trigger_id,
        view: addPortalUserView(
          { customer: list.customer, hasAdmin: list.admin !== null },
          {
            channel: body.channel?.id,
            responseUrl: body.response_url,
            list: { s: ref.category, p: ref.page },
          },
        ),
      })
    }),
  )

  for (const [actionId, action] of ROW_ACTIONS) {
    app.action(
      actionId,
      listClick(deps, 'managePortalUsers', async (args, actor, answer) => {
        const ref = parseRowRef(carried(args.action))
        if (!ref) {
          await answer(STALE_BUTTON)
          return
        }
        // Four eyes: below the approver role this asks for a reason and posts a request instead of running.
        if (await askForApproval(deps, args, actor, ref, action, answer)) return
        await perUser(ref.portalUserId, async () => {
          let outcome: PortalUserActionOutcome
          if (action === 'reinvite' && ref.invitedAt !== undefined) {
            // Only while the invitation this row showed is still the latest, checked under the user's row
            // lock (as a reminder's Reinvite): a double click — in this process or split across several
            // sharing the database — sends one invitation.
            const result = await deps.services.invitationReminders.reinvite(
              actor,
              ref.portalUserId,
              ref.invitedAt,
            )
            if (result.status === 'alreadyReinvited') {
              await answer(
                mrkdwn`${result.name} was sent a new invitation already (${result.invitedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC); nothing more was sent.`,
              )
              await showList(args, await portalListFor(deps, actor, ref))
              return
            }
            outcome = result.outcome
          } else {
            outcome = await deps.services.portal[action](actor, ref.portalUserId)
          }
          const words = escaped(portalActionResultMessage(outcome))
          if (outcome.status === 'done') {
            await showList(args, await portalListFor(deps, actor, ref, mrkdwn`:white_check_mark: ${words}`))
            return
          }
          await answer(words)
          await showList(args, await portalListFor(deps, actor, ref))
        })
      }),
    )
  }
}
