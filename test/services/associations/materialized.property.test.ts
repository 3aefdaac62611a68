// Through the real services and database: after any sequence of saves from the three forms (each
// confirmed when it previews), the Association table holds exactly the pairs a direct link or a shared
// group justifies, and a blocked or invalid save changes no table.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { StaffActor } from '../../../src/services/actor.ts'
import type { SaveOutcome } from '../../../src/services/associations/save-association-edit.ts'
import { editCustomerPreferences } from '../../../src/services/customers/edit-customer-preferences.ts'
import { editCustomerGroup } from '../../../src/services/groups/edit-customer-group.ts'
import { editMspUser } from '../../../src/services/users/edit-msp-user.ts'
import { useTestDatabase } from '../../support/db.ts'
import { associationPairs, derivedPairs, membershipDump, seedWorld } from '../../support/seed.ts'
import { groupInput, userInput } from '../../support/worlds.ts'

const USERS = ['Ann', 'Bob', 'Cy', 'Di']
const CUSTOMERS = ['Zylker', 'Acme', 'Globex', 'Initech']
const GROUPS = ['Zoho', 'Site24x7', 'Ops']

const subset = <T>(items: readonly T[]) => fc.subarray([...items])

const worldArb = fc.record({
  groups: fc.tuple(...GROUPS.map(() => fc.record({ customers: subset(CUSTOMERS), users: subset(USERS) }))),
  direct: fc.tuple(...CUSTOMERS.map(() => subset(USERS))),
  contact: fc.tuple(...CUSTOMERS.map(() => fc.option(fc.constantFrom(...USERS), { nil: undefined }))),
  ops: fc.tuple(...CUSTOMERS.map(() => subset(USERS))), // one alert group per customer
})

const editArb = fc.oneof(
  fc.record({
    form: fc.constant('customer' as const),
    subject: fc.constantFrom(...CUSTOMERS),
    groups: subset(GROUPS),
    users: subset(USERS),
  }),
  fc.record({
    form: fc.constant('group' as const),
    subject: fc.constantFrom(...GROUPS),
    customers: subset(CUSTOMERS),
    users: subset(USERS),
  }),
  fc.record({
    form: fc.constant('user' as const),
    subject: fc.constantFrom(...USERS),
    groups: subset(GROUPS),
  }),
)

describe('materialized associations through the services', () => {
  const db = useTestDatabase()

  it('always equal the derived pairs; blocked and invalid saves write nothing', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, fc.array(editArb, { minLength: 1, maxLength: 4 }), async (world, edits) => {
        const prisma = db().prisma
        await db().truncate()
        // Contacts and alert members must be associated: link them directly where no group does.
        const directUsers = CUSTOMERS.map((c, i) => {
          const byGroup = world.groups.flatMap((g) => (g.customers.includes(c) ? g.users : []))
          const needed = [...(world.ops[i] ?? []), ...(world.contact[i] ? [world.contact[i]] : [])]
          return [...new Set([...(world.direct[i] ?? []), ...needed.filter((u) => !byGroup.includes(u))])]
        })
        const w = await seedWorld(prisma, {
          users: [{ name: 'Root', role: 'admin', slackUserId: 'U0ROOT' }, ...USERS.map((name) => ({ name }))],
          customers: CUSTOMERS.map((name, i) => ({
            name,
            directUsers: directUsers[i],
            accountContact: world.contact[i],
            alertGroups:
              (world.ops[i] ?? []).length > 0 ? [{ name: 'Ops', members: world.ops[i] ?? [] }] : [],
          })),
          groups: GROUPS.map((name, j) => ({
            name,
            customers: world.groups[j]?.customers,
            users: world.groups[j]?.users,
          })),
        })
        const root: StaffActor = w.actor('Root')
        for (const edit of edits) {
          const save = (hash?: string): Promise<SaveOutcome> => {
            if (edit.form === 'customer') {
              const customerId = w.customerId(edit.subject)
              return prisma.customer.findUniqueOrThrow({ where: { id: customerId } }).then((c) =>
                editCustomerPreferences(
                  prisma,
                  root,
                  {
                    customerId,
                    groupIds: w.groupIds(...edit.groups),
                    directUserIds: w.userIds(...edit.users),
                    accountContactId: c.accountContactId,
                  },
                  hash,
                ),
              )
            }
            if (edit.form === 'group')
              return editCustomerGroup(
                prisma,
                root,
                groupInput(w, edit.subject, edit.customers, edit.users),
                hash,
              )
            return editMspUser(prisma, root, userInput(w, edit.subject, edit.groups), hash)
          }
          const before = await membershipDump(prisma)
          let outcome = await save()
          if (outcome.status === 'preview') outcome = await save(outcome.hash)
          if (outcome.status === 'blocked' || outcome.status === 'invalid')
            expect(await membershipDump(prisma)).toEqual(before)
          else expect(outcome.status).toBe('applied')
          expect(await associationPairs(prisma)).toEqual(await derivedPairs(prisma))
        }
      }),
      { numRuns: 40 },
    )
  }, 120_000)
})
