import { describe, expect, it } from 'vitest'
import type { PrismaClient } from '../../../src/db/client.ts'
import type { LimitViolation } from '../../../src/domain/limits.ts'
import { limitMessage } from '../../../src/messages/limits.ts'
import { problemMessage } from '../../../src/messages/problems.ts'
import { snapshotIssueLines } from '../../../src/messages/snapshot.ts'
import { editCustomerGroup } from '../../../src/services/groups/edit-customer-group.ts'
import { exportSnapshot, serializeSnapshot } from '../../../src/services/snapshot/export-snapshot.ts'
import { importSnapshot } from '../../../src/services/snapshot/import-snapshot.ts'
import {
  normalizeSnapshot,
  type SnapshotInput,
  snapshotSchema,
} from '../../../src/services/snapshot/snapshot-schema.ts'
import { useTestDatabase } from '../../support/db.ts'
import { at, demoSnapshot } from './fixtures.ts'

const db = useTestDatabase()

async function importOk(prisma: PrismaClient, json: unknown) {
  const result = await importSnapshot(prisma, json)
  if (!result.ok) throw new Error(`import refused:\n${snapshotIssueLines(result.problems).join('\n')}`)
  return result
}

/** The problems of a refused import, worded as the CLI prints them (`path: words`). */
async function refusal(prisma: PrismaClient, json: unknown): Promise<string[]> {
  const result = await importSnapshot(prisma, json)
  if (result.ok) throw new Error('import accepted')
  return snapshotIssueLines(result.problems)
}

async function associationPairs(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.association.findMany({
    select: { mspUser: { select: { email: true } }, customer: { select: { name: true } } },
  })
  return rows.map((r) => `${r.mspUser.email.split('@')[0]}:${r.customer.name}`).sort()
}

/** Everything an import may change, to show that a refused one changed nothing. */
async function wholeState(prisma: PrismaClient) {
  return {
    snapshot: await serializeSnapshot(await exportSnapshot(prisma)),
    associations: await associationPairs(prisma),
    audits: await prisma.auditLog.count(),
  }
}

