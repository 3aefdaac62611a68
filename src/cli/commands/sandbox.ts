// `sandbox`: runs the app in local sandbox mode, without Slack.
import { startAppCommand } from './start-app.ts'

export const sandboxCommand = startAppCommand(
  'sandbox',
  'run the app in local sandbox mode (no Slack needed)',
)
