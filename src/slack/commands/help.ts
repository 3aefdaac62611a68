import { closestNames } from '../../domain/closest-names.ts'
import { REQUIRED_ROLE } from '../../domain/roles.ts'
import { codeUsage, type Subcommand } from './subcommand.ts'

export function helpText(commands: readonly Subcommand[]): string {
  return [
    '*msp-bot* — run the customer book from Slack',
    ...commands.map(
      (c) =>
        `• ${codeUsage(c.usage)} — ${c.summary}${c.capability === 'read' ? '' : ` _(${REQUIRED_ROLE[c.capability]}+)_`}`,
    ),
  ].join('\n')
}

/** For an unknown subcommand: the closest valid usage. */
export function unknownSubcommandText(typed: string, commands: readonly Subcommand[]): string {
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

export const helpCommand: Subcommand = {
  name: 'help',
  usage: '/msp help',
  summary: 'This list',
  capability: 'read',
  async run({ respond, commands }) {
    await respond({ response_type: 'ephemeral', text: helpText(commands) })
  },
}