describe('importSnapshot', () => {
  it('imports the demo snapshot with its counts, lower-cased keys, settings and one audit row', async () => {
    const { prisma } = db()
    const result = await importOk(prisma, demoSnapshot())
    expect(result.counts).toEqual({
      mspUsers: 5,
      customers: 5,
      groups: 3,
      alertGroups: 4,
      portalUsers: 6,
      customerUsers: 8,
      associations: 15,
    })
    const zylker = await prisma.customer.findUniqueOrThrow({
      where: { nameKey: 'zylker' },
      include: { accountContact: true, alertGroups: { include: { members: true } } },
    })
    expect(zylker).toMatchObject({
      name: 'Zylker',
      portalDomain: 'status.zylker.example',
      subscriptionsPurchased: 10,
    })
    expect(zylker.accountContact?.email).toBe('priya@msp.example')
    expect(zylker.alertGroups.map((g) => [g.nameKey, g.members.length])).toEqual([['ops', 2]])
    expect(
      await prisma.customerGroup.findMany({ where: { isDefault: true }, select: { name: true } }),
    ).toEqual([{ name: 'Zoho' }])
    expect(await prisma.setting.findUnique({ where: { id: 1 } })).toMatchObject({
      groupMode: 'shared',
      maxCustomersPerGroup: 20,
      maxGroupsPerUser: 10,
    })
    const audits = await prisma.auditLog.findMany()
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({
      action: 'snapshot.import',
      targetType: 'snapshot',
      targetName: result.summary,
      actorName: 'cli',
      actorSlackId: null,
    })
    expect(result.summary).toBe(
      '5 MSP users, 5 customers, 3 groups, 4 alert groups, 6 portal users, 8 customer users, 15 associations',
    )
  })

  it('materializes exactly the associations that direct links and shared groups justify', async () => {
    const { prisma } = db()
    await importOk(prisma, demoSnapshot())
    expect(await associationPairs(prisma)).toEqual(
      [
        // Zoho: Acme, Globex, Zylker × Alex, Marco, Sam
        ...['alex', 'marco', 'sam'].flatMap((u) => ['Acme', 'Globex', 'Zylker'].map((c) => `${u}:${c}`)),
        // Site24x7: Initech, Zylker × Alex, Lee
        'alex:Initech',
        'lee:Initech',
        'lee:Zylker',
        // ManageEngine: Umbrella × Marco, Lee (Lee is also linked directly)
        'marco:Umbrella',
        'lee:Umbrella',
        // direct link only
        'priya:Zylker',
      ].sort(),
    )
  })

  it('replaces the whole book and clears work in progress, keeping the audit log', async () => {
    const { prisma } = db()
    await importOk(prisma, demoSnapshot())
    await prisma.pendingPlan.create({
      data: { id: 'p1', kind: 'customer-group', actorSlackId: 'U0ALEX', input: {}, planHash: 'h' },
    })
    const result = await importOk(prisma, {
      version: 1,
      mspUsers: [{ name: 'Kim', email: 'kim@msp.example' }],
      customers: [{ name: 'Hooli', directUsers: ['kim@msp.example'] }],
    })
    expect(result.counts).toEqual({
      mspUsers: 1,
      customers: 1,
      groups: 0,
      alertGroups: 0,
      portalUsers: 0,
      customerUsers: 0,
      associations: 1,
    })
    expect(await prisma.customer.findMany({ select: { name: true } })).toEqual([{ name: 'Hooli' }])
    expect(await associationPairs(prisma)).toEqual(['kim:Hooli'])
    expect(await prisma.pendingPlan.count()).toBe(0)
    expect(await prisma.auditLog.count()).toBe(2)
  })

  it('round-trips: import → export → import → export is byte-identical and equals the demo file', async () => {
    const { prisma } = db()
    await importOk(prisma, demoSnapshot())
    const first = await serializeSnapshot(await exportSnapshot(prisma))
    await importOk(prisma, JSON.parse(first))
    const second = await serializeSnapshot(await exportSnapshot(prisma))
    expect(second).toBe(first)
    expect(JSON.parse(first)).toEqual(demoSnapshot())
  })

  it('exports a hand-written snapshot as its sorted, normalized form (defaults filled, emails lower-cased)', async () => {
    const { prisma } = db()
    const input = {
      settings: { groupMode: 'exclusive' },
      mspUsers: [
        { name: 'Zed', email: ' Zed@MSP.example ', slackUserId: null },
        { name: 'Ann', email: 'ann@msp.example', role: 'admin', slackUserId: 'U0ANN' },
      ],
      customers: [
        {
          name: 'Zylker',
          portalDomain: 'Status.Zylker.Example',
          accountContact: 'ANN@msp.example',
          directUsers: ['ann@msp.example'],
        },
        {
          name: 'acme',
          dataCenter: 'eu',
          directUsers: ['zed@msp.example', 'Ann@msp.example'],
          alertGroups: [
            { name: 'b-team', members: ['zed@msp.example'] },
            { name: 'A-team', members: ['zed@msp.example', 'ann@msp.example'] },
          ],
        },
      ],
      groups: [
        { name: 'beta', customers: ['ZYLKER'], users: ['zed@msp.example'] },
        { name: 'Alpha', default: true, customers: ['Acme'] },
      ],
      portalUsers: [
        { customer: 'zylker', name: 'Dana', email: 'Dana@Zylker.example', admin: true },
        { customer: 'Acme', name: 'Bo', email: 'bo@acme.example', status: 'enabled', role: 'read_only' },
      ],
      customerUsers: [
        { customer: 'Zylker', email: 'b@zylker.example', subscriptionExpiresAt: '2027-01-31T02:00:00+02:00' },
        { customer: 'Zylker', email: 'a@zylker.example', firstName: 'A', lastName: 'Z', source: 'directory' },
      ],
    }
    await importOk(prisma, input)
    const exported = await exportSnapshot(prisma)
    expect(exported).toEqual(normalizeSnapshot(snapshotSchema.parse(input)))
    expect(JSON.parse(await serializeSnapshot(exported))).toEqual({
      version: 1,
      settings: { groupMode: 'exclusive', maxCustomersPerGroup: 20, maxGroupsPerUser: 10 },
      mspUsers: [
        { name: 'Ann', email: 'ann@msp.example', role: 'admin', slackUserId: 'U0ANN' },
        { name: 'Zed', email: 'zed@msp.example', role: 'viewer' },
      ],
      customers: [
        {
          name: 'acme',
          dataCenter: 'eu',
          directUsers: ['ann@msp.example', 'zed@msp.example'],
          alertGroups: [
            { name: 'A-team', members: ['ann@msp.example', 'zed@msp.example'] },
            { name: 'b-team', members: ['zed@msp.example'] },
          ],
          subscriptionsPurchased: 0,
        },
        {
          name: 'Zylker',
          dataCenter: 'us',
          portalDomain: 'status.zylker.example',
          accountContact: 'ann@msp.example',
          directUsers: ['ann@msp.example'],
          alertGroups: [],
          subscriptionsPurchased: 0,
        },
      ],
      groups: [
        { name: 'Alpha', default: true, customers: ['acme'], users: [] },
        { name: 'beta', default: false, customers: ['Zylker'], users: ['zed@msp.example'] },
      ],
      portalUsers: [
        {
          customer: 'acme',
          name: 'Bo',
          email: 'bo@acme.example',
          status: 'enabled',
          role: 'read_only',
          admin: false,
        },
        {
          customer: 'Zylker',
          name: 'Dana',
          email: 'dana@zylker.example',
          status: 'unconfirmed',
          role: 'operator',
          admin: true,
        },
      ],
      customerUsers: [
        {
          customer: 'Zylker',
          email: 'a@zylker.example',
          firstName: 'A',
          lastName: 'Z',
          source: 'directory',
          agentStatus: 'unknown',
          subscriptionExpiresAt: null,
          archived: false,
        },
        {
          customer: 'Zylker',
          email: 'b@zylker.example',
          firstName: '',
          lastName: '',
          source: 'manual',
          agentStatus: 'unknown',
          subscriptionExpiresAt: '2027-01-31T00:00:00.000Z',
          archived: false,
        },
      ],
    })
    const customerKeys = await prisma.customer.findMany({
      select: { nameKey: true },
      orderBy: { nameKey: 'asc' },
    })
    expect(customerKeys).toEqual([{ nameKey: 'acme' }, { nameKey: 'zylker' }])
  })

  it('refuses a bad snapshot, naming every bad entry with its path, and changes nothing', async () => {
    const { prisma } = db()
    await importOk(prisma, demoSnapshot())
    const before = await wholeState(prisma)

    // Sorted demo: customers Acme, Globex, Initech, Umbrella, Zylker; groups ManageEngine, Site24x7, Zoho.
    const bad = demoSnapshot()
    at(bad.groups, 1).customers?.push('Zylkr')
    at(bad.groups, 0).users?.push('nobody@msp.example')
    at(bad.groups, 0).default = true
    at(bad.customers, 0).accountContact = 'ghost@msp.example'
    at(at(bad.customers, 4).alertGroups, 0).members?.push('dana@zylker.example')
    at(bad.customers, 1).dataCenter = 'mars' as 'us' // a bad shape: Globex is still known to the groups
    bad.mspUsers.push({ name: 'Alex again', email: 'ALEX@msp.example', role: 'viewer' })
    bad.customers.push({ name: 'zylker', directUsers: [], alertGroups: [] } as (typeof bad.customers)[number])
    at(bad.portalUsers, 0).status = 'active' as 'enabled'
    at(bad.customerUsers, 0).customer = 'Nowhere'

    const result = await importSnapshot(prisma, bad)
    expect(result.ok).toBe(false)
    if (result.ok) return
    // Every bad entry, in the order of the file (shape problems among the others)
    expect(snapshotIssueLines(result.problems)).toEqual([
      'mspUsers[5].email: "alex@msp.example" is already used by mspUsers[0]',
      'customers[0].accountContact: unknown MSP user "ghost@msp.example"',
      'customers[1].dataCenter: Invalid option: expected one of "us"|"eu"',
      'customers[4].alertGroups[0].members[2]: unknown MSP user "dana@zylker.example"',
      'customers[5].name: "zylker" is already used by customers[4] (names ignore case)',
      'groups[0].users[2]: unknown MSP user "nobody@msp.example"',
      'groups[1].customers[2]: unknown customer "Zylkr"',
      'groups[2].default: only one group can be the default, and groups[0] already is',
      'portalUsers[0].status: Invalid option: expected one of "unconfirmed"|"enabled"|"disabled"',
      'customerUsers[0].customer: unknown customer "Nowhere"',
    ])
    // …as data: a path and a code with its parameters
    expect(result.problems.slice(0, 3)).toEqual([
      {
        path: 'mspUsers[5].email',
        problem: { code: 'snapshot.alreadyUsed', value: 'alex@msp.example', by: 'mspUsers[0]' },
      },
      {
        path: 'customers[0].accountContact',
        problem: { code: 'snapshot.unknownUser', email: 'ghost@msp.example' },
      },
      {
        path: 'customers[1].dataCenter',
        problem: { code: 'snapshot.schema', message: 'Invalid option: expected one of "us"|"eu"' },
      },
    ])
    expect(await wholeState(prisma)).toEqual(before)
  })

  it('refuses names and emails that differ only in case, per customer where they are per customer', async () => {
    const { prisma } = db()
    const problems = await refusal(prisma, {
      mspUsers: [
        { name: 'A', email: 'a@msp.example', slackUserId: 'U0A' },
        { name: 'A2', email: 'A@MSP.example', slackUserId: 'U0A' },
      ],
      customers: [
        {
          name: 'Acme',
          directUsers: ['a@msp.example'],
          alertGroups: [
            { name: 'Ops', members: ['a@msp.example'] },
            { name: 'OPS', members: ['a@msp.example', 'a@msp.example'] },
            { name: 'Empty', members: [] },
          ],
        },
        { name: 'ACME ' },
        { name: 'Globex' },
      ],
      groups: [{ name: 'Zoho' }, { name: 'zoho', customers: ['acme', 'Acme'] }],
      portalUsers: [
        { customer: 'Acme', name: 'P', email: 'p@acme.example', admin: true },
        { customer: 'acme', name: 'P', email: 'P@acme.example', admin: true },
        { customer: 'Globex', name: 'P', email: 'p@acme.example', admin: true },
      ],
      customerUsers: [
        { customer: 'Acme', email: 'u@acme.example' },
        { customer: 'Acme', email: 'U@Acme.example' },
        { customer: 'Globex', email: 'u@acme.example' },
      ],
    })
    expect(problems).toEqual([
      'mspUsers[1].email: "a@msp.example" is already used by mspUsers[0]',
      'mspUsers[1].slackUserId: "U0A" is already used by mspUsers[0]',
      'customers[0].alertGroups[1].name: Acme already has an alert group "OPS" (customers[0].alertGroups[0]; names ignore case)',
      'customers[0].alertGroups[1].members[1]: "a@msp.example" is listed twice',
      'customers[0].alertGroups[2].members: an alert group needs at least one member',
      'customers[1].name: "ACME" is already used by customers[0] (names ignore case)',
      'groups[1].name: "zoho" is already used by groups[0] (names ignore case)',
      'groups[1].customers[1]: "Acme" is listed twice',
      'portalUsers[1].email: "p@acme.example" is already a portal user of acme (portalUsers[0])',
      'portalUsers[1].admin: acme already has its portal admin (portalUsers[0]); a customer has one',
      'customerUsers[1].email: "u@acme.example" is already a user of Acme (customerUsers[0])',
    ])
    expect(await prisma.mspUser.count()).toBe(0)
  })

  /** Alex and Lee; Lee is Zylker's Account Contact, both are in its alert group Ops; Lee is linked to Acme. */
  const leeOnZylker = (groups: SnapshotInput['groups']) => ({
    mspUsers: [
      { name: 'Alex', email: 'alex@msp.example' },
      { name: 'Lee', email: 'lee@msp.example' },
    ],
    customers: [
      {
        name: 'Zylker',
        accountContact: 'lee@msp.example',
        alertGroups: [{ name: 'Ops', members: ['alex@msp.example', 'lee@msp.example'] }],
      },
      { name: 'Acme', accountContact: 'lee@msp.example', directUsers: ['lee@msp.example'] },
    ],
    groups,
  })

  it('refuses an Account Contact or alert group member who is not associated with the customer', async () => {
    const { prisma } = db()
    const result = await importSnapshot(
      prisma,
      leeOnZylker([{ name: 'Zoho', customers: ['zylker'], users: ['alex@msp.example'] }]),
    )
    // (the same as data: validate-snapshot.test.ts)
    expect(result.ok ? [] : snapshotIssueLines(result.problems)).toEqual([
      'customers[0].accountContact: lee@msp.example is the Account Contact of Zylker but not associated with it: list them in its directUsers or in a group with Zylker.',
      'customers[0].alertGroups[0].members[1]: lee@msp.example is in alert group Ops of Zylker but not associated with it: list them in its directUsers or in a group with Zylker.',
    ])
  })

  it('accepts an Account Contact and alert group members associated only through a group (the domain decides)', async () => {
    const { prisma } = db()
    const result = await importOk(
      prisma,
      leeOnZylker([
        { name: 'Zoho', customers: ['ZYLKER'], users: ['alex@msp.example'] },
        { name: 'Site24x7', customers: ['zylker'], users: ['lee@msp.example'] },
      ]),
    )
    expect(result.counts.associations).toBe(3)
    expect(await associationPairs(prisma)).toEqual(['alex:Zylker', 'lee:Acme', 'lee:Zylker'])
  })

  it('refuses groups over the limits with the words a form would show, and a customer in two groups in exclusive mode', async () => {
    const { prisma } = db()
    const users = [{ name: 'Alex', email: 'alex@msp.example' }]
    const customers = [{ name: 'Zylker' }, { name: 'Acme' }, { name: 'Globex' }]
    const overLimits = await importSnapshot(prisma, {
      settings: { maxCustomersPerGroup: 2, maxGroupsPerUser: 1 },
      mspUsers: users,
      customers,
      groups: [
        { name: 'Zoho', customers: ['Zylker', 'Acme', 'Globex'], users: ['alex@msp.example'] },
        { name: 'Site24x7', customers: ['Zylker'], users: ['alex@msp.example'] },
      ],
    })
    const customersPerGroup: LimitViolation = {
      code: 'limit.customersPerGroup',
      groupId: 0,
      group: 'Zoho',
      limit: 2,
      count: 3,
    }
    const groupsPerUser: LimitViolation = {
      code: 'limit.groupsPerUser',
      userId: 0,
      user: 'Alex',
      limit: 1,
      count: 2,
    }
    expect(overLimits).toEqual({
      ok: false,
      problems: [
        { path: 'mspUsers[0]', problem: groupsPerUser },
        { path: 'groups[0].customers', problem: customersPerGroup },
      ],
    })
    expect(overLimits.ok ? [] : snapshotIssueLines(overLimits.problems)).toEqual([
      `mspUsers[0]: ${limitMessage(groupsPerUser)}`,
      `groups[0].customers: ${limitMessage(customersPerGroup)}`,
    ])
    expect(limitMessage(customersPerGroup)).toBe(
      'A customer group holds at most 2 customers; Zoho would have 3.',
    )

    const exclusive = await refusal(prisma, {
      settings: { groupMode: 'exclusive' },
      mspUsers: users,
      customers,
      groups: [
        { name: 'Zoho', customers: ['Zylker', 'Acme'] },
        { name: 'Site24x7', customers: ['Globex', 'zylker'] },
      ],
    })
    expect(exclusive).toEqual([
      'groups[1].customers[1]: Zylker is already in Zoho; groups are exclusive, so a customer can be in only one.',
    ])
    expect(await prisma.customer.count()).toBe(0)
    // The same groups are fine when shared.
    await importOk(prisma, {
      mspUsers: users,
      customers,
      groups: [
        { name: 'Zoho', customers: ['Zylker', 'Acme'] },
        { name: 'Site24x7', customers: ['Globex', 'zylker'] },
      ],
    })
  })

  it('words each broken limit exactly as the Edit Customer Group form does', async () => {
    const { prisma } = db()
    const book = (
      zoho: { customers: string[]; users: string[] },
      site: { customers: string[]; users: string[] },
    ) => ({
      settings: { groupMode: 'exclusive', maxCustomersPerGroup: 2, maxGroupsPerUser: 1 },
      mspUsers: [
        { name: 'Priya', email: 'priya@msp.example', role: 'admin' },
        { name: 'Alex', email: 'alex@msp.example' },
      ],
      customers: [{ name: 'Zylker' }, { name: 'Acme' }, { name: 'Globex' }, { name: 'Initech' }],
      groups: [
        { name: 'Zoho', ...zoho },
        { name: 'Site24x7', ...site },
      ],
    })
    const zoho = { customers: ['Zylker', 'Acme'], users: ['alex@msp.example'] }
    const site = { customers: ['Initech'], users: [] }
    await importOk(prisma, book(zoho, site))
    const id = async (nameKey: string) =>
      (await prisma.customerGroup.findUniqueOrThrow({ where: { nameKey } })).id
    const customerIds = async (...names: string[]) =>
      Promise.all(
        names.map(async (n) => (await prisma.customer.findUniqueOrThrow({ where: { nameKey: n } })).id),
      )
    const priya = await prisma.mspUser.findUniqueOrThrow({ where: { email: 'priya@msp.example' } })
    const alex = await prisma.mspUser.findUniqueOrThrow({ where: { email: 'alex@msp.example' } })
    const actor = { slackUserId: null, name: 'Priya', mspUserId: priya.id, role: 'admin' as const }
    const formWords = async (group: string, customers: string[], userIds: number[]) => {
      const outcome = await editCustomerGroup(prisma, actor, {
        groupId: await id(group.toLowerCase()),
        name: group,
        customerIds: await customerIds(...customers.map((c) => c.toLowerCase())),
        userIds,
        isDefault: false,
      })
      return outcome.status === 'invalid' ? outcome.problems.map((p) => problemMessage(p.problem)) : []
    }
    const snapshotWords = async (json: unknown) =>
      (await refusal(prisma, json)).map((l) => l.split(': ').slice(1).join(': '))

    // A third customer in Zoho
    const tooMany = await formWords('Zoho', ['Zylker', 'Acme', 'Globex'], [alex.id])
    expect(tooMany).toEqual(['A customer group holds at most 2 customers; Zoho would have 3.'])
    expect(await snapshotWords(book({ ...zoho, customers: ['Zylker', 'Acme', 'Globex'] }, site))).toEqual(
      tooMany,
    )
    // Alex in a second group
    const secondGroup = await formWords('Site24x7', ['Initech'], [alex.id])
    expect(secondGroup).toEqual(['An MSP user can be in at most 1 customer groups; Alex would be in 2.'])
    expect(await snapshotWords(book(zoho, { ...site, users: ['alex@msp.example'] }))).toEqual(secondGroup)
    // Zylker, held by Zoho, in Site24x7 too (exclusive mode)
    const taken = await formWords('Site24x7', ['Initech', 'Zylker'], [])
    expect(taken).toEqual([
      'Zylker is already in Zoho; groups are exclusive, so a customer can be in only one.',
    ])
    expect(await snapshotWords(book(zoho, { ...site, customers: ['Initech', 'zylker'] }))).toEqual(taken)
  })

  it('reports shape problems with their paths: missing, unknown and malformed fields', async () => {
    const { prisma } = db()
    const result = await importSnapshot(prisma, {
      version: 2,
      mspUsers: [{ email: 'not-an-email', role: 'boss', slackUserId: 'alex' }],
      customers: [{ name: 'Zylker', acountContact: 'x' }],
      customerUsers: [{ customer: 'Zylker', email: 'li@zylker.example', subscriptionExpiresAt: 'soon' }],
    })
    expect(result.ok).toBe(false)
    expect(result.ok ? [] : snapshotIssueLines(result.problems)).toEqual([
      'version: only snapshot version 1 is supported',
      'mspUsers[0].name: required',
      'mspUsers[0].email: not a valid email address',
      'mspUsers[0].role: Invalid option: expected one of "admin"|"manager"|"technician"|"viewer"',
      'mspUsers[0].slackUserId: not a Slack user id (like U0123ABCD)',
      'customers[0].acountContact: unknown field',
      'customerUsers[0].subscriptionExpiresAt: expected an ISO date-time such as "2027-01-31T00:00:00.000Z" (or null for no subscription)',
    ])
    expect(result.ok ? [] : result.problems.map((p) => p.problem.code)).toEqual([
      ...Array(5).fill('snapshot.schema'),
      'snapshot.unknownField',
      'snapshot.schema',
    ])
    expect(await refusal(prisma, 'nope')).toEqual([
      'snapshot: Invalid input: expected object, received string',
    ])
  })
})
