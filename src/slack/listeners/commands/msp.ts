import type { App, Logger, SlashCommand } from '@slack/bolt'
import type { WebClient } from '@slack/web-api'
import { problemMessage } from '../../../messages/problems.ts'
import { answerInAckWhenReady } from '../../answers/answer-in-ack.ts'
import { messageFields, NO_UNFURL, type Reply } from '../../answers/reply-privately.ts'
import { helpText, unknownSubcommandText } from '../../blocks/help.ts'
import { escaped } from '../../blocks/mrkdwn.ts'
import type { SlackDeps } from '../../deps.ts'
import { logFailure, userMessageFor } from '../../error-messages.ts'
import { checkStaff } from '../../handlers/check-staff.ts'
import { matchSubcommand, SUBCOMMANDS } from '../../subcommands/index.ts'

export const MSP_COMMAND = '/msp'

export function registerMspCommand(app: App, deps: SlackDeps) {
  app.command(MSP_COMMAND, async ({ command, ack, respond: respondRaw, client, logger }) =>
    // Acked within this turn of the event loop: with the answer if it needed no I/O, else empty.
    answerInAckWhenReady(ack, respondRaw, async (send) => {
      // Every answer is ephemeral, its text Mrkdwn, and nothing in it is unfurled.
      const respond = (reply: Reply) =>
        send({ response_type: 'ephemeral', ...messageFields(reply), ...NO_UNFURL })
      await runMsp(command, respond, client, logger, deps)
    }),
  )
}

/** `/msp <subcommand>`: help for anyone, everything else for staff with the capability. */
async function runMsp(
  command: SlashCommand,
  respond: (reply: Reply) => Promise<void>,
  client: WebClient,
  logger: Logger,
  deps: SlackDeps,
) {
  const text = command.text.trim()
  const match = matchSubcommand(text || 'help')
  if (match?.command.name === 'help') {
    // The usage list reads nothing from the book: anyone in the workspace may see it.
    await respond({ text: helpText(SUBCOMMANDS) })
    return
  }
  if (!match) {
    await respond({ text: unknownSubcommandText(text.split(/\s+/)[0] ?? text, SUBCOMMANDS) })
    return
  }
  try {
    const staff = await checkStaff(deps, client, command.user_id, match.command.capability)
    if (!staff.ok) {
      await respond({ text: escaped(problemMessage(staff.problem)) })
      return
    }
    await match.command.run({
      args: match.args,
      actor: staff.actor,
      deps,
      client,
      respond,
      triggerId: command.trigger_id,
      channelId: command.channel_id,
      responseUrl: command.response_url,
      commands: SUBCOMMANDS,
    })
  } catch (error) {
    logFailure(logger, error)
    await respond({ text: userMessageFor(error) })
  }
}
