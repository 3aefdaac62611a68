// The app's log captured in memory (JSON lines), for tests that launch the app and read what it logged.
//   const log = captureLog(); const running = await launch({ ..., logger: log.logger }); log.text()
import { createLogger } from '../../src/app/logging.ts'

export function captureLog() {
  const lines: string[] = []
  const logger = createLogger({ sink: { write: (line) => void lines.push(line) }, pretty: false })
  return {
    logger,
    /** The messages logged so far, one a line. */
    text: () => lines.map((line) => String((JSON.parse(line) as { msg?: unknown }).msg ?? '')).join('\n'),
    clear: () => void lines.splice(0),
  }
}
