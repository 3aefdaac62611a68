// /msp users and /msp subscriptions end to end, through signed requests against the fake Slack (which checks
// every payload): the list (hostile text, paging 45 users, sort and search re-rendered in place), Add User
// (Save, Save and add another, duplicates and bad emails), Edit, directory users' refusals, Archive one /
// all listed / Restore, Apply Subscription (one, all listed, pool exhausted, permanence), Set purchased, and
// the role and scope refusals.
import { describe, expect, it } from 'vitest'
import { addUserBlockIds, EDIT_USER_BLOCK_IDS } from '../../../src/slack/blocks/customer-users-forms.ts'
import {
  parseListRef,
  parseRowRef,
  type UserRowAction,
} from '../../../src/slack/blocks/customer-users-values.ts'
import { SIGNING_SECRET, useSlackApp } from '../../support/slack-app.ts'
import { blockActions, interaction, stateValue, type ViewStateValues } from '../../support/slack-request.ts'
import { seedSlackWorld } from '../../support/slack-worlds.ts'
import { expectSafe, HOSTILE } from '../hostile-text.ts'
import { asShownView, buttons, driver, type Json, shownText } from '../subcommands/driver.ts'

const t = useSlackApp()
const slack = driver(t)

/** The fake Slack's waits, longer than its default: the machine is shared and often loaded. */
const WAIT_MS = 15_000

interface UserSeed {
  email: string
  firstName?: string
  lastName?: string
  source?: 'manual' | 'csv' | 'directory'
  archived?: boolean
  subscriptionExpiresAt?: Date | null
  agentStatus?: 'success' | 'unknown' | 'failed'
}

/**
 * Zylker (10 subscriptions purchased) and Globex. Alex (technician), Maya (manager) and Vic (viewer) are on
 * Zylker through Zoho; Priya is admin; nobody but Priya is on Globex.
 */
async function seed(users: UserSeed[] = [], purchased = 10) {
  const w = await seedSlackWorld(t, {
    customers: [{ name: 'Zylker' }, { name: 'Globex' }],
    groups: [{ name: 'Zoho', customers: ['Zylker'], users: ['Alex', 'Maya', 'Vic'] }],
  })
  const zylker = w.customerId('Zylker')
  const globex = w.customerId('Globex')
  await t.db().customer.update({ where: { id: zylker }, data: { subscriptionsPurchased: purchased } })
  await addUsers(zylker, users)
  return { w, zylker, globex }
}

async function addUsers(customerId: number, users: UserSeed[]) {
  await t.db().customerUser.createMany({
    data: users.map((u) => {
      const firstName = u.firstName ?? 'First'
      const lastName = u.lastName ?? 'Last'
      return {
        customerId,
        email: u.email,
        firstName,
        lastName,
        firstNameKey: firstName.toLowerCase(),
        lastNameKey: lastName.toLowerCase(),
        source: u.source ?? 'manual',
        archived: u.archived ?? false,
        subscriptionExpiresAt: u.subscriptionExpiresAt ?? null,
        agentStatus: u.agentStatus ?? 'unknown',
      }
    }),
  })
}

const userId = async (email: string) =>
  (await t.db().customerUser.findFirstOrThrow({ where: { email }, select: { id: true } })).id

const userRow = (email: string) => t.db().customerUser.findFirst({ where: { email } })

async function usersList(slackUser: string, args: string): Promise<Json> {
  return (await slack.reply(slackUser, `users ${args}`)).body
}

const idOf = (url: string) => decodeURIComponent(url.split('/').pop() ?? '')

/** The list message as a click (or a form opened from it) replaced it in place. */
async function replacedList(responseUrl: string): Promise<Json> {
  const id = idOf(responseUrl)
  const r = await t.fake.waitForResponse((x) => x.id === id && x.body.replace_original === true, WAIT_MS)
  return r.body
}

/** The ephemeral answer a click got (not the list replacing itself). */
async function answerTo(responseUrl: string): Promise<string> {
  const id = idOf(responseUrl)
  const r = await t.fake.waitForResponse((x) => x.id === id && x.body.replace_original === false, WAIT_MS)
  return shownText(r.body)
}

/** The value of a control (by action id) in a list message. */
function control(list: Json, actionId: string): string {
  const found = buttons(list.blocks).find((b) => b.actionId === actionId)
  if (!found?.value) throw new Error(`no ${actionId} in:\n${shownText(list)}`)
  return found.value
}

