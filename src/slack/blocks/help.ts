// `/msp help` and the answer to an unknown subcommand.
import { closestNames } from '../../domain/closest-names.ts'
import { type Capability, REQUIRED_ROLE } from '../../domain/roles.ts'
import { codeUsage } from './mrkdwn.ts'

/** What help shows of a subcommand. */
export interface Usage {
  name: string
  usage: string
  summary: string
  capability: Capability
}

export function helpText(commands: readonly Usage[]): string {
  return [
    '*msp-bot* — run the customer book from Slack',
    ...commands.map(
      (c) =>
        `• ${codeUsage(c.usage)} — ${c.summary}${c.capability === 'read' ? '' : ` _(${REQUIRED_ROLE[c.capability]}+)_`}`,
    ),
  ].join('\n')
}

/** For an unknown subcommand: the closest valid usage. */
export function unknownSubcommandText(typed: string, commands: readonly Usage[]): string {
  const [closest] = closestNames(
    typed,
    commands.map((c) => c.name),
    1,
  )
  const usage = commands.find((c) => c.name === closest)?.usage
  return [
    `Unknown subcommand “${typed}”.${usage ? ` Did you mean ${codeUsage(usage)}?` : ''}`,
    'Type `/msp help` to see them all.',
  ].join(' ')
}
