// Several app instances behind one PostgreSQL: two real app processes (instance-child.ts: the app as
// `npm start` runs it) on loopback, one PostgreSQL database, one fake Slack (which checks every call
// against Slack's specs). Requests are signed as Slack signs them and sent to either instance. Proves that
// what must outlive a request lives in the database:
//   (a) a Slack retry landing on the other instance runs nothing twice, nor does one delivery sent to both
//       at once;
//   (b) two staff confirming conflicting Edit Customer Group previews at once, on different instances:
//       one applies, the other gets a re-preview, and the database shows exactly one change;
//   (c) a double-clicked Approve split across the instances runs the action once;
//   (d) a double-clicked Reinvite in `/msp portal` split across the instances sends one invitation;
//   (e) a job whose instance is killed (kill -9) while running is finished by the other instance, once.
// The two instances start together on a new database (migrations, job queue and demo book in turn).
// Needs POSTGRES_TEST_URL (CI starts a server in .ci/run): skipped with a printed reason without it
// locally, failing in CI.
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type Database, openDatabase } from '../../src/db/client.ts'
import { startJobQueue } from '../../src/jobs/index.ts'
import { parseRowRef } from '../../src/slack/blocks/portal-values.ts'
import { type Started, start } from '../cli/child.ts'
import { ackedView, groupValues, openForm, replyTo, submit, textOf } from '../slack/forms/helpers.ts'
import { buttons, driver, type Json, settle, shownText } from '../slack/subcommands/driver.ts'
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts'
import { emptyServerDatabase } from '../support/postgres-template-database.ts'
import { auditRows, membershipDump } from '../support/seed.ts'
import { BOT_TOKEN, NOTIFY_CHANNEL, SIGNING_SECRET, type SlackAppHarness } from '../support/slack-app.ts'
import {
  appHomeOpened,
  blockActions,
  eventCallback,
  interaction,
  newTriggerId,
  postSigned,
  slashCommandBody,
  stateValue,
} from '../support/slack-request.ts'
import { seedSlackWorld } from '../support/slack-worlds.ts'
import { until } from '../support/until.ts'
import { alexOnlyInZoho, staff } from '../support/worlds.ts'
import { INSTANCE_JOB, INSTANCE_JOB_SUBJECT, instanceJob } from './instance-job.ts'

const CHILD = fileURLToPath(new URL('./instance-child.ts', import.meta.url))
const serverUrl = process.env.POSTGRES_TEST_URL
/** The suite's PostgreSQL pass (vitest.config.ts) runs this file again: once is enough, it is on the server anyway. */
const serverPass = Boolean(process.env.TEST_DATABASE_URL)
if (!serverUrl) {
  if (process.env.CI) throw new Error('CI must set POSTGRES_TEST_URL (see .ci/run) to test several instances')
  console.log('Skipping the two-instance test: POSTGRES_TEST_URL is not set (it needs a PostgreSQL server).')
} else if (serverPass) {
  console.log(
    'Skipping the two-instance test in the PostgreSQL pass: the embedded pass ran it on the server.',
  )
}

/** Waits on the fake Slack and the database: the machine is shared and often loaded. */
const WAIT_MS = 20_000

interface Instance {
  name: 'A' | 'B'
  run: Started
  /** POST /slack/events of this instance. */
  url: string
}

let fake: FakeSlack
let db: Database
let dropDatabase: () => Promise<void> = async () => {}
let a: Instance
let b: Instance
const instances = () => [a, b]

async function createDatabase(server: string): Promise<string> {
  const created = await emptyServerDatabase(server, 'msp_instances')
  dropDatabase = created.drop
  return created.url
}

async function startInstance(name: 'A' | 'B', databaseUrl: string): Promise<Instance> {
  const run = start(process.execPath, ['--import', 'tsx', CHILD], {
    env: {
      INSTANCE_NAME: name,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: fake.apiUrl,
      MSP_NOTIFY_CHANNEL: NOTIFY_CHANNEL,
    },
  })
  const printed = await run.waitFor(new RegExp(`instance ${name} ready on port (\\d+)`), 120_000)
  const port = new RegExp(`instance ${name} ready on port (\\d+)`).exec(printed)?.[1]
  return { name, run, url: `http://127.0.0.1:${port}/slack/events` }
}

