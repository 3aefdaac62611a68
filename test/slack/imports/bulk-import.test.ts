// Bulk Add Users end to end: signed Slack requests to the real app, the fake Slack serving the uploaded file
// (files.info, url_private_download with the bot token) and checking every call; the import runs as the
// job would (the services' enqueue port), reporting through the Slack reporter. The database and the
// export afterwards prove what was written.
import { describe, expect, it } from 'vitest'
import { IMPORT_BATCH_ROWS } from '../../../src/domain/customer-user-import.ts'
import { customerUserNameKeys } from '../../../src/domain/customer-users.ts'
import { SAMPLE_CSV } from '../../../src/services/customer-users/import/parse-csv.ts'
import { exportSnapshot } from '../../../src/services/snapshot/export-snapshot.ts'
import { rowBlockId, TYPED_ROWS_MAX } from '../../../src/slack/blocks/bulk-add-users.ts'
import { count } from '../../../src/slack/blocks/import-progress.ts'
import { ACTION, BLOCK } from '../../../src/slack/ids.ts'
import type { RecordedCall } from '../../support/fake-slack.ts'
import { stateValue, type ViewStateValues } from '../../support/slack-request.ts'
import { validateBlocks } from '../../support/slack-spec/block-kit-validator.ts'
import { seedSlackWorld, slackStaff } from '../../support/slack-worlds.ts'
import { HOSTILE, markupProblems } from '../hostile-text.ts'
import { driver, type Json, shownText } from '../subcommands/driver.ts'
import { useImportApp } from './harness.ts'

const WAIT_MS = 20_000
const { priya, maya, alex, vic } = slackStaff

const t = useImportApp()
const d = driver(t)

/** Zylker (Alex's, through Zoho), Acme (not Alex's) and a customer with a hostile name. */
const seed = () =>
  seedSlackWorld(t, {
    customers: [{ name: 'Zylker' }, { name: 'Acme' }, { name: HOSTILE.customer }],
    groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex', 'Maya'] }],
  })

let fileCounter = 0
/** A file the person uploaded in the modal: Slack has it; the form carries its id. */
function upload(name: string, content: string | Buffer, userId: string = alex.slackUserId): string {
  fileCounter += 1
  const id = `F0UP${String(fileCounter).padStart(6, '0')}`
  t.fake.addFile({ id, name, content, mimetype: 'text/csv', userId })
  return id
}

function formValues(spec: {
  file?: string
  source?: 'csv' | 'directory'
  mode?: 'allOrNothing' | 'addValid'
  rows?: string[][]
}): ViewStateValues {
  const values: ViewStateValues = {
    [BLOCK.bulkFile]: {
      [ACTION.bulkFile]: { type: 'file_input', files: spec.file ? [{ id: spec.file, name: 'x' }] : [] },
    },
    [BLOCK.bulkSource]: { [ACTION.bulkSource]: stateValue.radio(spec.source ?? 'csv') },
    [BLOCK.bulkMode]: { [ACTION.bulkMode]: stateValue.radio(spec.mode ?? 'allOrNothing') },
  }
  for (let n = 1; n <= TYPED_ROWS_MAX; n++) {
    const [email = null, first = null, last = null] = spec.rows?.[n - 1] ?? []
    values[rowBlockId(n, 'email')] = { [ACTION.bulkRowEmail]: stateValue.text(email) }
    values[rowBlockId(n, 'firstName')] = { [ACTION.bulkRowFirstName]: stateValue.text(first) }
    values[rowBlockId(n, 'lastName')] = { [ACTION.bulkRowLastName]: stateValue.text(last) }
  }
  return values
}