/** Clicks a button of a list message; returns the response_url the click carried and its trigger. */
async function click(slackUser: string, actionId: string, value: string) {
  const responseUrl = t.fake.responseUrl()
  const { triggerId } = await slack.click(slackUser, actionId, value, { responseUrl })
  return { responseUrl, triggerId }
}

/** The overflow options of a user's row: label → value. */
function rowOptions(list: Json, id: number): Record<string, string> {
  const row = (list.blocks as Json[]).find((b) => b.block_id === `cu_user_${id}`)
  const options = ((row?.accessory as Json | undefined)?.options ?? []) as Array<{
    text: { text: string }
    value: string
  }>
  return Object.fromEntries(options.map((o) => [o.text.text, o.value]))
}

/** Chooses an option of a row's overflow (or a select), as Slack sends it. */
async function choose(
  slackUser: string,
  actionId: string,
  type: 'overflow' | 'static_select',
  value: string,
  label = 'x',
) {
  const responseUrl = t.fake.responseUrl()
  const triggerId = `${Date.now()}.${Math.floor(Math.random() * 1e9)}.trigger`
  const res = await interaction(
    t.url(),
    SIGNING_SECRET,
    blockActions({
      userId: slackUser,
      actionId,
      actionType: type,
      blockId: 'cu_block',
      action: { selected_option: { text: { type: 'plain_text', text: label }, value } },
      responseUrl,
      triggerId,
    }),
  )
  expect(res.status).toBe(200)
  return { responseUrl, triggerId }
}

async function rowAction(slackUser: string, list: Json, id: number, action: UserRowAction) {
  const label = { edit: 'Edit', archive: 'Archive', restore: 'Restore', apply: 'Apply Subscription' }[action]
  const value = rowOptions(list, id)[label]
  if (!value) throw new Error(`no ${label} on user ${id}: ${JSON.stringify(rowOptions(list, id))}`)
  return choose(slackUser, 'customer_user_row', 'overflow', value, label)
}

/** The modal a click opened. */
async function openedView(triggerId: string): Promise<Json> {
  const call = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId, WAIT_MS)
  return call.args.view as Json
}

const addValues = (gen: number, email: string, firstName = 'New', lastName = 'Person'): ViewStateValues => {
  const ids = addUserBlockIds(gen)
  return {
    [ids.email]: { cu_email: stateValue.email(email) },
    [ids.firstName]: { cu_first: stateValue.text(firstName) },
    [ids.lastName]: { cu_last: stateValue.text(lastName) },
  }
}

const rowEmails = (list: Json) =>
  (list.blocks as Json[])
    .filter((b) => String(b.block_id ?? '').startsWith('cu_user_'))
    .map((b) => /^\*([^*]+)\*/.exec((b.text as { text: string }).text)?.[1] ?? '?')

