// `start` and `sandbox` hand over to the app (src/app/start.ts). It is imported only when one of them
// runs, so the other commands work without it.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Command } from '../context.ts'
import { CliError, UsageError } from '../errors.ts'

export type StartMode = 'start' | 'sandbox'

type StartApp = (options: { mode: StartMode }) => unknown

const START_MODULE = new URL('../../app/start.ts', import.meta.url)

async function loadStartApp(): Promise<StartApp> {
  if (!existsSync(fileURLToPath(START_MODULE)))
    throw new CliError('The app is not available in this build (src/app/start.ts is missing).')
  const loaded: unknown = await import(START_MODULE.href)
  const startApp = (loaded as { startApp?: unknown }).startApp
  if (typeof startApp !== 'function') throw new CliError('src/app/start.ts does not export startApp().')
  return startApp as StartApp
}

export function startAppCommand(mode: StartMode, summary: string): Command {
  return {
    name: mode,
    args: '',
    summary,
    async run(args) {
      if (args.length > 0) throw new UsageError(`${mode} takes no arguments`)
      const startApp = await loadStartApp()
      await startApp({ mode })
      return 0
    },
  }
}
