// The demo book's shape, as data: what `loadDemoBook` (load-demo-book.ts) writes for given sizes and seed.
// Everything is a pure function of the row's number and the seed (Postgres's `hashint8extended`, which is
// stable across versions and platforms: hash partitioning relies on it), so the same seed gives the same
// book on PGlite and on PostgreSQL, and the loader needs no data from here but these words and numbers.
//
// Shape (sizes are totals; n counts from 1):
//   - MSP users: "First Last", first.last.n@msp.example, Slack id UDEMOn; user 1 is an admin, then about
//     1 % admins, 9 % managers, 45 % technicians, 45 % viewers.
//   - customers: "Adjective Noun n", a quarter in the EU data center, four in five with a portal domain, a
//     subscription pool of 0–20; each customer with any associated MSP user has one of them as Account
//     Contact and an alert group "On-call" (3 of its users, the contact first), a third also "Escalations".
//   - customer groups "Team Word n" (group 1 the default): customers go round-robin, at most
//     GROUP_PRIMARY_SLOTS per group (customers beyond that are in no group), and one in five of the first
//     2·groups customers also in the next group (so a group never holds more than maxCustomersPerGroup);
//     one MSP user in five is in group (n mod groups), and a quarter of those in 1–3 more (at most 4 groups);
//   - direct links: two per customer in no group, one for every tenth grouped customer, and one for every
//     fourth MSP user in no group (so associations are about twice the MSP users, not MSP users × groups).
//   - associations: exactly the pairs the memberships justify (derived in SQL, as the app keeps them).
//   - portal users and customer users: spread evenly over the customers, each customer's consecutive;
//     each customer's first portal user is its portal admin (enabled); customer users are 60 % manual, 30 %
//     csv, 10 % directory (with a directory id), some archived, and fewer subscribed than the pool holds.
import { z } from 'zod'

/** The settings the book is written for (written with it): the app's defaults. */
export const DEMO_SETTINGS = { groupMode: 'shared', maxCustomersPerGroup: 20, maxGroupsPerUser: 10 } as const

/** Customers per group by the round-robin; the rest of maxCustomersPerGroup is room for second groups. */
export const GROUP_PRIMARY_SLOTS = DEMO_SETTINGS.maxCustomersPerGroup - 2
/** One MSP user in this many is in groups (about 10 per group at 100 000 users and 2 000 groups). */
export const USERS_IN_GROUPS_ONE_IN = 5
/** One MSP user in this many of those in no group is linked directly to one customer. */
export const DIRECT_LINK_ONE_IN = 4
/** A user's groups besides the first: at most this many (far below maxGroupsPerUser). */
export const MAX_EXTRA_GROUPS = 3

const size = (max: number) => z.number().int().min(0).max(max)

/** What `loadDemoBook` takes: sizes (totals) and the seed. */
export const demoBookOptionsSchema = z.strictObject({
  customers: size(1_000_000),
  mspUsers: size(10_000_000),
  groups: size(1_000_000),
  portalUsers: size(10_000_000),
  customerUsers: size(10_000_000),
  /** Same seed, same book. */
  seed: z.number().int().min(0).max(2_000_000),
  /** Empty a non-empty book first (its audit log is kept); without it a non-empty book is refused. */
  replace: z.boolean().optional(),
})

export type DemoBookOptions = z.input<typeof demoBookOptionsSchema>

export const FIRST_NAMES = [
  'Alex',
  'Priya',
  'Marco',
  'Dana',
  'Li',
  'Sam',
  'Noor',
  'Elena',
  'Tomas',
  'Aisha',
  'Kenji',
  'Maria',
  'Oliver',
  'Fatima',
  'Lucas',
  'Chloe',
  'Ravi',
  'Ingrid',
  'Mateo',
  'Yuki',
  'Amara',
  'Jonas',
  'Sofia',
  'Kwame',
  'Hannah',
  'Diego',
  'Mei',
  'Arjun',
  'Leah',
  'Omar',
  'Nina',
  'Pavel',
]

export const LAST_NAMES = [
  'Wu',
  'Patel',
  'Rossi',
  'Kim',
  'Garcia',
  'Okafor',
  'Novak',
  'Schmidt',
  'Tanaka',
  'Haddad',
  'Silva',
  'Nguyen',
  'Larsen',
  'Murphy',
  'Cohen',
  'Dubois',
  'Ivanova',
  'Mensah',
  'Berg',
  'Costa',
  'Singh',
  'Lopez',
  'Fischer',
  'Sato',
  'Kowalski',
  'Ahmed',
  'Moreau',
  'Jansen',
  'Rahman',
  'Weber',
  'Reyes',
  'Olsen',
]

export const COMPANY_WORDS = [
  'Northwind',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Acme',
  'Zylker',
  'Hooli',
  'Vandelay',
  'Cyberdyne',
  'Soylent',
  'Tyrell',
  'Gringotts',
  'Oscorp',
  'Wonka',
  'Blue Harbor',
  'Red Cedar',
  'Silver Lake',
  'Iron Bridge',
  'Green Valley',
  'Summit',
  'Pioneer',
  'Atlas',
  'Beacon',
  'Crescent',
  'Everest',
  'Lighthouse',
]

export const COMPANY_KINDS = [
  'Logistics',
  'Dental',
  'Labs',
  'Foods',
  'Holdings',
  'Clinic',
  'Legal',
  'Motors',
  'Energy',
  'Retail',
  'Insurance',
  'Media',
  'Hotels',
  'Farms',
  'Bank',
  'Schools',
  'Realty',
  'Pharma',
  'Airlines',
  'Systems',
]

export const GROUP_WORDS = [
  'Atlas',
  'Orion',
  'Falcon',
  'Harbor',
  'Summit',
  'Aurora',
  'Delta',
  'Nimbus',
  'Zoho',
  'Site24x7',
  'Phoenix',
  'Sierra',
  'Tango',
  'Vega',
  'Polaris',
  'Cobalt',
]

/** Portal roles the demo hands out besides the admin's (src/domain/portal-users.ts PORTAL_ROLE_IDS). */
export const DEMO_PORTAL_ROLES = [
  'operator',
  'operator',
  'operator',
  'operator',
  'read_only',
  'alert_contact',
]

/** Alert groups per customer: the first always, the second for a third of the customers. */
export const ALERT_GROUP_NAMES = ['On-call', 'Escalations'] as const

/** Subscriptions the demo applies run out on a fixed date plus up to two years (same seed, same book). */
export const SUBSCRIPTIONS_FROM = '2027-01-01T00:00:00Z'

/** Rows written, by table. */
export interface DemoBookCounts {
  mspUsers: number
  customers: number
  groups: number
  groupCustomers: number
  groupMembers: number
  directLinks: number
  associations: number
  accountContacts: number
  alertGroups: number
  alertGroupMembers: number
  portalUsers: number
  customerUsers: number
}

export function summarizeDemoCounts(c: DemoBookCounts): string {
  return [
    `${c.mspUsers} MSP users`,
    `${c.customers} customers`,
    `${c.groups} groups`,
    `${c.associations} associations`,
    `${c.alertGroups} alert groups`,
    `${c.portalUsers} portal users`,
    `${c.customerUsers} customer users`,
  ].join(', ')
}