describe('/msp users: the list', () => {
  it('shows hostile emails and names escaped once, with agent status, subscription and the lock', async () => {
    const w = await seedSlackWorld(t, { customers: [{ name: HOSTILE.customer }] })
    const evil = { id: w.customerId(HOSTILE.customer) }
    await addUsers(evil.id, [
      { email: HOSTILE.email, firstName: HOSTILE.user, lastName: HOSTILE.portalUser, agentStatus: 'failed' },
      { email: 'dir@evil.example', source: 'directory', agentStatus: 'success' },
    ])
    const list = await usersList('U0PRIYA', 'Evil')
    expectSafe(list, {
      topLevelText: String(list.text),
      shownInMrkdwn: [HOSTILE.email, HOSTILE.user, HOSTILE.portalUser, HOSTILE.customer],
    })
    const shown = shownText(list)
    expect(shown).toContain(':x: Failed · Subscription: None')
    expect(shown).toContain('*dir@evil.example* :lock:')
    expect(shown).toContain(':white_check_mark: Success')

    // The Edit and Archive modals of that user: the email, names and customer never become markup.
    const hostileId = await userId(HOSTILE.email)
    for (const action of ['edit', 'archive'] as const) {
      const modal = await openedView((await rowAction('U0PRIYA', list, hostileId, action)).triggerId)
      expectSafe(modal, { shownInMrkdwn: [HOSTILE.email, HOSTILE.customer] })
    }
  })

  it('pages 45 users 20 at a time, and sort and search re-render the message in place', async () => {
    const { zylker } = await seed(
      Array.from({ length: 45 }, (_, i) => ({
        email: `u${String(i).padStart(2, '0')}@zylker.example`,
        firstName: `F${String(44 - i).padStart(2, '0')}`,
        lastName: i % 2 === 0 ? 'Even' : 'Odd',
      })),
    )
    const first = await usersList('U0ALEX', 'zylker')
    expect(shownText(first)).toContain('45 users')
    expect(shownText(first)).toContain('Page 1 of 3 · 1–20 of 45')
    expect(rowEmails(first)).toEqual(
      Array.from({ length: 20 }, (_, i) => `u${String(i).padStart(2, '0')}@zylker.example`),
    )

    const next = await click('U0ALEX', 'customer_users_next', control(first, 'customer_users_next'))
    const second = await replacedList(next.responseUrl)
    expect(shownText(second)).toContain('Page 2 of 3 · 21–40 of 45')
    expect(rowEmails(second)[0]).toBe('u20@zylker.example')
    const last = await replacedList(
      (await click('U0ALEX', 'customer_users_next', control(second, 'customer_users_next'))).responseUrl,
    )
    expect(shownText(last)).toContain('Page 3 of 3 · 41–45 of 45')
    expect(buttons(last.blocks).map((b) => b.text)).not.toContain('Next')
    const back = await replacedList(
      (await click('U0ALEX', 'customer_users_prev', control(last, 'customer_users_prev'))).responseUrl,
    )
    expect(rowEmails(back)[0]).toBe('u20@zylker.example')

    // Sort by first name, descending: the select's option carries the list; page 1 again.
    const heading = (first.blocks as Json[])[0] as {
      accessory: { options: Array<{ value: string; text: { text: string } }> }
    }
    const firstDesc = heading.accessory.options.find((o) => o.text.text === 'First name Z→A')
    expect(parseListRef(firstDesc?.value)).toMatchObject({
      customerId: zylker,
      sort: 'first',
      direction: 'desc',
    })
    const sorted = await replacedList(
      (await choose('U0ALEX', 'customer_users_sort', 'static_select', firstDesc?.value ?? '')).responseUrl,
    )
    expect(rowEmails(sorted).slice(0, 2)).toEqual(['u00@zylker.example', 'u01@zylker.example']) // F44, F43
    expect(shownText(sorted)).toContain('sorted by first name Z→A')

    // Search: the button opens a modal; its submission re-renders the list with the search.
    const search = await click('U0ALEX', 'customer_users_search', control(sorted, 'customer_users_search'))
    const modal = await openedView(search.triggerId)
    expect((modal.title as { text: string }).text).toBe('Search users')
    const { ack } = await slack.submit('U0ALEX', modal, { cu_search: { cu_search: stateValue.text('ODD') } })
    expect(ack.response_action).toBe('clear')
    const found = await replacedList(search.responseUrl)
    expect(shownText(found)).toContain('22 users matching “ODD”')
    expect(shownText(found)).toContain('sorted by first name Z→A')
    expect(rowEmails(found)[0]).toBe('u01@zylker.example')
    expect(rowEmails(found)).toHaveLength(20)

    // A typed search and options in the command itself.
    const typed = await usersList('U0ALEX', 'Zylker u4 sort:email desc')
    expect(rowEmails(typed)).toEqual([
      'u44@zylker.example',
      'u43@zylker.example',
      'u42@zylker.example',
      'u41@zylker.example',
      'u40@zylker.example',
    ])
  })

  it('answers an unknown customer with the lookup words, and keeps a technician to their customers', async () => {
    const { globex } = await seed()
    expect(shownText(await usersList('U0ALEX', 'Nope'))).toContain('No customer named “Nope”')
    expect(shownText(await usersList('U0ALEX', 'Globex'))).toContain('No customer named “Globex”')
    // A forged click on Globex's list is refused by the service's scope check; nothing shown of Globex.
    const forged = JSON.stringify({ c: globex, q: '', o: 'email', d: 'asc', a: 0, p: 0 })
    const { responseUrl } = await click('U0ALEX', 'customer_users_next', forged)
    expect(await answerTo(responseUrl)).toContain('not associated with Globex')
    // A name of several words is typed whole; one word may be part of a name, the rest is the search.
    await t
      .db()
      .customer.update({ where: { id: globex }, data: { name: 'Zylker Linux', nameKey: 'zylker linux' } })
    expect(shownText(await usersList('U0PRIYA', 'zylker linux'))).toContain(
      '*Users of Zylker Linux*\n0 users ·',
    )
    expect(shownText(await usersList('U0PRIYA', 'Zylker li'))).toContain(
      '*Users of Zylker*\n0 users matching “li”',
    )
  })
})

