// What a staff member clicks in the `/msp portal` list: the category select, Previous/Next, Add portal user,
// and each row's Enable / Disable / Delete / Reinvite (each already confirmed with "Yes" in Slack's dialog).
// After an action the list message is replaced in place (its response_url) with the new state; an action
// that no longer applies is answered so and changes nothing.
import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  BlockElementAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt'
import type { PortalUserAction } from '../../../domain/portal-users.ts'
import type { Capability } from '../../../domain/roles.ts'
import { portalActionResultMessage } from '../../../messages/portal.ts'
import { problemMessage } from '../../../messages/problems.ts'
import type { StaffActor } from '../../../services/actor.ts'
import { type Reply, replyPrivately } from '../../answers/reply-privately.ts'
import { codeUsage, escaped, type Mrkdwn, mrkdwn } from '../../blocks/mrkdwn.ts'
import { addPortalUserView } from '../../blocks/portal-add-user.ts'
import { parseListRef, parseRowRef } from '../../blocks/portal-values.ts'
import type { SlackDeps } from '../../deps.ts'
import { logFailure, userMessageFor } from '../../error-messages.ts'
import { clickOrigin } from '../../handlers/button-handler.ts'
import { checkStaff } from '../../handlers/check-staff.ts'
import { ACTION } from '../../ids.ts'
import { askForApproval } from './approval-request.ts'
import { portalListFor, replaceListMessage } from './portal-list.ts'

type ClickArgs = SlackActionMiddlewareArgs<BlockAction<BlockElementAction>> & AllMiddlewareArgs

/** A click on something this app did not build (or built for another version of the list). */
export const STALE_BUTTON = mrkdwn`That button is out of date; nothing was changed. Run ${codeUsage('/msp portal <customer>')} again.`

/** The value a button or a select carries. */
function carried(action: BlockElementAction): string | undefined {
  if (action.type === 'button') return action.value
  if (action.type === 'static_select') return action.selected_option?.value
  return undefined
}

/** Replaces the list message the click came from. */
const showList = (args: ClickArgs, reply: Reply) =>
  replaceListMessage(
    args.client,
    args.body.user.id,
    { responseUrl: args.body.response_url, channel: args.body.channel?.id },
    reply,
  )

/** Ack at once; who is it, may they; run; refusals and failures answered ephemerally. */
function portalClick(
  deps: SlackDeps,
  capability: Capability,
  handle: (args: ClickArgs, actor: StaffActor, answer: (text: Mrkdwn) => Promise<void>) => Promise<void>,
) {
  return async (args: ClickArgs) => {
    const { ack, body, client, logger } = args
    await ack()
    const answer = (text: Mrkdwn) => replyPrivately(client, body.user.id, clickOrigin(body), { text })
    try {
      const staff = await checkStaff(deps, client, body.user.id, capability)
      if (!staff.ok) {
        await answer(escaped(problemMessage(staff.problem)))
        return
      }
      await handle(args, staff.actor, answer)
    } catch (error) {
      logFailure(logger, error)
      await answer(userMessageFor(error))
    }
  }
}

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
  const showOther = portalClick(deps, 'read', async (args, actor, answer) => {
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
    portalClick(deps, 'managePortalUsers', async (args, actor, answer) => {
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
      portalClick(deps, 'managePortalUsers', async (args, actor, answer) => {
        const ref = parseRowRef(carried(args.action))
        if (!ref) {
          await answer(STALE_BUTTON)
          return
        }
        // Four eyes: below the approver role this asks for a reason and posts a request instead of running.
        if (await askForApproval(deps, args, actor, ref, action, answer)) return
        await perUser(ref.portalUserId, async () => {
          if (action === 'reinvite' && ref.invitedAt !== undefined) {
            // A second Reinvite of the invitation this row showed (a double click): the first one sent a
            // new invitation already; a second would send another.
            const list = await deps.services.portal.list(actor, ref.customerId, 'unconfirmed')
            const now = list.users.find((u) => u.id === ref.portalUserId)
            if (now?.invitedAt && now.invitedAt.getTime() !== ref.invitedAt) {
              await answer(
                mrkdwn`${now.name} was sent a new invitation already (${now.invitedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC); nothing more was sent.`,
              )
              await showList(args, await portalListFor(deps, actor, ref))
              return
            }
          }
          const outcome = await deps.services.portal[action](actor, ref.portalUserId)
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
