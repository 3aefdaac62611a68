// The CLI: `msp-bot <command>` (bin/msp-bot.js; also `npm run -s cli -- <command>`). Dispatches to
// src/cli/commands/*, turns known failures into one clear message on stderr (exit 1) and command-line
// mistakes into the usage (exit 2).
import { EnvError } from '../app/env.ts'
import { DatabaseLockedError } from '../db/database-lock.ts'
import { DatabaseUrlError } from '../db/database-url.ts'
import { DatabaseConnectionError } from '../db/postgres.ts'
import { demoCommand } from './commands/demo.ts'
import { exportCommand } from './commands/export.ts'
import { helpCommand, usage } from './commands/help.ts'
import { importCommand } from './commands/import.ts'
import { migrateCommand } from './commands/migrate.ts'
import { sandboxCommand } from './commands/sandbox.ts'
import { startCommand } from './commands/start.ts'
import { type CliOutput, type Command, processOutput } from './context.ts'
import { readCliEnv } from './env.ts'
import { CliError, UsageError } from './errors.ts'

export const commands: readonly Command[] = [
  migrateCommand,
  importCommand,
  exportCommand,
  demoCommand,
  startCommand,
  sandboxCommand,
  helpCommand(() => commands),
]

export interface RunOptions {
  env?: NodeJS.ProcessEnv
  output?: CliOutput
}

/** Runs one command line (without `node` and the script) and resolves to the exit code. */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const output = options.output ?? processOutput
  const env = options.env ?? process.env
  const [name = 'help', ...args] = argv
  const command = ['--help', '-h'].includes(name) ? commands.find((c) => c.name === 'help') : undefined
  const found = command ?? commands.find((c) => c.name === name)
  if (!found) {
    await output.stderr(`Unknown command "${name}".\n\n${usage(commands)}`)
    return 2
  }
  try {
    return await found.run(args, { ...output, env: readCliEnv(env) })
  } catch (error) {
    if (error instanceof UsageError) {
      await output.stderr(`${error.message}\n\n${usage(commands)}`)
      return error.exitCode
    }
    if (error instanceof CliError) {
      await output.stderr(`${error.message}\n`)
      return error.exitCode
    }
    if (
      error instanceof DatabaseLockedError ||
      error instanceof EnvError ||
      error instanceof DatabaseUrlError ||
      error instanceof DatabaseConnectionError
    ) {
      await output.stderr(`${error.message}\n`)
      return 1
    }
    const message = error instanceof Error ? error.message : String(error)
    await output.stderr(`${name} failed: ${message}\n`)
    if (error instanceof Error && env.DEBUG) await output.stderr(`${error.stack}\n`)
    return 1
  }
}