describe('/msp users: Add User', () => {
  it('saves, saves and adds another with cleared inputs, and puts duplicates and bad emails on the field', async () => {
    await seed([{ email: 'li@zylker.example', firstName: 'Li', lastName: 'Wu' }])
    const list = await usersList('U0ALEX', 'Zylker')
    const add = await click('U0ALEX', 'customer_user_add', control(list, 'customer_user_add'))
    const modal = await openedView(add.triggerId)
    expect((modal.title as { text: string }).text).toBe('Add User')
    expect(shownText(modal)).toContain('Primary Email')

    // Save and add another: the modal is rewritten with new (empty) inputs and the confirmation line.
    const shownModal = asShownView(modal, addValues(0, 'Ann@Zylker.example', 'Ann', HOSTILE.user))
    await slack.click('U0ALEX', 'customer_user_save_another', String(control(list, 'customer_user_add')), {
      view: shownModal,
    })
    const updated = await t.fake.waitForCall('views.update', (c) => c.args.view_id === shownModal.id, WAIT_MS)
    const again = updated.args.view as Json
    expect(shownText(again)).toContain(':white_check_mark: Added ann@zylker.example.')
    const ids = (again.blocks as Json[]).map((b) => b.block_id)
    expect(ids).toContain(addUserBlockIds(1).email)
    expect(ids).not.toContain(addUserBlockIds(0).email)
    expect(JSON.stringify(again.blocks)).not.toContain('initial_value')
    expect((await userRow('ann@zylker.example'))?.lastName).toBe(HOSTILE.user)

    // Save and add another with a duplicate: nothing written, the problem as a line, what was typed kept.
    const dupView = asShownView(again, addValues(1, 'LI@zylker.example', 'Li', 'Again'))
    await slack.click('U0ALEX', 'customer_user_save_another', '1', { view: dupView })
    const dup = await t.fake.waitForCall('views.update', (c) => c.args.view_id === dupView.id, WAIT_MS)
    expect(shownText(dup.args.view)).toContain('Zylker already has a user with the email li@zylker.example.')
    expect(JSON.stringify((dup.args.view as Json).blocks)).toContain('"initial_value":"LI@zylker.example"')

    // Save with a duplicate / a bad email: field errors under Primary Email, nothing written.
    const dupAck = await slack.submit('U0ALEX', again, addValues(1, 'li@zylker.example'))
    expect(dupAck.ack).toEqual({
      response_action: 'errors',
      errors: { [addUserBlockIds(1).email]: 'Zylker already has a user with the email li@zylker.example.' },
    })
    const badAck = await slack.submit('U0ALEX', again, addValues(1, 'not-an-email'))
    expect(badAck.ack.response_action).toBe('errors')
    expect(String((badAck.ack.errors as Json)[addUserBlockIds(1).email])).toContain(
      'not a valid email address',
    )
    expect(await t.db().customerUser.count()).toBe(2)

    // Save: the modal closes and the list re-renders in place with the new user.
    const saved = await slack.submit('U0ALEX', again, addValues(1, 'bo@zylker.example', 'Bo', 'Chen'))
    expect(saved.ack).toEqual({ response_action: 'clear' })
    const savedList = await replacedList(add.responseUrl)
    expectSafe(savedList, { shownInMrkdwn: [HOSTILE.user] }) // Ann's last name, added above
    const shown = shownText(savedList)
    expect(shown).toContain('Added bo@zylker.example (Bo Chen) to Zylker.')
    expect(shown).toContain('3 users')
  })
})

