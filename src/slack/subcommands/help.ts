import { helpText } from '../blocks/help.ts'
import type { Subcommand } from './subcommand.ts'

export const helpCommand: Subcommand = {
  name: 'help',
  usage: '/msp help',
  summary: 'This list',
  capability: 'read',
  async run({ respond, commands }) {
    await respond({ text: helpText(commands) })
  },
}
