// Child process: the fake Slack Web API (and response_urls) the app under test talks to.
import { startFakeSlack } from '../test/support/fake-slack.ts'
import { BOT_TOKEN, type FakeReady, type FakeStats, isMessage, type ParentMessage } from './ipc.ts'

const fake = await startFakeSlack({ botToken: BOT_TOKEN })
const sample = fake.responseUrl('x')
const ready: FakeReady = { type: 'ready', apiUrl: fake.apiUrl, responseUrlPrefix: sample.slice(0, -1) }
process.send?.(ready)

process.on('message', (message: unknown) => {
  if (isMessage<ParentMessage>(message, 'stats')) {
    const stats: FakeStats = {
      type: 'stats',
      calls: fake.calls.length,
      responses: fake.responses.length,
      violations: [...new Set(fake.violations)].slice(0, 5),
    }
    process.send?.(stats)
  } else if (isMessage<ParentMessage>(message, 'stop')) {
    void fake.close().finally(() => process.exit(0))
  }
})
