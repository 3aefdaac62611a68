// Preview and Confirm through Slack (Edit Customer Group): a save that removes associations is shown pair
// by pair and runs only on Confirm, exactly as previewed; changed data re-previews; a double Confirm
// applies once; limits are field errors.
import { describe, expect, it } from 'vitest'
import { membershipDump, type SeededWorld } from '../../support/seed.ts'
import { SIGNING_SECRET, useSlackApp } from '../../support/slack-app.ts'
import { interaction, newTriggerId, viewClosed } from '../../support/slack-request.ts'
import { seedSlackWorld } from '../../support/slack-worlds.ts'
import { alexOnlyInZoho, staff } from '../../support/worlds.ts'
import { ackedView, groupValues, openForm, repliesTo, replyTo, submit, textOf, writes } from './helpers.ts'

const PRIYA = staff.priya.slackUserId // U1, admin
const OMAR = 'U2' // the second admin of `alexOnlyInZoho`

/** `alexOnlyInZoho` with Priya: Zoho holds Zylker and Acme / Alex; Site24x7 holds Zylker / Bea; Omar is an admin too. */
const seedZoho = (t: ReturnType<typeof useSlackApp>): Promise<SeededWorld> =>
  seedSlackWorld(t, alexOnlyInZoho(), [staff.priya])

const pendingStatuses = async (t: ReturnType<typeof useSlackApp>) =>
  (await t.db().pendingPlan.findMany({ orderBy: { createdAt: 'asc' } })).map((p) => p.status)