describe('/msp users: Edit, Archive, Restore, directory users', () => {
  it('edits an unlocked user; refuses Edit and Archive of a directory user without a modal', async () => {
    await seed([
      { email: 'li@zylker.example', firstName: 'Li', lastName: 'Wu' },
      { email: 'dir@zylker.example', source: 'directory' },
    ])
    const li = await userId('li@zylker.example')
    const dir = await userId('dir@zylker.example')
    const list = await usersList('U0ALEX', 'Zylker')

    const edit = await rowAction('U0ALEX', list, li, 'edit')
    const modal = await openedView(edit.triggerId)
    expect((modal.title as { text: string }).text).toBe('Edit User')
    const values: ViewStateValues = {
      [EDIT_USER_BLOCK_IDS.email]: { cu_email: stateValue.email('li.wu@zylker.example') },
      [EDIT_USER_BLOCK_IDS.firstName]: { cu_first: stateValue.text('Lee') },
      [EDIT_USER_BLOCK_IDS.lastName]: { cu_last: stateValue.text('Wu') },
    }
    // An email another user of the customer has: under Primary Email, nothing written.
    const taken = await slack.submit('U0ALEX', modal, {
      ...values,
      [EDIT_USER_BLOCK_IDS.email]: { cu_email: stateValue.email('DIR@zylker.example') },
    })
    expect(taken.ack).toEqual({
      response_action: 'errors',
      errors: { [EDIT_USER_BLOCK_IDS.email]: 'Zylker already has a user with the email dir@zylker.example.' },
    })
    expect((await userRow('li@zylker.example'))?.firstName).toBe('Li')
    expect((await slack.submit('U0ALEX', modal, values)).ack).toEqual({ response_action: 'clear' })
    expect(shownText(await replacedList(edit.responseUrl))).toContain('Saved li.wu@zylker.example (Lee Wu).')
    expect(await userRow('li.wu@zylker.example')).toMatchObject({ firstName: 'Lee', lastName: 'Wu' })

    for (const action of ['edit', 'archive'] as const) {
      const before = t.fake.calls.filter((c) => c.method === 'views.open').length
      const refused = await rowAction('U0ALEX', list, dir, action)
      expect(await answerTo(refused.responseUrl)).toContain(
        '*dir@zylker.example* is managed by the directory — change it there.',
      )
      expect(t.fake.calls.filter((c) => c.method === 'views.open').length).toBe(before)
    }
    expect(await userRow('dir@zylker.example')).toMatchObject({ archived: false, source: 'directory' })
  })

  it('archives one (a modal naming the user), all listed (a confirm with the count), and restores', async () => {
    await seed([
      { email: 'li@zylker.example', firstName: 'Li', lastName: 'Wu' },
      { email: 'ann@zylker.example' },
      { email: 'bo@zylker.example' },
      { email: 'dir@zylker.example', source: 'directory' },
    ])
    const li = await userId('li@zylker.example')
    const list = await usersList('U0ALEX', 'Zylker')
    const archive = await rowAction('U0ALEX', list, li, 'archive')
    const modal = await openedView(archive.triggerId)
    expect(shownText(modal)).toContain('Archive *li@zylker.example* (Li Wu) of *Zylker*?')
    expect((await slack.submit('U0ALEX', modal, {})).ack).toEqual({ response_action: 'clear' })
    const after = await replacedList(archive.responseUrl)
    expect(shownText(after)).toContain('1 user of Zylker archived.')
    expect(rowEmails(after)).toEqual(['ann@zylker.example', 'bo@zylker.example', 'dir@zylker.example'])

    // Archive all listed: the button's confirm names the count; directory users are skipped and named.
    const allButton = (after.blocks as Json[])
      .flatMap((b) => (b.elements as Json[] | undefined) ?? [])
      .find((e) => e.action_id === 'customer_users_archive_all') as Json
    expect(JSON.stringify(allButton.confirm)).toContain('Archive the 3 listed users of Zylker?')
    const all = await click('U0ALEX', 'customer_users_archive_all', String(allButton.value))
    const archivedAll = shownText(await replacedList(all.responseUrl))
    expect(archivedAll).toContain('2 users of Zylker archived.')
    expect(archivedAll).toContain('managed by the directory — change it there: dir@zylker.example')
    expect(await t.db().customerUser.count({ where: { archived: true } })).toBe(3)

    // Show archived, then Restore one.
    const shownArchived = await replacedList(
      (
        await click(
          'U0ALEX',
          'customer_users_archived',
          control(await usersList('U0ALEX', 'Zylker'), 'customer_users_archived'),
        )
      ).responseUrl,
    )
    expect(shownText(shownArchived)).toContain('3 archived users')
    expect(shownText(await usersList('U0ALEX', 'Zylker archived'))).toContain(
      '*Archived users of Zylker*\n3 archived users',
    )
    const restore = await rowAction('U0ALEX', shownArchived, li, 'restore')
    expect(shownText(await replacedList(restore.responseUrl))).toContain('1 user of Zylker restored.')
    expect((await userRow('li@zylker.example'))?.archived).toBe(false)
  })
})

