// A slash command answers in its ack when the answer needed no I/O (help; a list the embedded database's
// read cache holds), and otherwise acks empty at once and posts the answer to response_url.
import { describe, expect, it } from 'vitest'
import { useSlackApp } from '../../support/slack-app.ts'
import { seedSlackWorld, slackStaff } from '../../support/slack-worlds.ts'
import { driver, groupValues, settle, shownText } from '../subcommands/driver.ts'

const t = useSlackApp()
const slack = driver(t)
const embedded = process.env.TEST_DATABASE_URL === undefined

const seed = () =>
  seedSlackWorld(
    t,
    {
      customers: [{ name: 'Zylker' }, { name: 'Acme' }],
      groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Maya'] }],
    },
    [slackStaff.priya, slackStaff.maya],
  )

describe('answers in the ack', () => {
  it('help and an unknown subcommand need nothing from the book: answered in the ack, nothing posted', async () => {
    const help = await slack.command('U0SOMEONE', 'help')
    expect(help.res.json).toMatchObject({ response_type: 'ephemeral' })
    expect(shownText(help.res.json)).toContain('/msp customers')
    const unknown = await slack.command('U0SOMEONE', 'frobnicate')
    expect(shownText(unknown.res.json)).toContain('Unknown subcommand')
    await settle(100)
    expect(t.fake.responses).toEqual([])
  })

  it('a list read from the database is posted after an empty ack; a repeat is answered from memory in the ack', async () => {
    await seed()
    const first = await slack.command('U0PRIYA', 'customers')
    expect(first.res.text).toBe('')
    const posted = await slack.responseTo(first.responseUrl)
    expect(shownText(posted.body)).toContain('Zylker')

    const again = await slack.command('U0PRIYA', 'customers')
    if (!embedded) {
      expect(again.res.text).toBe('') // a server may have other writers: nothing is kept
      return
    }
    expect(again.res.json).toEqual(posted.body)
    // another person's scope is not theirs to share: Maya's list is read for her
    const maya = await slack.command('U0MAYA', 'customers')
    expect(maya.res.text).toBe('')
    expect(shownText((await slack.responseTo(maya.responseUrl)).body)).not.toContain('Acme')
    await settle(100)
    expect(t.fake.responses.map((r) => r.id)).toEqual([first.responseId, maya.responseId])
  })

  it.skipIf(!embedded)('after a save, the next list is read again and shows the change', async () => {
    await seed()
    await slack.reply('U0PRIYA', 'customers')
    expect((await slack.command('U0PRIYA', 'customers')).res.text).not.toBe('') // kept
    const { view } = await slack.openModal('U0PRIYA', 'group Zoho')
    const w = await t.db().customer.findMany({ orderBy: { name: 'asc' } })
    const maya = await t.db().mspUser.findFirstOrThrow({ where: { name: 'Maya' } })
    const { ack } = await slack.submit(
      'U0PRIYA',
      view,
      groupValues({ name: 'Zoho', customerIds: w.map((c) => c.id), userIds: [maya.id] }),
    )
    expect(ack.response_action).toBe('clear')
    const after = await slack.command('U0PRIYA', 'customers')
    expect(after.res.text).toBe('')
    const listed = shownText((await slack.responseTo(after.responseUrl)).body)
    expect(listed).toMatch(/Acme.*groups: Zoho/)
  })
})