/** A message as read: entities and mentions as shown, bold and code marks dropped. */
const readable = (value: unknown) => shownText(value).replace(/[*`]/g, '')
const messageText = (call: RecordedCall) => readable({ text: call.args.text, blocks: call.args.blocks })

/** The DM summary the reporter posts when the import finished (after the progress message). */
const summaryFor = (userId: string) =>
  t.fake.waitForCall(
    'chat.postMessage',
    (c) => c.args.channel === userId && !String(c.args.text).includes('Preparing'),
    WAIT_MS,
  )

/** The progress message saying the import did not start. */
const notStarted = () =>
  t.fake.waitForCall('chat.update', (c) => String(c.args.text).includes('Nothing imported'), WAIT_MS)

/** The customer's users as the export has them: "email first last source". */
async function exported(customer: string): Promise<string[]> {
  const snapshot = await exportSnapshot(t.db())
  return snapshot.customerUsers
    .filter((u) => u.customer === customer)
    .map((u) => `${u.email} ${u.firstName} ${u.lastName} ${u.source}`)
    .sort()
}

/** Opens Bulk Add Users for Zylker as Alex and submits it; returns the ack. */
async function importAs(userId: string, customer: string, values: ViewStateValues): Promise<Json> {
  const { view } = await d.openModal(userId, `import ${customer}`)
  const { ack } = await d.submit(userId, view, values)
  return ack
}

/** Every message the app posted or updated: valid blocks, no markup from data. */
function expectMessagesSafe() {
  const calls = [...t.fake.callsTo('chat.postMessage'), ...t.fake.callsTo('chat.update')]
  for (const call of calls) {
    if (call.args.blocks !== undefined) expect(validateBlocks(call.args.blocks, 'message')).toEqual([])
    const mrkdwnTexts = [String(call.args.text)]
    const walk = (v: unknown) => {
      if (Array.isArray(v)) return v.forEach(walk)
      if (typeof v !== 'object' || v === null) return
      const o = v as Json
      if (o.type === 'mrkdwn' && typeof o.text === 'string') mrkdwnTexts.push(o.text)
      for (const child of Object.values(o)) walk(child)
    }
    walk(call.args.blocks)
    expect(mrkdwnTexts.flatMap(markupProblems)).toEqual([])
  }
}

const HEADER = 'Email,First Name,Last Name'
const GOOD_CSV =
  'Email,First Name,Last Name\r\nli@zylker.example,Li,Wu\r\n"ana@zylker.example","Ana","Pérez, Jr."\r\n'

describe('/msp import <customer>', () => {
  it('opens Bulk Add Users for a technician on their customer; a good CSV is imported and summarized', async () => {
    await seed()
    const { view } = await d.openModal(alex.slackUserId, 'import zylker')
    expect((view.title as { text: string }).text).toBe('Bulk Add Users')
    const file = upload('people.csv', `\uFEFF${GOOD_CSV}`)
    const { ack } = await d.submit(alex.slackUserId, view, formValues({ file, mode: 'addValid' }))
    expect(ack.response_action).toBe('update')
    expect(shownText(ack.view)).toContain("I'll DM you")
    const summary = await summaryFor(alex.slackUserId)
    const text = messageText(summary)
    expect(text).toContain('Import into Zylker done: 2 added')
    expect(text).toContain('Added: 2')
    // fetched with the bot token, after the ack
    expect(t.fake.downloads.map((x) => `${x.fileId} ${x.status}`)).toEqual([`${file} 200`])
    expect(await exported('Zylker')).toEqual([
      'ana@zylker.example Ana Pérez, Jr. csv',
      'li@zylker.example Li Wu csv',
    ])
    // the progress message ends in the final state
    const final = await t.fake.waitForCall(
      'chat.update',
      (c) => String(c.args.text).includes('done'),
      WAIT_MS,
    )
    expect(final.args.channel).toMatch(/^D/)
    expectMessagesSafe()
  })

  it('the progress message counts the rows done batch by batch, then shows the result', async () => {
    await seed()
    // one whole batch and part of the next: one progress update between them
    const total = IMPORT_BATCH_ROWS + 100
    const rows = Array.from({ length: total }, (_, i) => `u${i}@zylker.example,U${i},Z`).join('\n')
    await importAs(
      alex.slackUserId,
      'Zylker',
      formValues({ file: upload('big.csv', `${HEADER}\n${rows}\n`), mode: 'addValid' }),
    )
    const progress = await t.fake.waitForCall(
      'chat.update',
      (c) => String(c.args.text).includes('Importing users into'),
      WAIT_MS,
    )
    expect(messageText(progress)).toContain(
      `Importing users into Zylker: ${count(IMPORT_BATCH_ROWS)} / ${count(total)} rows`,
    )
    expect(messageText(await summaryFor(alex.slackUserId))).toContain(`Added: ${count(total)}`)
    const updates = t.fake.callsTo('chat.update').map((c) => messageText(c).split('\n')[0])
    expect(updates.at(-1)).toContain(`Import into Zylker done: ${count(total)} added`)
    expect(await t.db().customerUser.count()).toBe(total)
  })

  it('the users list’s Bulk add opens the same modal; a technician is refused another customer', async () => {
    const w = await seed()
    await d.click(alex.slackUserId, ACTION.bulkAddOpen, String(w.customerId('Zylker')), {
      responseUrl: t.fake.responseUrl(),
    })
    const opened = await t.fake.waitForCall('views.open', () => true, WAIT_MS)
    expect((opened.args.view as { title: { text: string } }).title.text).toBe('Bulk Add Users')
    const responseUrl = t.fake.responseUrl()
    await d.click(alex.slackUserId, ACTION.bulkAddOpen, String(w.customerId('Acme')), { responseUrl })
    const refused = await d.responseTo(responseUrl)
    expect(shownText(refused.body)).toContain('not associated with Acme')
    expect(t.fake.callsTo('views.open')).toHaveLength(1)
    // and /msp import finds only their customers
    const { shown } = await d.reply(alex.slackUserId, 'import Acme')
    expect(shown).toContain('No customer named “Acme”')
  })

  it('a viewer is refused, naming the role; nothing is opened', async () => {
    await seed()
    const { shown } = await d.reply(vic.slackUserId, 'import Zylker')
    expect(shown).toContain('This needs the technician role; you are viewer')
    expect(t.fake.callsTo('views.open')).toEqual([])
  })

  it('a forged submission is refused in the modal: a viewer, or a technician for a customer not theirs', async () => {
    const w = await seed()
    const { view } = await d.openModal(alex.slackUserId, 'import Zylker')
    const file = upload('people.csv', GOOD_CSV)
    const byViewer = await d.submit(vic.slackUserId, view, formValues({ file }))
    expect(shownText(byViewer.ack.view)).toContain('This needs the technician role; you are viewer')
    const acme = { ...view, private_metadata: JSON.stringify({ customerId: w.customerId('Acme') }) }
    const notTheirs = await d.submit(alex.slackUserId, acme, formValues({ file }))
    expect(shownText(notTheirs.ack.view)).toContain('not associated with Acme')
    expect(t.fake.callsTo('chat.postMessage')).toEqual([])
    expect(t.fake.downloads).toEqual([])
    expect(await t.db().backgroundTask.count()).toBe(0)
  })
})

const BAD_ROWS: Record<string, { csv: string; rejected: string }> = {
  'a bad email': {
    csv: `${HEADER}\nli@zylker.example,Li,Wu\nnot-an-email,Bad,Row\nana@zylker.example,Ana,Diaz\n`,
    rejected: 'Line 3: "not-an-email" is not an email address',
  },
  'a duplicate inside the file': {
    csv: `${HEADER}\nli@zylker.example,Li,Wu\nana@zylker.example,Ana,Diaz\nLI@zylker.example,Li,Again\n`,
    rejected: 'Line 4: LI@zylker.example: the same email as line 2',
  },
}

describe('bad rows: all or nothing adds nothing, add valid rows adds exactly the valid ones', () => {
  for (const [name, { csv, rejected }] of Object.entries(BAD_ROWS)) {
    for (const mode of ['allOrNothing', 'addValid'] as const) {
      it(`${name}, ${mode}`, async () => {
        await seed()
        await importAs(alex.slackUserId, 'Zylker', formValues({ file: upload('bad.csv', csv), mode }))
        const text = messageText(await summaryFor(alex.slackUserId))
        expect(text).toContain(rejected)
        expect(text).toContain('the header is line 1')
        if (mode === 'allOrNothing') {
          expect(text).toContain('Nothing added to Zylker (all or nothing)')
          expect(text).toContain('fix these rows and import again')
          expect(await exported('Zylker')).toEqual([])
        } else {
          expect(text).toContain('Added: 2')
          expect(await exported('Zylker')).toEqual([
            'ana@zylker.example Ana Diaz csv',
            'li@zylker.example Li Wu csv',
          ])
        }
        expectMessagesSafe()
      })
    }
  }

  it('a duplicate of an existing user is skipped, not rejected (both modes add the rest)', async () => {
    const w = await seed()
    await t.db().customerUser.create({
      data: {
        customerId: w.customerId('Zylker'),
        email: 'li@zylker.example',
        firstName: 'Li',
        lastName: 'Old',
        ...customerUserNameKeys({ firstName: 'Li', lastName: 'Old' }),
      },
    })
    await importAs(alex.slackUserId, 'Zylker', formValues({ file: upload('people.csv', GOOD_CSV) }))
    const text = messageText(await summaryFor(alex.slackUserId))
    expect(text).toContain('Added: 1')
    expect(text).toContain('Skipped (already users of Zylker): 1')
    expect(text).toContain('Rejected: 0')
    expect(await exported('Zylker')).toEqual([
      'ana@zylker.example Ana Pérez, Jr. csv',
      'li@zylker.example Li Old manual',
    ])
  })
})

const tooMany = `${HEADER}\n${Array.from({ length: 10_001 }, (_, i) => `u${i}@zylker.example,U,${i}`).join('\n')}\n`
const FILE_PROBLEMS: Record<string, { content: string | Buffer; says: string }> = {
  'a missing column': {
    content: 'Email,First Name\nli@zylker.example,Li\n',
    says: 'the header has no Last Name column',
  },
  'an empty file': { content: '', says: 'the file is empty' },
  'a file that is not UTF-8': {
    content: Buffer.from(`${HEADER}\nren\xe9@zylker.example,Ren\xe9,Z\n`, 'latin1'),
    says: 'the file is not UTF-8 text',
  },
  '10 001 rows': { content: tooMany, says: 'the file has 10 001 rows; one import takes at most 10 000' },
}

describe('files that cannot be imported at all: said in the progress message, nothing added', () => {
  for (const [name, { content, says }] of Object.entries(FILE_PROBLEMS)) {
    it(name, async () => {
      await seed()
      const mode = name.length % 2 === 0 ? 'addValid' : 'allOrNothing'
      await importAs(alex.slackUserId, 'Zylker', formValues({ file: upload('bad.csv', content), mode }))
      const update = await notStarted()
      expect(messageText(update)).toContain(`Nothing imported into Zylker from bad.csv: ${says}`)
      expect(await exported('Zylker')).toEqual([])
      expect(await t.db().backgroundTask.count()).toBe(0)
      expectMessagesSafe()
    })
  }

  it('a file Slack no longer has (files.info: file_not_found)', async () => {
    await seed()
    await importAs(alex.slackUserId, 'Zylker', formValues({ file: 'F0GONE' }))
    const update = await notStarted()
    expect(messageText(update)).toContain('Slack no longer has the uploaded file (file_not_found)')
    expect(t.fake.downloads).toEqual([])
    expect(await exported('Zylker')).toEqual([])
  })
})

describe('the form', () => {
  it('typed rows are imported; the summary numbers them as in the form', async () => {
    await seed()
    await importAs(
      maya.slackUserId,
      'Zylker',
      formValues({
        mode: 'addValid',
        rows: [
          ['li@zylker.example', 'Li', 'Wu'],
          ['', '', ''],
          ['bo@zylker.example', 'Bo', ''],
          ['ana@zylker.example', 'Ana', 'Diaz'],
        ],
      }),
    )
    const text = messageText(await summaryFor(maya.slackUserId))
    expect(text).toContain('From typed rows')
    expect(text).toContain('Row 3: Last Name is empty')
    expect(await exported('Zylker')).toEqual([
      'ana@zylker.example Ana Diaz csv',
      'li@zylker.example Li Wu csv',
    ])
  })

  it('what it can judge at once comes back under the field, and nothing starts', async () => {
    await seed()
    const ack = await importAs(
      alex.slackUserId,
      'Zylker',
      formValues({
        rows: [
          ['li@zylker.example', 'Li', 'Wu'],
          ['nope', 'No', 'Pe'],
        ],
      }),
    )
    expect(ack).toEqual({
      response_action: 'errors',
      errors: { [rowBlockId(2, 'email')]: '"nope" is not an email address.' },
    })
    const none = await importAs(alex.slackUserId, 'Zylker', formValues({}))
    expect(Object.keys(none.errors as Json)).toEqual([BLOCK.bulkFile])
    expect(t.fake.callsTo('chat.postMessage')).toEqual([])
    expect(await t.db().backgroundTask.count()).toBe(0)
  })

  it('Download sample CSV uploads the sample to the person’s DM (files.uploadV2)', async () => {
    const w = await seed()
    const { view } = await d.openModal(alex.slackUserId, 'import Zylker')
    await d.click(alex.slackUserId, ACTION.bulkSampleCsv, String(w.customerId('Zylker')), { view })
    const done = await t.fake.waitForCall('files.completeUploadExternal', () => true, WAIT_MS)
    const dm = t.fake.lastCall('chat.postMessage')
    expect(dm.args.channel).toBe(alex.slackUserId)
    expect(String(JSON.stringify(done.args.channel_id))).toMatch(/D/)
    const fileId = (done.args.files as Array<{ id: string }>)[0]?.id ?? ''
    const stored = t.fake.files.get(fileId)
    expect(stored?.name).toBe('bulk-add-users-sample.csv')
    expect(String(stored?.content)).toBe(SAMPLE_CSV)
  })
})

describe('directory import, /msp tasks, Slack refusals, hostile names', () => {
  it('a Microsoft Graph export imports locked (directory) users; /msp tasks lists the task', async () => {
    await seed()
    const graph = JSON.stringify({
      value: [
        { id: 'aad-1', userPrincipalName: 'li@zylker.example', givenName: 'Li', surname: 'Wu' },
        {
          id: 'aad-2',
          mail: 'ana@zylker.example',
          userPrincipalName: 'x@y',
          givenName: 'Ana',
          surname: 'Diaz',
        },
      ],
    })
    await importAs(
      alex.slackUserId,
      'Zylker',
      formValues({ file: upload('users.json', graph), source: 'directory' }),
    )
    const text = messageText(await summaryFor(alex.slackUserId))
    expect(text).toContain('2 added')
    expect(await exported('Zylker')).toEqual([
      'ana@zylker.example Ana Diaz directory',
      'li@zylker.example Li Wu directory',
    ])
    // a re-import updates the locked users it matches (by directory id)
    t.fake.reset()
    const renamed = graph.replace('"surname":"Wu"', '"surname":"Wu-Lee"')
    await importAs(
      alex.slackUserId,
      'Zylker',
      formValues({ file: upload('users.json', renamed), source: 'directory' }),
    )
    expect(messageText(await summaryFor(alex.slackUserId))).toContain('Added: 0 · Updated: 1')
    expect(await exported('Zylker')).toContain('li@zylker.example Li Wu-Lee directory')
    const shown = readable((await d.reply(alex.slackUserId, 'tasks')).body)
    expect(shown).toContain('Done')
    expect(shown).toContain('import into Zylker from directory export users.json')
    expect(shown).toContain('2 / 2 rows')
    expect(shown).toContain('started by @U0ALEX')
    // a viewer sees only their own tasks (none)
    const viewer = await d.reply(vic.slackUserId, 'tasks')
    expect(viewer.shown).toContain('No background tasks yet')
  })

  it('Slack refusing the progress update (429) or the DM (channel_not_found) never fails the import', async () => {
    await seed()
    t.fake.failNext('chat.update', { status: 429, retryAfter: 1 })
    t.fake.failNext('chat.update', { error: 'channel_not_found' })
    await importAs(alex.slackUserId, 'Zylker', formValues({ rows: [['li@zylker.example', 'Li', 'Wu']] }))
    await summaryFor(alex.slackUserId)
    await t.settled()
    expect(await exported('Zylker')).toEqual(['li@zylker.example Li Wu csv'])
    expect(t.reporterLog.join('\n')).toMatch(/Slack refused the progress message update/)
    const task = await t.db().backgroundTask.findFirstOrThrow()
    expect(task.status).toBe('succeeded')
    // the progress message itself refused: the import runs without it, and the summary still comes
    t.fake.reset()
    t.fake.failNext('chat.postMessage', { error: 'channel_not_found' })
    await importAs(alex.slackUserId, 'Zylker', formValues({ rows: [['bo@zylker.example', 'Bo', 'Ng']] }))
    const summary = await t.fake.waitForCall(
      'chat.postMessage',
      (c) => String(c.args.text).includes('done'),
      WAIT_MS,
    )
    expect(messageText(summary)).toContain('Import into Zylker done: 1 added')
    expect(t.fake.callsTo('chat.update')).toEqual([])
    expect(await exported('Zylker')).toEqual(['bo@zylker.example Bo Ng csv', 'li@zylker.example Li Wu csv'])
  })

  it('hostile file names, customer names and cells are escaped in every message', async () => {
    const w = await seed()
    await d.click(priya.slackUserId, ACTION.bulkAddOpen, String(w.customerId(HOSTILE.customer)), {
      responseUrl: t.fake.responseUrl(),
    })
    const opened = await t.fake.waitForCall('views.open', () => true, WAIT_MS)
    const csv = `${HEADER}\n"${HOSTILE.email}",Bad,Row\nok@evil.example,"${HOSTILE.user}","${HOSTILE.portalUser}"\n`
    const file = upload(`${HOSTILE.portalUser}.csv`, csv, priya.slackUserId)
    await d.submit(priya.slackUserId, opened.args.view as Json, formValues({ file, mode: 'addValid' }))
    const text = messageText(await summaryFor(priya.slackUserId))
    expect(text).toContain(`Import into ${HOSTILE.customer} done: 1 added`)
    expect(text).toContain(`"${HOSTILE.email}" is not an email address`)
    expect(text).toContain(`${HOSTILE.portalUser}.csv`)
    expectMessagesSafe()
    const { body } = await d.reply(priya.slackUserId, 'tasks')
    expect(markupProblems(String(body.text))).toEqual([])
    expect(shownText(body)).toContain(HOSTILE.customer)
  })
})
