// Validation alone (no database): problems as data, and the rules taken from the domain.
import { describe, expect, it } from 'vitest'
import { snapshotIssueLines } from '../../../src/messages/snapshot.ts'
import type { SnapshotIssue } from '../../../src/services/snapshot/snapshot-problems.ts'
import { validateSnapshot } from '../../../src/services/snapshot/validate-snapshot.ts'
import { demoSnapshot } from './fixtures.ts'

async function problemsOf(json: unknown): Promise<SnapshotIssue[]> {
  const validation = await validateSnapshot(json)
  if (validation.ok) throw new Error('the snapshot was accepted')
  return validation.problems
}

const users = (...names: string[]) =>
  names.map((name) => ({ name, email: `${name.toLowerCase()}@msp.example` }))

describe('validateSnapshot', () => {
  it('accepts the demo', async () => {
    expect((await validateSnapshot(demoSnapshot())).ok).toBe(true)
  })

  it('reports an MSP user over the groups limit once, at their entry, with the count of all their groups', async () => {
    const problems = await problemsOf({
      settings: { maxGroupsPerUser: 2 },
      mspUsers: users('Alex', 'Lee'),
      groups: ['A', 'B', 'C', 'D'].map((name) => ({ name, users: ['alex@msp.example', 'lee@msp.example'] })),
    })
    expect(problems.map((p) => [p.path, p.problem.code])).toEqual([
      ['mspUsers[0]', 'limit.groupsPerUser'],
      ['mspUsers[1]', 'limit.groupsPerUser'],
    ])
    expect(snapshotIssueLines(problems)).toEqual([
      'mspUsers[0]: An MSP user can be in at most 2 customer groups; Alex would be in 4.',
      'mspUsers[1]: An MSP user can be in at most 2 customer groups; Lee would be in 4.',
    ])
  })

  it('in exclusive mode reports each later group holding a customer, naming the groups before it', async () => {
    const problems = await problemsOf({
      settings: { groupMode: 'exclusive' },
      customers: [{ name: 'Zylker' }, { name: 'Acme' }],
      groups: [
        { name: 'Zoho', customers: ['Zylker'] },
        { name: 'Site24x7', customers: ['Acme', 'zylker'] },
        { name: 'ManageEngine', customers: ['ZYLKER'] },
      ],
    })
    expect(problems).toEqual([
      {
        path: 'groups[1].customers[1]',
        problem: {
          code: 'limit.exclusiveGroup',
          groupId: 1,
          customerId: 0,
          customer: 'Zylker',
          takenBy: ['Zoho'],
        },
      },
      {
        path: 'groups[2].customers[0]',
        problem: {
          code: 'limit.exclusiveGroup',
          groupId: 2,
          customerId: 0,
          customer: 'Zylker',
          takenBy: ['Zoho', 'Site24x7'],
        },
      },
    ])
    expect(snapshotIssueLines(problems)[1]).toBe(
      'groups[2].customers[0]: Zylker is already in Zoho, Site24x7; groups are exclusive, so a customer can be in only one.',
    )
  })

  it('counts a customer listed twice in a group once toward the limit, and reports the repetition', async () => {
    const problems = await problemsOf({
      settings: { maxCustomersPerGroup: 1 },
      customers: [{ name: 'Zylker' }],
      groups: [{ name: 'Zoho', customers: ['Zylker', 'zylker'] }],
    })
    expect(snapshotIssueLines(problems)).toEqual(['groups[0].customers[1]: "zylker" is listed twice'])
  })

  it('with bad settings reports the settings and checks no limits', async () => {
    const problems = await problemsOf({
      settings: { maxCustomersPerGroup: 0 },
      customers: [{ name: 'Zylker' }, { name: 'Acme' }],
      groups: [{ name: 'Zoho', customers: ['Zylker', 'Acme'] }],
    })
    expect(problems.map((p) => [p.path, p.problem.code])).toEqual([
      ['settings.maxCustomersPerGroup', 'snapshot.schema'],
    ])
  })

  it('associates through a direct link or any shared group, as the domain does', async () => {
    const book = (groups: unknown[], directUsers: string[] = []) => ({
      mspUsers: users('Alex', 'Lee'),
      customers: [
        {
          name: 'Zylker',
          accountContact: 'lee@msp.example',
          directUsers,
          alertGroups: [{ name: 'Ops', members: ['lee@msp.example'] }],
        },
      ],
      groups,
    })
    // Lee shares no group with Zylker: both the Account Contact and the alert group member are refused.
    expect(
      await problemsOf(book([{ name: 'Zoho', customers: ['Zylker'], users: ['alex@msp.example'] }])),
    ).toEqual([
      {
        path: 'customers[0].accountContact',
        problem: {
          code: 'snapshot.notAssociated',
          email: 'lee@msp.example',
          customer: 'Zylker',
          role: { kind: 'accountContact' },
        },
      },
      {
        path: 'customers[0].alertGroups[0].members[0]',
        problem: {
          code: 'snapshot.notAssociated',
          email: 'lee@msp.example',
          customer: 'Zylker',
          role: { kind: 'alertGroupMember', alertGroup: 'Ops' },
        },
      },
    ])
    // A second group shared with Zylker, or a direct link, associates Lee.
    const shared = [
      { name: 'Zoho', customers: ['Zylker'], users: ['alex@msp.example'] },
      { name: 'Site24x7', customers: ['zylker'], users: ['lee@msp.example'] },
    ]
    expect((await validateSnapshot(book(shared))).ok).toBe(true)
    expect((await validateSnapshot(book([], ['lee@msp.example']))).ok).toBe(true)
  })

  it('lists problems in the order of the file, shape problems among the others', async () => {
    const problems = await problemsOf({
      customerUsers: [{ customer: 'Nowhere', email: 'x@y.example' }],
      groups: [{ name: 'Zoho', customers: ['Zylkr'] }],
      customers: [{ name: 'Zylker', dataCenter: 'mars' }],
      mspUsers: [{ name: 'Alex', email: 'alex' }],
    })
    expect(problems.map((p) => p.path)).toEqual([
      'mspUsers[0].email',
      'customers[0].dataCenter',
      'groups[0].customers[0]',
      'customerUsers[0].customer',
    ])
  })

  it('parses each list entry on its own, reporting shape and rule problems of every section at once in file order', async () => {
    const problems = await problemsOf({
      version: 2,
      extra: 1,
      mspUsers: [{ name: 'Alex', email: 'alex@msp.example' }, { email: 'bad' }],
      customers: [{ name: 'Zylker', directUsers: ['nobody@msp.example'] }, { name: ' ', x: 1 }, 'str'],
      groups: 'nope',
    })
    expect(problems).toEqual([
      { path: 'extra', problem: { code: 'snapshot.unknownField' } },
      {
        path: 'version',
        problem: { code: 'snapshot.schema', message: 'only snapshot version 1 is supported' },
      },
      { path: 'mspUsers[1].name', problem: { code: 'snapshot.schema', message: 'required' } },
      {
        path: 'mspUsers[1].email',
        problem: { code: 'snapshot.schema', message: 'not a valid email address' },
      },
      {
        path: 'customers[0].directUsers[0]',
        problem: { code: 'snapshot.unknownUser', email: 'nobody@msp.example' },
      },
      { path: 'customers[1].name', problem: { code: 'snapshot.schema', message: 'must not be empty' } },
      { path: 'customers[1].x', problem: { code: 'snapshot.unknownField' } },
      {
        path: 'customers[2]',
        problem: { code: 'snapshot.schema', message: 'Invalid input: expected object, received string' },
      },
      {
        path: 'groups',
        problem: { code: 'snapshot.schema', message: 'Invalid input: expected array, received string' },
      },
    ])
  })
})
