import { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { App } from '@slack/bolt'

export interface RunningApp {
  /** `http://127.0.0.1:<port>/slack/events` (or the given path). */
  url: string
  baseUrl: string
  stop: () => Promise<void>
}

/**
 * Starts a Bolt app whose receiver is an HTTPReceiver on a random port (app.start(0)) and returns the
 * URL to send signed requests to.
 */
export async function startBoltApp(app: App, eventsPath = '/slack/events'): Promise<RunningApp> {
  const server: unknown = await app.start(0)
  if (!(server instanceof Server)) throw new Error('startBoltApp needs an app with an HTTPReceiver')
  const { port } = server.address() as AddressInfo
  const baseUrl = `http://127.0.0.1:${port}`
  return {
    url: `${baseUrl}${eventsPath}`,
    baseUrl,
    stop: async () => {
      server.closeAllConnections()
      await app.stop()
    },
  }
}
