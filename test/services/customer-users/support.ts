// A world for the customer-user services, and users written set-wise (as an import would: thousands at once).
import type { Db } from '../../../src/db/client.ts'
import type { StaffActor } from '../../../src/services/actor.ts'
import { seedWorld } from '../../support/seed.ts'
import { staffRoster } from '../../support/worlds.ts'

/**
 * The staff roster (Priya admin, Mona manager, Tess technician, Vic viewer); Zylker with Mona, Tess and
 * Vic linked directly; Acme linked to nobody.
 */
export async function seedCustomerUsersWorld(prisma: Db) {
  const w = await seedWorld(prisma, {
    users: [...staffRoster],
    customers: [{ name: 'Zylker', directUsers: ['Mona', 'Tess', 'Vic'] }, { name: 'Acme' }],
  })
  const actors = {
    priya: w.actor('Priya'),
    mona: w.actor('Mona'),
    tess: w.actor('Tess'),
    vic: w.actor('Vic'),
  } satisfies Record<string, StaffActor>
  return { w, ...actors, zylker: w.customerId('Zylker'), acme: w.customerId('Acme') }
}

export interface UserRow {
  email: string
  firstName: string
  lastName: string
  source?: 'manual' | 'csv' | 'directory'
  archived?: boolean
  subscriptionExpiresAt?: Date | null
  externalId?: string | null
}

/** Writes users as given (no service: no audit), names keyed lower-cased as every writer must. */
export async function insertUsers(prisma: Db, customerId: number, users: readonly UserRow[]) {
  await prisma.customerUser.createMany({
    data: users.map((u) => ({
      customerId,
      email: u.email,
      firstName: u.firstName,
      lastName: u.lastName,
      firstNameKey: u.firstName.toLowerCase(),
      lastNameKey: u.lastName.toLowerCase(),
      source: u.source ?? 'manual',
      archived: u.archived ?? false,
      subscriptionExpiresAt: u.subscriptionExpiresAt ?? null,
      externalId: u.externalId ?? null,
    })),
  })
}

/**
 * `count` users in one statement: user0001@… with first names cycling through 26 letters backwards (z…a)
 * and last names `L<n>`, so each sort gives a different order; every `archivedEvery`-th one archived.
 */
export async function insertManyUsers(prisma: Db, customerId: number, count: number, archivedEvery = 0) {
  await prisma.$executeRaw`
    INSERT INTO "CustomerUser" ("customerId", "email", "firstName", "lastName", "firstNameKey", "lastNameKey", "source", "archived")
    SELECT ${customerId}, 'user' || lpad(n::text, 5, '0') || '@zylker.example',
      'F' || chr(122 - n % 26), 'L' || n, 'f' || chr(122 - n % 26), 'l' || n, 'csv',
      ${archivedEvery} > 0 AND n % GREATEST(${archivedEvery}, 1) = 0
    FROM generate_series(1, ${count}) AS n`
}

export const users = (prisma: Db, customerId?: number) =>
  prisma.customerUser.findMany({ where: customerId ? { customerId } : {}, orderBy: { id: 'asc' } })

export const problemsOf = (outcome: {
  status: string
  problems?: { field: string; problem: { code: string } }[]
}) => (outcome.problems ?? []).map((p) => `${p.field}:${p.problem.code}`)
