// `start`: runs the Slack app (HTTP or Socket Mode from the environment; sandbox without Slack credentials).
import { startAppCommand } from './start-app.ts'

export const startCommand = startAppCommand('start', 'run the Slack app (the mode follows the environment)')