describe('Preview and Confirm through Slack', () => {
  const t = useSlackApp()

  /** Opens Edit Customer Group for Zoho as Priya and submits it without Zylker: the pushed preview. */
  async function previewZohoWithoutZylker(w: SeededWorld) {
    const form = await openForm(t, PRIYA, 'group Zoho')
    expect(form.view.callback_id).toBe('customer_group')
    expect(form.view.title?.text).toBe('Edit Customer Group')
    const ack = await submit(
      t,
      PRIYA,
      form.view,
      groupValues(w, { name: 'Zoho', customers: ['Acme'], users: ['Alex'] }),
    )
    return { form, preview: ackedView(ack, 'push') }
  }

  it('DESIGN example: removing Zylker from Zoho previews "Alex removed from Zylker", and Confirm applies it', async () => {
    const w = await seedZoho(t)
    const before = await membershipDump(t.db())
    const { form, preview } = await previewZohoWithoutZylker(w)

    expect(preview.callback_id).toBe('plan_preview')
    expect(preview.title?.text).toBe('Confirm changes')
    expect(preview.submit?.text).toBe('Confirm')
    const shown = textOf(preview.blocks)
    expect(shown).toContain('group Zoho')
    expect(shown).toContain('Alex removed from Zylker')
    expect(shown).not.toContain('Acme')
    // Nothing happens before Confirm.
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await writes(t)).toMatchObject({ audit: 0, pending: 1 })
    expect(repliesTo(t, form)).toEqual([])

    const confirm = await submit(t, PRIYA, preview, {})
    expect(confirm.body).toEqual({ response_action: 'clear' })
    const reply = await replyTo(t, form)
    expect(reply.body.response_type).toBe('ephemeral')
    expect(reply.body.text).toContain('Saved group Zoho: Alex removed from Zylker')

    const after = await membershipDump(t.db())
    expect(after.groupCustomers).toEqual(['Site24x7∋Zylker', 'Zoho∋Acme'])
    expect(after.associations).toEqual(['Alex→Acme', 'Bea→Zylker'])
    expect(await writes(t)).toMatchObject({ actions: ['group.edit'] })
    expect(await pendingStatuses(t)).toEqual(['applied'])
  })

  it('re-previews when the data changed after the preview (nothing applied), and applies the new preview', async () => {
    const w = await seedZoho(t)
    const { form, preview } = await previewZohoWithoutZylker(w)

    // Meanwhile Omar adds Alex to Site24x7 (which holds Zylker): additions apply at once.
    const other = await openForm(t, OMAR, 'group Site24x7')
    const added = await submit(
      t,
      OMAR,
      other.view,
      groupValues(w, { name: 'Site24x7', customers: ['Zylker'], users: ['Alex', 'Bea'] }),
    )
    expect(added.body).toEqual({ response_action: 'clear' })
    expect((await replyTo(t, other)).body.text).toContain('Saved group Site24x7')
    const changed = await membershipDump(t.db())
    expect(changed.groupMembers).toContain('Site24x7∋Alex')

    // Priya confirms the old preview: it no longer matches, so she gets the new one instead.
    const stale = await submit(t, PRIYA, preview, {})
    const repreview = ackedView(stale, 'update')
    expect(repreview.callback_id).toBe('plan_preview')
    expect(repreview.submit?.text).toBe('Confirm')
    const shown = textOf(repreview.blocks)
    expect(shown).toContain('data changed since your preview, so nothing was applied')
    expect(shown).toContain('Alex kept on Zylker — via group Site24x7')
    expect(shown).not.toContain('removed from')
    expect(repreview.private_metadata).not.toBe(preview.private_metadata)
    expect(await membershipDump(t.db())).toEqual(changed)
    expect(await writes(t)).toMatchObject({ actions: ['group.edit'] }) // Omar's save only
    expect(await pendingStatuses(t)).toEqual(['superseded', 'pending'])
    expect(repliesTo(t, form)).toEqual([])

    // Confirming the new preview applies it.
    const confirm = await submit(t, PRIYA, repreview, {})
    expect(confirm.body).toEqual({ response_action: 'clear' })
    expect((await replyTo(t, form)).body.text).toContain(
      'Saved group Zoho: Alex kept on Zylker via group Site24x7',
    )
    const after = await membershipDump(t.db())
    expect(after.groupCustomers).toEqual(['Site24x7∋Zylker', 'Zoho∋Acme'])
    expect(after.associations).toEqual(['Alex→Acme', 'Alex→Zylker', 'Bea→Zylker'])
    expect(await writes(t)).toMatchObject({ actions: ['group.edit', 'group.edit'] })
    expect(await pendingStatuses(t)).toEqual(['superseded', 'applied'])
  })

  it('a double click on Confirm applies once; the other click answers "already"', async () => {
    const w = await seedZoho(t)
    const { form, preview } = await previewZohoWithoutZylker(w)

    const [a, b] = await Promise.all([
      submit(t, PRIYA, preview, {}, { triggerId: newTriggerId() }),
      submit(t, PRIYA, preview, {}, { triggerId: newTriggerId() }),
    ])
    expect(a.body).toEqual({ response_action: 'clear' })
    expect(b.body).toEqual({ response_action: 'clear' })

    await replyTo(t, form, 1)
    const texts = repliesTo(t, form)
      .map((r) => String(r.body.text))
      .sort()
    expect(texts).toHaveLength(2)
    expect(texts[0]).toContain('Saved group Zoho: Alex removed from Zylker')
    expect(texts[1]).toMatch(/already applied; nothing more was done/)

    const after = await membershipDump(t.db())
    expect(after.associations).toEqual(['Alex→Acme', 'Bea→Zylker'])
    expect(await writes(t)).toMatchObject({ actions: ['group.edit'] })
    expect(await pendingStatuses(t)).toEqual(['applied'])
  })

  it('only the person who previewed may confirm', async () => {
    const w = await seedZoho(t)
    const { preview } = await previewZohoWithoutZylker(w)
    const before = await membershipDump(t.db())

    const ack = await submit(t, OMAR, preview, {})
    expect(textOf(ackedView(ack, 'update').blocks)).toContain(
      'Only the person who made this change can confirm it',
    )
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await pendingStatuses(t)).toEqual(['pending'])
    expect(await writes(t)).toMatchObject({ audit: 0 })
  })

  it('Back on a preview cancels its pending plan (only the author’s close counts); nothing is applied', async () => {
    const w = await seedZoho(t)
    const { preview } = await previewZohoWithoutZylker(w)
    expect(preview.notify_on_close).toBe(true)
    const before = await membershipDump(t.db())
    const close = (userId: string) =>
      interaction(
        t.url(),
        SIGNING_SECRET,
        viewClosed({ userId, callbackId: 'plan_preview', privateMetadata: preview.private_metadata ?? '' }),
      )
    expect((await close(OMAR)).status).toBe(200)
    expect(await pendingStatuses(t)).toEqual(['pending'])
    expect((await close(PRIYA)).status).toBe(200)
    await expect.poll(() => pendingStatuses(t)).toEqual(['cancelled'])
    expect(await membershipDump(t.db())).toEqual(before)
  })

  it('concurrent edits: a form whose group changed while it was open is shown again with the current values, and nothing is undone', async () => {
    const w = await seedZoho(t)
    const priyaForm = await openForm(t, PRIYA, 'group Zoho')
    // Omar removes Acme from Zoho meanwhile (a preview, then Confirm).
    const omarForm = await openForm(t, OMAR, 'group Zoho')
    const omarPreview = ackedView(
      await submit(
        t,
        OMAR,
        omarForm.view,
        groupValues(w, { name: 'Zoho', customers: ['Zylker'], users: ['Alex'] }),
      ),
      'push',
    )
    expect(await submit(t, OMAR, omarPreview, {})).toMatchObject({ body: { response_action: 'clear' } })
    const afterOmar = await membershipDump(t.db())

    // Priya, from her stale form, adds Bea: that form still shows Acme, so saving it would put Acme back.
    const stale = await submit(
      t,
      PRIYA,
      priyaForm.view,
      groupValues(w, { name: 'Zoho', customers: ['Zylker', 'Acme'], users: ['Alex', 'Bea'] }),
    )
    const refreshed = ackedView(stale, 'update')
    expect(textOf(refreshed.blocks)).toContain(
      'Group Zoho was changed by someone else while this form was open',
    )
    expect(JSON.stringify(refreshed.blocks)).not.toContain('"Acme"')
    expect(await membershipDump(t.db())).toEqual(afterOmar)

    // The refreshed form saves normally.
    const saved = await submit(
      t,
      PRIYA,
      refreshed,
      groupValues(w, { name: 'Zoho', customers: ['Zylker'], users: ['Alex', 'Bea'] }),
    )
    expect(saved.body).toEqual({ response_action: 'clear' })
    expect((await membershipDump(t.db())).groupMembers).toContain('Zoho∋Bea')
    expect((await membershipDump(t.db())).groupCustomers).not.toContain('Zoho∋Acme')
    expect((await replyTo(t, priyaForm)).body.text).toContain('Saved group Zoho')
  })

  it('a 21st customer in a group is a field error on customers; nothing is written', async () => {
    const names = Array.from({ length: 21 }, (_, i) => `Customer ${String(i + 1).padStart(2, '0')}`)
    const w = await seedSlackWorld(
      t,
      {
        users: [{ name: 'Alex' }],
        customers: names.map((name) => ({ name })),
        groups: [{ name: 'Big', customers: names.slice(0, 20), users: ['Alex'] }],
      },
      [staff.priya],
    )
    const form = await openForm(t, PRIYA, 'group Big')
    const before = await membershipDump(t.db())

    const ack = await submit(
      t,
      PRIYA,
      form.view,
      groupValues(w, { name: 'Big', customers: names, users: ['Alex'] }),
    )
    expect(ack.body.response_action).toBe('errors')
    expect(ack.body.errors).toEqual({
      customers: expect.stringMatching(/at most 20 customers; Big would have 21/),
    })
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await writes(t)).toMatchObject({ audit: 0, pending: 0 })
    expect(t.fake.responses).toEqual([])
  })

  it('answers a Confirm whose preview expired with a notice, changing nothing', async () => {
    const w = await seedZoho(t)
    const { preview } = await previewZohoWithoutZylker(w)
    await t.db().pendingPlan.updateMany({ data: { createdAt: new Date(Date.now() - 2 * 60 * 60_000) } })
    const before = await membershipDump(t.db())

    const ack = await submit(t, PRIYA, preview, {})
    const notice = ackedView(ack, 'update')
    expect(textOf(notice.blocks)).toContain('This preview has expired')
    expect(await membershipDump(t.db())).toEqual(before)
    expect(await writes(t)).toMatchObject({ audit: 0 })
  })
})
