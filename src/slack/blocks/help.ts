// `/msp help` and the answer to an unknown subcommand.
import { closestNames } from '../../domain/closest-names.ts'
import { type Capability, REQUIRED_ROLE } from '../../domain/roles.ts'
import { codeUsage, joinMrkdwn, type Mrkdwn, mrkdwn } from './mrkdwn.ts'

/** What help shows of a subcommand. */
export interface Usage {
  name: string
  usage: string
  summary: string
  capability: Capability
}

export function helpText(commands: readonly Usage[]): Mrkdwn {
  return joinMrkdwn(
    [
      mrkdwn`*msp-bot* — run the customer book from Slack`,
      ...commands.map(
        (c) =>
          mrkdwn`• ${codeUsage(c.usage)} — ${c.summary}${c.capability === 'read' ? '' : mrkdwn` _(${REQUIRED_ROLE[c.capability]}+)_`}`,
      ),
    ],
    '\n',
  )
}

/** For an unknown subcommand: the closest valid usage. */
export function unknownSubcommandText(typed: string, commands: readonly Usage[]): Mrkdwn {
  const [closest] = closestNames(
    typed,
    commands.map((c) => c.name),
    1,
  )
  const usage = commands.find((c) => c.name === closest)?.usage
  const didYouMean = usage ? mrkdwn` Did you mean ${codeUsage(usage)}?` : ''
  return mrkdwn`Unknown subcommand “${typed}”.${didYouMean} Type \`/msp help\` to see them all.`
}
