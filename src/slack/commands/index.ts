// Every /msp subcommand, in the order /msp help lists them.
import { auditCommand } from './audit.ts'
import { customerCommand } from './customer.ts'
import { customersCommand } from './customers.ts'
import { groupCommand } from './group.ts'
import { groupAddCommand } from './group-add.ts'
import { groupsCommand } from './groups.ts'
import { helpCommand } from './help.ts'
import type { Subcommand } from './subcommand.ts'
import { userCommand } from './user.ts'

export const SUBCOMMANDS: readonly Subcommand[] = [
  helpCommand,
  customersCommand,
  customerCommand,
  groupsCommand,
  groupCommand,
  groupAddCommand,
  userCommand,
  auditCommand,
]

/** The longest subcommand name the text starts with ("group add" before "group"), and the rest. */
export function matchSubcommand(text: string): { command: Subcommand; args: string } | null {
  const words = text.trim().split(/\s+/)
  for (const length of [2, 1]) {
    const name = words.slice(0, length).join(' ').toLowerCase()
    const command = SUBCOMMANDS.find((c) => c.name === name)
    if (command && words.length >= length) return { command, args: words.slice(length).join(' ') }
  }
  return null
}