/** The test helpers' harness, sending to one instance; the database and fake Slack are shared. */
const on = (instance: Instance): SlackAppHarness => ({
  db: () => db.prisma,
  url: () => instance.url,
  fake,
})

async function truncateBook(): Promise<void> {
  const tables = await db.prisma.$queryRaw<{ tablename: string }[]>`
    SELECT tablename::text AS tablename FROM pg_tables
    WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`
  const list = tables.map((t) => `"${t.tablename}"`).join(', ')
  await db.prisma.$executeRawUnsafe(`TRUNCATE ${list} RESTART IDENTITY CASCADE`)
}

describe.skipIf(!serverUrl || serverPass)('two app instances on one PostgreSQL database', () => {
  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: BOT_TOKEN })
    const url = await createDatabase(serverUrl ?? '')
    // Both start together on the new, empty database, as a fresh deployment does: they migrate it, declare
    // the job queue and load the demo book in turn, and both serve.
    ;[a, b] = await Promise.all([startInstance('A', url), startInstance('B', url)])
    db = await openDatabase({ url })
    const migrated = await db.prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "_prisma_migrations" GROUP BY migration_name HAVING count(*) > 1`,
    )
    expect(migrated).toEqual([]) // each migration applied once
  }, 240_000)

  afterAll(async () => {
    for (const instance of [a, b]) {
      const child = instance?.run.child
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
    await Promise.all([a?.run.done, b?.run.done])
    await db?.close()
    await dropDatabase()
    await fake?.close()
  }, 60_000)

  beforeEach(async () => {
    await truncateBook()
    fake.reset()
  })

  afterEach(() => {
    // A call Slack would reject fails the test that caused it (e.g. a trigger_id exchanged twice).
    expect(fake.violations).toEqual([])
  })

  it('(a) a retry on the other instance, and one delivery sent to both at once, run once', async () => {
    await seedSlackWorld(on(a), { customers: [{ name: 'Zylker' }] }, [staff.priya])
    const command = (triggerId: string) =>
      slashCommandBody({ text: 'customer Zylker', userId: 'U1', responseUrl: fake.responseUrl(), triggerId })
    const form = 'application/x-www-form-urlencoded'
    const opened = (triggerId: string) =>
      fake.callsTo('views.open').filter((c) => c.args.trigger_id === triggerId)

    // Slack retries on B what A ran (A's ack was late): B finds A's delivery key and runs nothing.
    const first = newTriggerId()
    const body = command(first)
    expect((await postSigned(a.url, SIGNING_SECRET, body, { contentType: form })).status).toBe(200)
    await fake.waitForCall('views.open', (c) => c.args.trigger_id === first, WAIT_MS)
    const retry = await postSigned(b.url, SIGNING_SECRET, body, {
      contentType: form,
      retryNum: 1,
      retryReason: 'http_timeout',
    })
    expect(retry.status).toBe(200)

    // An event: app_home_opened on A, its retry on B → one views.publish.
    const eventId = `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`
    const event = appHomeOpened('U1', { tab: 'home' })
    expect((await eventCallback(a.url, SIGNING_SECRET, event, { eventId })).status).toBe(200)
    await fake.waitForCall('views.publish', (c) => c.args.user_id === 'U1', WAIT_MS)
    const eventRetry = await eventCallback(b.url, SIGNING_SECRET, event, {
      eventId,
      retryNum: 1,
      retryReason: 'http_timeout',
    })
    expect(eventRetry.status).toBe(200)

    // The same delivery reaching both instances at once (a retry racing the original, or a load balancer
    // resending it), five times over: each trigger opens one modal.
    const raced = Array.from({ length: 5 }, () => newTriggerId())
    await Promise.all(
      raced.map((triggerId, i) => {
        const same = command(triggerId)
        return Promise.all([
          postSigned(a.url, SIGNING_SECRET, same, { contentType: form }),
          postSigned(b.url, SIGNING_SECRET, same, {
            contentType: form,
            ...(i % 2 === 0 ? { retryNum: 1, retryReason: 'http_timeout' } : {}),
          }),
        ]).then((answers) => expect(answers.map((r) => r.status)).toEqual([200, 200]))
      }),
    )
    for (const triggerId of raced)
      await fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId, WAIT_MS)

    await settle(1000) // anything run twice would have called Slack by now
    expect(opened(first)).toHaveLength(1)
    for (const triggerId of raced) expect(opened(triggerId), triggerId).toHaveLength(1)
    expect(fake.callsTo('views.publish').filter((c) => c.args.user_id === 'U1')).toHaveLength(1)
    const keys = await db.prisma.idempotencyKey.findMany({ select: { key: true } })
    for (const key of [first, ...raced].map((t) => `trigger:${t}`).concat(`event:${eventId}`))
      expect(
        keys.filter((k) => k.key === key),
        key,
      ).toHaveLength(1)
  }, 120_000)

  it('(b) conflicting previews confirmed at once on A and B: one applies, the other re-previews', async () => {
    const w = await seedSlackWorld(on(a), alexOnlyInZoho(), [staff.priya])
    const OMAR = 'U2'
    // Priya, on A: Zoho without Zylker → "Alex removed from Zylker" (Alex reaches Zylker only via Zoho).
    const priyaForm = await openForm(on(a), 'U1', 'group Zoho')
    const priyaPreview = ackedView(
      await submit(
        on(a),
        'U1',
        priyaForm.view,
        groupValues(w, { name: 'Zoho', customers: ['Acme'], users: ['Alex'] }),
      ),
      'push',
    )
    expect(textOf(priyaPreview.blocks)).toContain('Alex removed from Zylker')
    // Omar, on B: Site24x7 with Alex instead of Bea → "Bea removed from Zylker"; Alex keeps Zylker anyway.
    const omarForm = await openForm(on(b), OMAR, 'group Site24x7')
    const omarPreview = ackedView(
      await submit(
        on(b),
        OMAR,
        omarForm.view,
        groupValues(w, { name: 'Site24x7', customers: ['Zylker'], users: ['Alex'] }),
      ),
      'push',
    )
    expect(textOf(omarPreview.blocks)).toContain('Bea removed from Zylker')
    const before = await membershipDump(db.prisma)
    expect(await db.prisma.pendingPlan.count({ where: { status: 'pending' } })).toBe(2) // both in the database

    // Each plan depends on what the other changes: whichever is confirmed second no longer matches.
    const [priya, omar] = await Promise.all([
      submit(on(a), 'U1', priyaPreview, {}, { triggerId: newTriggerId() }),
      submit(on(b), OMAR, omarPreview, {}, { triggerId: newTriggerId() }),
    ])
    const cleared = [priya, omar].filter((x) => x.body.response_action === 'clear')
    expect(cleared, JSON.stringify([priya.body, omar.body]).slice(0, 2000)).toHaveLength(1)
    const priyaApplied = priya.body.response_action === 'clear'
    const loser = priyaApplied ? omar : priya
    const repreview = ackedView(loser, 'update')
    expect(repreview.callback_id).toBe('plan_preview')
    expect(textOf(repreview.blocks)).toContain('data changed since your preview, so nothing was applied')

    const winnerForm = priyaApplied ? priyaForm : omarForm
    expect(String((await replyTo(on(priyaApplied ? a : b), winnerForm)).body.text)).toContain(
      priyaApplied ? 'Saved group Zoho: Alex removed from Zylker' : 'Saved group Site24x7',
    )
    const after = await membershipDump(db.prisma)
    if (priyaApplied) {
      expect(after.groupCustomers).toEqual(['Site24x7∋Zylker', 'Zoho∋Acme'])
      expect(after.groupMembers).toEqual(before.groupMembers)
      expect(after.associations).toEqual(['Alex→Acme', 'Bea→Zylker'])
      expect(textOf(repreview.blocks)).toContain('Alex added to Zylker') // Omar's save now adds him back
    } else {
      expect(after.groupCustomers).toEqual(before.groupCustomers)
      expect(after.groupMembers).toEqual(['Site24x7∋Alex', 'Zoho∋Alex'])
      expect(after.associations).toEqual(['Alex→Acme', 'Alex→Zylker'])
      expect(textOf(repreview.blocks)).toContain('Alex kept on Zylker — via group Site24x7')
    }
    // Exactly one change: one audited save, one plan applied, the other superseded by its re-preview.
    expect((await auditRows(db.prisma)).map((r) => r.action)).toEqual(['group.edit'])
    const statuses = (await db.prisma.pendingPlan.findMany({ orderBy: { createdAt: 'asc' } })).map(
      (p) => p.status,
    )
    expect(statuses.sort()).toEqual(['applied', 'pending', 'superseded'])
  }, 120_000)

  /** Zylker with portal users Dana (enabled) and Fay (unconfirmed, invited 30 Nov); Alex, Maya, Vic on it. */
  async function seedPortal() {
    const w = await seedSlackWorld(on(a), {
      customers: [{ name: 'Zylker', portalDomain: 'status.zylker.example' }],
      groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex', 'Maya', 'Vic'] }],
    })
    const zylker = w.customerId('Zylker')
    const dana = await db.prisma.portalUser.create({
      data: {
        customerId: zylker,
        name: 'Dana',
        email: 'dana@portal.example',
        status: 'enabled',
        isAdmin: true,
      },
    })
    const fay = await db.prisma.portalUser.create({
      data: { customerId: zylker, name: 'Fay', email: 'fay@portal.example', status: 'unconfirmed' },
    })
    await db.prisma.portalInvitation.create({
      data: {
        portalUserId: fay.id,
        tokenHash: 'seeded-fay-invitation',
        createdAt: new Date('2026-11-30T10:00:00Z'),
        expiresAt: new Date('2099-01-01T00:00:00Z'),
      },
    })
    return { dana: dana.id, fay: fay.id }
  }

  /** The value of a row's button for a portal user in a `/msp portal` list. */
  function rowButton(list: Json, actionId: string, portalUserId: number): string {
    const found = buttons(list.blocks).find(
      (x) => x.actionId === actionId && parseRowRef(x.value)?.portalUserId === portalUserId,
    )
    if (!found?.value) throw new Error(`no ${actionId} for ${portalUserId} in:\n${shownText(list)}`)
    return found.value
  }

  it('(c) a double-clicked Approve split across A and B runs the delete once', async () => {
    const s = await seedPortal()
    // Alex (technician) asks on A to delete Fay: a reason, then the request in the notify channel.
    const list = (await driver(on(a)).reply('U0ALEX', 'portal Zylker')).body
    const { triggerId } = await driver(on(a)).click(
      'U0ALEX',
      'portal_delete',
      rowButton(list, 'portal_delete', s.fay),
      {
        responseUrl: fake.responseUrl(),
      },
    )
    const open = await fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId, WAIT_MS)
    const { ack } = await driver(on(a)).submit('U0ALEX', open.args.view as Json, {
      approval_reason: { approval_reason: stateValue.text('never accepted') },
    })
    expect(ack.response_action).toBe('clear')
    await fake.waitForCall('chat.postMessage', (c) => c.args.channel === NOTIFY_CHANNEL, WAIT_MS)
    const request = await until(async () => {
      const row = await db.prisma.approval.findFirst()
      return row?.messageTs ? { id: row.id, ts: row.messageTs } : undefined
    }, WAIT_MS)

    // Priya's double click: the first click to A, the second to B, at once.
    const decide = (instance: Instance) =>
      interaction(
        instance.url,
        SIGNING_SECRET,
        blockActions({
          userId: 'U0PRIYA',
          actionId: 'approval_approve',
          value: request.id,
          responseUrl: fake.responseUrl(),
          channelId: NOTIFY_CHANNEL,
          message: { type: 'message', ts: request.ts, text: 'Approval needed', blocks: [] },
        }),
      )
    const clicks = await Promise.all([decide(a), decide(b)])
    expect(clicks.map((r) => r.status)).toEqual([200, 200])
    await fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U0ALEX', WAIT_MS)
    const already = await fake.waitForResponse(
      (r) => r.body.replace_original === false && shownText(r.body).includes('Already approved by Priya'),
      WAIT_MS,
    )
    expect(already).toBeDefined()
    await settle(1000)
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ALEX')).toHaveLength(1)
    expect(await db.prisma.portalUser.count({ where: { id: s.fay } })).toBe(0)
    expect((await auditRows(db.prisma)).map((r) => r.action)).toEqual([
      'approval.request',
      'portal-user.delete',
      'approval.approve',
    ])
    expect(await db.prisma.approval.findUnique({ where: { id: request.id } })).toMatchObject({
      status: 'approved',
      decidedBy: 'U0PRIYA',
    })
  }, 120_000)

  it('(d) a double-clicked Reinvite split across A and B sends one invitation', async () => {
    const s = await seedPortal()
    const list = (await driver(on(a)).reply('U0ALEX', 'portal Zylker')).body
    const reinvite = rowButton(list, 'portal_reinvite', s.fay)
    const urls = [fake.responseUrl(), fake.responseUrl()]
    await Promise.all([
      driver(on(a)).click('U0ALEX', 'portal_reinvite', reinvite, { responseUrl: urls[0] }),
      driver(on(b)).click('U0ALEX', 'portal_reinvite', reinvite, { responseUrl: urls[1] }),
    ])
    const ids = urls.map((u) => decodeURIComponent(u.split('/').pop() ?? ''))
    const answer = await fake.waitForResponse(
      (r) => ids.includes(r.id) && r.body.replace_original === false,
      WAIT_MS,
    )
    expect(shownText(answer.body)).toContain('was sent a new invitation already')
    await until(
      () => fake.responses.filter((r) => ids.includes(r.id) && r.body.replace_original === true).length === 2,
      WAIT_MS,
    )
    expect(await db.prisma.portalInvitation.count({ where: { portalUserId: s.fay } })).toBe(2) // seeded + one
    expect(await db.prisma.outboxMail.count()).toBe(1)
    expect((await auditRows(db.prisma)).map((r) => r.action)).toEqual(['portal-user.reinvite'])
  }, 120_000)

  // Last: it kills one instance.
  it('(e) a job whose instance is killed (kill -9) while running is finished by the other, once', async () => {
    const sender = await startJobQueue(db, {
      jobs: [instanceJob('test', () => {})],
      work: false,
      log: () => {},
    })
    let jobId: string | null
    try {
      jobId = await sender.send(INSTANCE_JOB, { to: 'ops@msp.example' })
    } finally {
      await sender.stop()
    }
    if (!jobId) throw new Error('the job was not sent')
    // Whichever instance took it writes its effect, then hangs (first attempt): kill -9 that one.
    const wrote = new RegExp(`job wrote ${jobId} on ([AB])`)
    const taker = await Promise.race(instances().map((i) => i.run.waitFor(wrote, 60_000).then(() => i)))
    taker.run.child.kill('SIGKILL')
    expect((await taker.run.done).signal).toBe('SIGKILL')
    const other = taker === a ? b : a

    // The job's expiry (6 s here) hands it to the other instance, which finds the effect done and completes.
    await other.run.waitFor(`job finished ${jobId} on ${other.name}`, 90_000)
    expect(other.run.output()).toContain(`job effect already done ${jobId} on ${other.name}`)
    expect(taker.run.output()).not.toContain(`job finished ${jobId}`)
    const mails = await db.prisma.outboxMail.findMany({ where: { subject: INSTANCE_JOB_SUBJECT } })
    expect(mails.map((m) => m.body)).toEqual([jobId]) // exactly once
    const job = await until(async () => {
      const rows = await db.prisma.$queryRawUnsafe<{ state: string; retry_count: number }[]>(
        `SELECT state::text AS state, retry_count FROM pgboss.job WHERE id = '${jobId}'`,
      )
      return rows[0]?.state === 'completed' ? rows[0] : undefined
    }, WAIT_MS)
    expect(job.retry_count).toBeGreaterThanOrEqual(1)
  }, 180_000)
})
