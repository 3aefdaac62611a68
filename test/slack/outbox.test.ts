// `/msp outbox` through signed Slack requests against the fake Slack: admins see the kept mail, newest
// first, with its state; every address, subject and text is escaped; anyone below admin is refused.
import { describe, expect, it } from 'vitest'
import { enqueueMail } from '../../src/services/mail/enqueue-mail.ts'
import { outboxBlocks } from '../../src/slack/blocks/outbox-list.ts'
import { useSlackApp } from '../support/slack-app.ts'
import { seedSlackWorld } from '../support/slack-worlds.ts'
import { driver, type Json, shownText, texts } from './subcommands/driver.ts'

const t = useSlackApp()
const slack = driver(t)

const hostile = {
  to: 'dana+<!channel>@zylker.example',
  subject: 'Invitation <@U0PRIYA> & <https://evil.example|click>',
  text: 'Hello <!here>,\naccept: http://localhost:3000/portal/invitations/abc & more',
}

describe('/msp outbox', () => {
  it('shows an admin the kept mail, newest first, escaped, with its state', async () => {
    await seedSlackWorld(t, { customers: [{ name: 'Zylker' }] })
    const first = await enqueueMail(t.db(), { to: 'li@zylker.example', subject: 'Older', text: 'first mail' })
    await t
      .db()
      .outboxMail.update({ where: { id: first.id }, data: { sentAt: new Date('2026-12-03T10:00:00Z') } })
    const second = await enqueueMail(t.db(), { to: 'bo@zylker.example', subject: 'Retried', text: 'second' })
    await t.db().outboxMail.update({
      where: { id: second.id },
      data: {
        attempts: 2,
        lastError: 'connect ECONNREFUSED <127.0.0.1:25>',
        nextAttemptAt: new Date('2026-12-03T11:00:00Z'),
      },
    })
    await enqueueMail(t.db(), hostile)

    const { body, shown } = await slack.reply('U0PRIYA', 'outbox')
    expect(shown).toContain('3 mail(s)')
    expect(shown).toContain('SMTP_URL is not set: mail is kept here and not sent (2 unsent)')
    // Newest first: the hostile one, then Retried, then Older.
    const order = ['Invitation <@U0PRIYA>', 'Retried', 'Older'].map((s) => shown.indexOf(s))
    expect(order.every((i) => i >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(shown).toContain(`To: ${hostile.to}`)
    expect(shown).toContain(hostile.subject)
    expect(shown).toContain(hostile.text)
    expect(shown).toContain('not sent yet')
    expect(shown).toContain(
      'not sent after 2 attempt(s), next try 2026-12-03 11:00 UTC — connect ECONNREFUSED <127.0.0.1:25>',
    )
    expect(shown).toContain('sent 2026-12-03 10:00 UTC')
    // Nothing from data became a mention, a broadcast or a link.
    const raw = texts(body).join('\n')
    for (const markup of [
      '<!channel>',
      '<!here>',
      '<@U0PRIYA>',
      '<https://evil.example|click>',
      '<127.0.0.1:25>',
    ])
      expect(raw).not.toContain(markup)
  })

  it('says so when there is no mail', async () => {
    await seedSlackWorld(t, {})
    const { shown } = await slack.reply('U0PRIYA', 'outbox')
    expect(shown).toContain('0 mail(s)')
    expect(shown).toContain('No mail yet.')
  })

  it.each([
    ['U0MAYA', 'manager'],
    ['U0ALEX', 'technician'],
    ['U0VIC', 'viewer'],
  ])('refuses %s (%s), naming the admin role, and shows no mail', async (user) => {
    await seedSlackWorld(t, {})
    await enqueueMail(t.db(), { to: 'li@zylker.example', subject: 'Secret link', text: 'token' })
    const { shown } = await slack.reply(user, 'outbox')
    expect(shown).toContain('This needs the admin role')
    expect(shown).not.toContain('Secret link')
  })
})

describe('outbox blocks', () => {
  const entry = (id: number) => ({
    id,
    to: `u${id}@zylker.example`,
    subject: `Mail ${id}`,
    text: 'x'.repeat(5000),
    createdAt: new Date('2026-12-03T10:00:00Z'),
    sentAt: null,
    state: 'waiting' as const,
    attempts: 0,
    lastError: null,
    nextAttemptAt: new Date('2026-12-03T10:00:00Z'),
  })

  it('says mail is sent when SMTP is set, and stays within Slack’s limits for long texts', () => {
    const blocks = outboxBlocks(
      { entries: Array.from({ length: 30 }, (_, i) => entry(i)), total: 30, unsent: 30 },
      true,
    )
    expect(blocks.length).toBeLessThanOrEqual(50)
    const all = shownText(blocks as unknown as Json[])
    expect(all).toContain('Mail is sent over SMTP; 30 not sent yet.')
    for (const text of texts(blocks)) expect(text.length).toBeLessThanOrEqual(3000)
  })
})
