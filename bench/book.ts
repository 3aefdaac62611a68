// The books the Slack bench's apps hold: a small one (5 customers), and the long job's big one.
import type { SnapshotInput } from '../src/services/snapshot/snapshot-schema.ts'
import { BENCH_SLACK_USER } from './ipc.ts'

export const GROUP = 'Bench group'
export const BOOK: SnapshotInput = {
  version: 1,
  mspUsers: [
    { name: 'Bench Admin', email: 'admin@msp.example', role: 'admin', slackUserId: BENCH_SLACK_USER },
    { name: 'Alex', email: 'alex@msp.example', role: 'technician' },
  ],
  customers: ['Zylker', 'Acme', 'Globex', 'Initech', 'Umbrella'].map((name) => ({
    name,
    accountContact: 'alex@msp.example',
    alertGroups: [{ name: 'Ops', members: ['alex@msp.example'] }],
  })),
  groups: [
    {
      name: GROUP,
      customers: ['Zylker', 'Acme', 'Globex'],
      users: ['admin@msp.example', 'alex@msp.example'],
    },
    { name: 'Others', customers: ['Initech', 'Umbrella'], users: ['alex@msp.example'] },
  ],
}

/**
 * The long job's book: the bench user, now a technician, still in the bench group with its 3 customers (so
 * `/msp customers` keeps listing a handful), plus `count` customers in groups of 20, each group with a user
 * of its own who is every one of its customers' Account Contact.
 */
export function bigBook(count: number): SnapshotInput {
  const groups = Math.ceil(count / 20)
  const staff = (i: number) => `staff${i}@msp.example`
  const customer = (i: number) => `Customer ${String(i).padStart(6, '0')}`
  return {
    ...BOOK,
    mspUsers: [
      ...(BOOK.mspUsers ?? []).map((u) => (u.slackUserId ? { ...u, role: 'technician' as const } : u)),
      ...Array.from({ length: groups }, (_, g) => ({
        name: `Staff ${g}`,
        email: staff(g),
        role: 'manager' as const,
      })),
    ],
    customers: [
      ...(BOOK.customers ?? []),
      ...Array.from({ length: count }, (_, i) => ({
        name: customer(i),
        accountContact: staff(Math.floor(i / 20)),
      })),
    ],
    groups: [
      ...(BOOK.groups ?? []),
      ...Array.from({ length: groups }, (_, g) => ({
        name: `Group ${g}`,
        customers: Array.from({ length: Math.min(20, count - g * 20) }, (_, k) => customer(g * 20 + k)),
        users: [staff(g)],
      })),
    ],
  }
}