describe('/msp users: Apply Subscription and the pool', () => {
  it('applies to one user and to all listed, and a subscription cannot be applied again or moved', async () => {
    await seed(
      [
        { email: 'li@zylker.example' },
        { email: 'ann@zylker.example' },
        { email: 'bo@zylker.example', archived: true },
        { email: 'cy@zylker.example', subscriptionExpiresAt: new Date('2099-01-01T00:00:00Z') },
      ],
      4,
    )
    const li = await userId('li@zylker.example')
    const cy = await userId('cy@zylker.example')
    const list = await usersList('U0MAYA', 'Zylker')
    expect(shownText(list)).toContain('Subscriptions: 3 free of 4 purchased')
    expect(Object.keys(rowOptions(list, cy))).toEqual(['Edit', 'Archive']) // subscribed: no Apply

    const one = await rowAction('U0MAYA', list, li, 'apply')
    const modal = await openedView(one.triggerId)
    expect(shownText(modal)).toContain(
      'Apply a subscription to *li@zylker.example* of *Zylker*: it takes 1 of the 3 free.',
    )
    expect(shownText(modal)).toContain('cannot be removed or moved')
    expect((await slack.submit('U0MAYA', modal, {})).ack).toEqual({ response_action: 'clear' })
    expect(shownText(await replacedList(one.responseUrl))).toContain(
      'Subscription applied to 1 user of Zylker',
    )
    const applied = (await userRow('li@zylker.example'))?.subscriptionExpiresAt
    expect(applied?.getTime()).toBeGreaterThan(Date.now())
    // the modal named the expiry before applying: the term (12 months) from today
    expect(shownText(modal)).toContain(`It runs until ${applied?.toISOString().slice(0, 10)} (in 1 year).`)

    // Permanence: the same Apply again (a forged or stale click) changes nothing.
    const again = await rowAction('U0MAYA', list, li, 'apply')
    const againModal = await openedView(again.triggerId)
    await slack.submit('U0MAYA', againModal, {})
    expect(shownText(await replacedList(again.responseUrl))).toContain(
      '1 user already had one (kept as it is)',
    )
    expect((await userRow('li@zylker.example'))?.subscriptionExpiresAt).toEqual(applied)

    // All listed: the unarchived users without one (ann); archived bo gets none.
    const fresh = await usersList('U0MAYA', 'Zylker')
    const all = await click('U0MAYA', 'customer_users_apply_all', control(fresh, 'customer_users_apply_all'))
    const allModal = await openedView(all.triggerId)
    expect(shownText(allModal)).toContain(
      'every listed user of *Zylker* who has none: up to *3* users, 2 free',
    )
    await slack.submit('U0MAYA', allModal, {})
    expect(shownText(await replacedList(all.responseUrl))).toContain(
      'Subscription applied to 1 user of Zylker',
    )
    expect((await userRow('ann@zylker.example'))?.subscriptionExpiresAt).not.toBeNull()
    expect((await userRow('bo@zylker.example'))?.subscriptionExpiresAt).toBeNull()
  })

  it('applies none when the pool is short, naming how many are missing and how to buy more', async () => {
    await seed(
      [{ email: 'a@zylker.example' }, { email: 'b@zylker.example' }, { email: 'c@zylker.example' }],
      2,
    )
    const list = await usersList('U0PRIYA', 'Zylker')
    const all = await click('U0PRIYA', 'customer_users_apply_all', control(list, 'customer_users_apply_all'))
    const modal = await openedView(all.triggerId)
    expect(shownText(modal)).toContain('If more than 2 of them need one, none is applied')
    const { ack } = await slack.submit('U0PRIYA', modal, {})
    expect(ack.response_action).toBe('update')
    const short = shownText(ack.view)
    expect(short).toContain(
      '3 users need a subscription on *Zylker*, but only 2 are free: *1* missing. None was applied.',
    )
    expect(short).toContain('`/msp subscriptions Zylker`')
    expect(await t.db().customerUser.count({ where: { subscriptionExpiresAt: { not: null } } })).toBe(0)

    // One user when none is free: the modal says so at once, with no Apply.
    await t.db().customer.updateMany({ where: { name: 'Zylker' }, data: { subscriptionsPurchased: 0 } })
    const zero = await usersList('U0PRIYA', 'Zylker')
    const a = await userId('a@zylker.example')
    const oneModal = await openedView((await rowAction('U0PRIYA', zero, a, 'apply')).triggerId)
    expect(oneModal.submit).toBeUndefined()
    expect(shownText(oneModal)).toContain('*1* missing')
  })

  it('/msp subscriptions shows the pool; admins set the purchased count, never below the used count', async () => {
    await seed([{ email: 'a@zylker.example', subscriptionExpiresAt: new Date('2099-01-01T00:00:00Z') }], 5)
    const maya = await slack.reply('U0MAYA', 'subscriptions Zylker')
    expect(maya.shown).toContain('Purchased: *5* · Used: *1* · Free: *4*')
    expect(buttons(maya.body.blocks)).toEqual([])

    const pool = await slack.reply('U0PRIYA', 'subscriptions zylker')
    const set = await click(
      'U0PRIYA',
      'subscriptions_set_purchased',
      control(pool.body, 'subscriptions_set_purchased'),
    )
    const modal = await openedView(set.triggerId)
    const below = await slack.submit('U0PRIYA', modal, {
      cu_purchased: { cu_purchased: stateValue.number('0') },
    })
    expect(below.ack.response_action).toBe('errors')
    expect(JSON.stringify(below.ack.errors)).toContain('cannot be smaller than 1')
    const ok = await slack.submit('U0PRIYA', modal, {
      cu_purchased: { cu_purchased: stateValue.number('12') },
    })
    expect(ok.ack).toEqual({ response_action: 'clear' })
    expect(shownText(await replacedList(set.responseUrl))).toContain(
      'Purchased: *12* · Used: *1* · Free: *11*',
    )
    expect((await t.db().customer.findFirst({ where: { name: 'Zylker' } }))?.subscriptionsPurchased).toBe(12)
  })
})

