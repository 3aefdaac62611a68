// `help` (also no command at all): the usage, listing every command.
import { DEFAULT_DATA_DIR } from '../../db/client.ts'
import type { Command } from '../context.ts'

export function usage(commands: readonly Command[]): string {
  const rows = commands.map((c) => [`${c.name} ${c.args}`.trim(), c.summary] as const)
  const width = Math.max(...rows.map(([left]) => left.length)) + 3
  return [
    'Usage: msp-bot <command> [arguments]',
    "       (npx msp-bot <command>, or npm run -s cli -- <command>; -s keeps npm's banner off stdout)",
    '',
    'Commands:',
    ...rows.map(([left, summary]) => `  ${left.padEnd(width)}${summary}`),
    '',
    'Environment:',
    `  DATABASE_URL   postgresql://… or postgres://… for a PostgreSQL server; a folder (path or file:path)`,
    `                 for the embedded database (default ${DEFAULT_DATA_DIR}; while the app runs, the CLI asks it);`,
    '                 or memory://',
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
