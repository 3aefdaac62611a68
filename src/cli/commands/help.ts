// `help` (also no command at all): the usage, listing every command.
import { DEFAULT_DATA_DIR } from '../../db/client.ts'
import type { Command } from '../context.ts'

export function usage(commands: readonly Command[]): string {
  const rows = commands.map((c) => [`${c.name} ${c.args}`.trim(), c.summary] as const)
  const width = Math.max(...rows.map(([left]) => left.length)) + 3
  return [
    'Usage: npm run cli -- <command> [arguments]',
    '',
    'Commands:',
    ...rows.map(([left, summary]) => `  ${left.padEnd(width)}${summary}`),
    '',
    'Environment:',
    `  DATABASE_URL   postgresql://… for a PostgreSQL server, or a folder for the embedded database`,
    `                 (default ${DEFAULT_DATA_DIR}; the embedded database serves one process at a time)`,
    '',
  ].join('\n')
}

export function helpCommand(commands: () => readonly Command[]): Command {
  return {
    name: 'help',
    args: '',
    summary: 'show this help',
    async run(_args, context) {
      await context.stdout(usage(commands()))
      return 0
    },
  }
}
