// `npm start` with Slack and SMTP, end to end: the app as launch() builds it (the demo book, the real job
// queue, the Slack app with the mail wiring of start.ts) adds a portal user from a signed Add portal user
// submission, and the invitation reaches a real SMTP server on loopback with PUBLIC_URL's accept link,
// queued by the kick after the add; /msp outbox then shows it sent.
import { expect, it } from 'vitest'
import { parseEnv } from '../../src/app/env.ts'
import { launch } from '../../src/app/start.ts'
import { startTestSmtp } from '../services/mail/smtp-server.ts'
import { buttons, driver, type Json } from '../slack/subcommands/driver.ts'
import { captureLog } from '../support/capture-log.ts'
import { startFakeSlack } from '../support/fake-slack.ts'
import { BOT_TOKEN, SIGNING_SECRET } from '../support/slack-app.ts'
import { stateValue } from '../support/slack-request.ts'

it('an Add portal user in Slack sends the invitation over SMTP at once', async () => {
  const smtp = await startTestSmtp()
  const fake = await startFakeSlack({ botToken: BOT_TOKEN })
  const log = captureLog()
  const env = parseEnv({
    PORT: '0',
    DATABASE_URL: 'memory://',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: fake.apiUrl,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'MSP Support <support@msp.example>',
    PUBLIC_URL: 'https://bot.msp.example',
  })
  const running = await launch({ mode: 'start', env, logger: log.logger })
  try {
    const slack = driver({
      db: () => running.db.prisma,
      url: () => `http://127.0.0.1:${running.port}/slack/events`,
      fake,
    })
    // The demo book: Priya (U0PRIYA) is an admin; Zylker is one of its customers.
    const list = (await slack.reply('U0PRIYA', 'portal Zylker')).body
    const add = buttons(list.blocks).find((b) => b.text === 'Add portal user')
    const { triggerId } = await slack.click('U0PRIYA', 'portal_add', add?.value ?? '', {
      responseUrl: fake.responseUrl(),
    })
    const call = await fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId, 15_000)
    const started = Date.now()
    const { ack } = await slack.submit('U0PRIYA', call.args.view as Json, {
      portal_name: { portal_name: stateValue.text('Nina') },
      portal_email: { portal_email: stateValue.email('nina@zylker.example') },
      portal_role: { portal_role: stateValue.staticSelect('operator') },
      portal_admin: { portal_admin: stateValue.checkboxes([]) },
    })
    expect(ack).toEqual({ response_action: 'clear' })
    const [mail] = await smtp.waitFor(1, 30_000)
    // Sent after the kick (the minute's run would send it too, up to a minute later).
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(mail?.subject).toBe('Invitation to the Zylker portal')
    expect(mail?.text).toMatch(/https:\/\/bot\.msp\.example\/portal\/invitations\/[A-Za-z0-9_-]{43}/)
    const outbox = await slack.reply('U0PRIYA', 'outbox')
    expect(outbox.shown).toContain('Mail is sent over SMTP; 0 not sent yet.')
    expect(outbox.shown).toContain('To: nina@zylker.example')
    expect(fake.violations).toEqual([])
  } finally {
    await running.stop()
    await fake.close()
    await smtp.stop()
  }
}, 120_000)
