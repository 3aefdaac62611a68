// `start` and `sandbox` hand over to the app (src/app/start.ts). It is imported only when one of them
// runs, so the other commands never load Slack and a broken app fails only these two.
import type { Command } from '../context.ts'
import { UsageError } from '../errors.ts'

export type StartMode = 'start' | 'sandbox'

export function startAppCommand(mode: StartMode, summary: string): Command {
  return {
    name: mode,
    args: '',
    summary,
    async run(args) {
      if (args.length > 0) throw new UsageError(`${mode} takes no arguments`)
      const { startApp } = await import('../../app/start.ts')
      await startApp({ mode })
      return 0
    },
  }
}