describe('/msp users: roles', () => {
  it('shows viewers the list without action controls and refuses their forged clicks naming the role', async () => {
    await seed([{ email: 'li@zylker.example' }])
    const li = await userId('li@zylker.example')
    const list = await usersList('U0VIC', 'Zylker')
    expect(buttons(list.blocks).map((b) => b.text)).toEqual(['Search', 'Show archived'])
    expect(rowOptions(list, li)).toEqual({})
    const ref = control(list, 'customer_users_search')
    const add = await click('U0VIC', 'customer_user_add', ref)
    expect(await answerTo(add.responseUrl)).toContain('This needs the technician role; you are viewer')
    const row = JSON.stringify({ ...JSON.parse(ref), u: li, x: 'archive' })
    expect(parseRowRef(row)?.action).toBe('archive')
    const archive = await choose('U0VIC', 'customer_user_row', 'overflow', row)
    expect(await answerTo(archive.responseUrl)).toContain('This needs the technician role; you are viewer')
    expect((await userRow('li@zylker.example'))?.archived).toBe(false)
  })

  it('gives technicians no Apply, and refuses a forged Apply naming the manager role', async () => {
    await seed([{ email: 'li@zylker.example' }])
    const li = await userId('li@zylker.example')
    const list = await usersList('U0ALEX', 'Zylker')
    expect(buttons(list.blocks).map((b) => b.text)).not.toContain('Apply to all listed')
    expect(Object.keys(rowOptions(list, li))).toEqual(['Edit', 'Archive'])
    const ref = JSON.parse(control(list, 'customer_users_search'))
    const apply = await choose(
      'U0ALEX',
      'customer_user_row',
      'overflow',
      JSON.stringify({ ...ref, u: li, x: 'apply' }),
    )
    expect(await answerTo(apply.responseUrl)).toContain('This needs the manager role; you are technician')
    const all = await click('U0ALEX', 'customer_users_apply_all', JSON.stringify(ref))
    expect(await answerTo(all.responseUrl)).toContain('This needs the manager role; you are technician')
    expect((await userRow('li@zylker.example'))?.subscriptionExpiresAt).toBeNull()
  })
})
