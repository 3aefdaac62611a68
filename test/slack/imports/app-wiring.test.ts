// `npm start` with Slack, end to end: the app as launch() builds it (the demo book, the real job queue, the
// enqueue port and the Slack reporter of start.ts) imports an uploaded CSV from a signed Bulk Add Users
// submission as a background job, and the summary reaches the person's DM through the fake Slack.
import { expect, it } from 'vitest'
import { parseEnv } from '../../../src/app/env.ts'
import { launch } from '../../../src/app/start.ts'
import { ACTION, BLOCK } from '../../../src/slack/ids.ts'
import { captureLog } from '../../support/capture-log.ts'
import { startFakeSlack } from '../../support/fake-slack.ts'
import { BOT_TOKEN, SIGNING_SECRET } from '../../support/slack-app.ts'
import { stateValue } from '../../support/slack-request.ts'
import { driver, type Json, shownText } from '../subcommands/driver.ts'

it('a Bulk Add Users submission runs on the job queue and its summary is DM’d', async () => {
  const fake = await startFakeSlack({ botToken: BOT_TOKEN })
  const log = captureLog()
  const env = parseEnv({
    PORT: '0',
    DATABASE_URL: 'memory://',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: fake.apiUrl,
  })
  const running = await launch({ mode: 'start', env, logger: log.logger })
  try {
    const slack = driver({
      db: () => running.db.prisma,
      url: () => `http://127.0.0.1:${running.port}/slack/events`,
      fake,
    })
    // The demo book: Priya (U0PRIYA) is an admin; Zylker is one of its customers.
    const { view } = await slack.openModal('U0PRIYA', 'import Zylker')
    fake.addFile({
      id: 'F0WIRED',
      name: 'wired.csv',
      content:
        'Email,First Name,Last Name\nwired.one@zylker.example,Wired,One\nwired.two@zylker.example,Wired,Two\n',
      mimetype: 'text/csv',
      userId: 'U0PRIYA',
    })
    const { ack } = await slack.submit('U0PRIYA', view as Json, {
      [BLOCK.bulkFile]: { [ACTION.bulkFile]: { type: 'file_input', files: [{ id: 'F0WIRED' }] } },
      [BLOCK.bulkSource]: { [ACTION.bulkSource]: stateValue.radio('csv') },
      [BLOCK.bulkMode]: { [ACTION.bulkMode]: stateValue.radio('addValid') },
    })
    expect(ack.response_action).toBe('update')
    const summary = await fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'U0PRIYA' && String(c.args.text).includes('done'),
      60_000,
    )
    expect(shownText({ text: summary.args.text })).toContain('Import into *Zylker* done: 2 added')
    const added = await running.db.prisma.customerUser.findMany({
      where: { email: { startsWith: 'wired.' } },
      select: { email: true, source: true },
      orderBy: { email: 'asc' },
    })
    expect(added).toEqual([
      { email: 'wired.one@zylker.example', source: 'csv' },
      { email: 'wired.two@zylker.example', source: 'csv' },
    ])
    const task = await running.db.prisma.backgroundTask.findFirstOrThrow({ where: { fileName: 'wired.csv' } })
    expect(task.status).toBe('succeeded')
    expect(fake.violations).toEqual([])
  } finally {
    await running.stop()
    await fake.close()
  }
}, 120_000)
