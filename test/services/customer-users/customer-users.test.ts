// Customer users: the list (a page read in the database: search, sort, archived, pages, the pool), Quick
// add, Edit, Archive and Restore; locked directory users; roles and scope; every change audited.
import { describe, expect, it } from 'vitest'
import { archiveMessage } from '../../../src/messages/customer-users.ts'
import { problemMessage } from '../../../src/messages/problems.ts'
import { addCustomerUser } from '../../../src/services/customer-users/add-customer-user.ts'
import {
  archiveCustomerUsers,
  restoreCustomerUsers,
} from '../../../src/services/customer-users/archive-customer-users.ts'
import { editCustomerUser } from '../../../src/services/customer-users/edit-customer-user.ts'
import { listCustomerUsers } from '../../../src/services/customer-users/list-customer-users.ts'
import { ServiceError } from '../../../src/services/errors.ts'
import { exportSnapshot } from '../../../src/services/snapshot/export-snapshot.ts'
import { importSnapshot } from '../../../src/services/snapshot/import-snapshot.ts'
import { useTestDatabase } from '../../support/db.ts'
import { auditRows, outcomeAs } from '../../support/seed.ts'
import { insertManyUsers, insertUsers, problemsOf, seedCustomerUsersWorld, users } from './support.ts'

const db = useTestDatabase()
const prisma = () => db().prisma

const refusal = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ServiceError)
  return (error as ServiceError).problem
}

const listQuery = { sort: 'email', direction: 'asc', archived: false, page: 0 } as const

describe('the list of a customer’s users', () => {
  it('reads one page of thousands in the database, sorted, searched and paged', async () => {
    const { vic, zylker, acme } = await seedCustomerUsersWorld(prisma())
    await insertManyUsers(prisma(), zylker, 3000, 10)
    await insertManyUsers(prisma(), acme, 30)

    const first = await listCustomerUsers(prisma(), vic, { ...listQuery, customerId: zylker })
    expect(first.total).toBe(2700)
    expect(first.pageSize).toBe(20)
    expect(first.users.map((u) => u.email)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22].map(
        (n) => `user${String(n).padStart(5, '0')}@zylker.example`,
      ),
    )
    expect(first.users[0]).toEqual({
      id: expect.any(Number),
      email: 'user00001@zylker.example',
      firstName: 'Fy',
      lastName: 'L1',
      source: 'csv',
      locked: false,
      agentStatus: 'unknown',
      subscriptionExpiresAt: null,
      archived: false,
    })
    expect(first).toMatchObject({
      customer: { id: zylker, name: 'Zylker' },
      page: 0,
      pool: { purchased: 0, used: 0, free: 0 },
      mayManage: false,
      mayApplySubscriptions: false,
      maySetPool: false,
    })

    // a middle page, descending: 2700 listed → page 50 holds the 1001st–1020th from the end
    const desc = await listCustomerUsers(prisma(), vic, {
      ...listQuery,
      customerId: zylker,
      direction: 'desc',
      page: 50,
    })
    const allListedDesc = Array.from({ length: 3000 }, (_, i) => 3000 - i).filter((n) => n % 10 !== 0)
    expect(desc.users.map((u) => u.lastName)).toEqual(allListedDesc.slice(1000, 1020).map((n) => `L${n}`))

    // first names: Fz before Fy …, ties by id
    const byFirst = await listCustomerUsers(prisma(), vic, {
      ...listQuery,
      customerId: zylker,
      sort: 'first',
    })
    expect(byFirst.users.map((u) => u.firstName)).toEqual(Array(20).fill('Fa'))
    expect(byFirst.users.map((u) => u.lastName).slice(0, 3)).toEqual(['L25', 'L51', 'L77'])
    const byLastDesc = await listCustomerUsers(prisma(), vic, {
      ...listQuery,
      customerId: zylker,
      sort: 'last',
      direction: 'desc',
    })
    expect(byLastDesc.users[0]?.lastName).toBe('L999')

    // search: a substring of email or either name, case-insensitive; past the last page → the last page
    const search = await listCustomerUsers(prisma(), vic, {
      ...listQuery,
      customerId: zylker,
      search: ' l299 ',
      page: 7,
    })
    expect(search.total).toBe(10) // L299, L2991…L2999 (L2990 archived)
    expect(search.page).toBe(0)
    expect(search.users.map((u) => u.lastName)).toEqual([
      'L299',
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => `L299${d}`),
    ])

    // archived: only the archived ones
    const archived = await listCustomerUsers(prisma(), vic, {
      ...listQuery,
      customerId: zylker,
      archived: true,
      page: 14,
    })
    expect(archived.total).toBe(300)
    expect(archived.page).toBe(14)
    expect(archived.users.map((u) => u.lastName)[0]).toBe('L2810')
    expect(archived.users.every((u) => u.archived)).toBe(true)
  })

  it('takes % and _ in a search literally', async () => {
    const { priya, zylker } = await seedCustomerUsersWorld(prisma())
    await insertUsers(prisma(), zylker, [
      { email: 'a_b@zylker.example', firstName: '100%', lastName: 'Sure' },
      { email: 'axb@zylker.example', firstName: '1000', lastName: 'Sure' },
    ])
    const under = await listCustomerUsers(prisma(), priya, {
      ...listQuery,
      customerId: zylker,
      search: 'a_b',
    })
    expect(under.users.map((u) => u.email)).toEqual(['a_b@zylker.example'])
    const percent = await listCustomerUsers(prisma(), priya, {
      ...listQuery,
      customerId: zylker,
      search: '0%',
    })
    expect(percent.users.map((u) => u.email)).toEqual(['a_b@zylker.example'])
    expect(
      (await listCustomerUsers(prisma(), priya, { ...listQuery, customerId: zylker, search: 'SURE' })).total,
    ).toBe(2)
  })

  it('counts the pool: unexpired subscriptions, archived users too', async () => {
    const { mona, zylker } = await seedCustomerUsersWorld(prisma())
    await prisma().customer.update({ where: { id: zylker }, data: { subscriptionsPurchased: 5 } })
    const later = new Date(Date.now() + 86_400_000)
    await insertUsers(prisma(), zylker, [
      { email: 'a@zylker.example', firstName: 'A', lastName: 'A', subscriptionExpiresAt: later },
      {
        email: 'b@zylker.example',
        firstName: 'B',
        lastName: 'B',
        subscriptionExpiresAt: later,
        archived: true,
      },
      {
        email: 'c@zylker.example',
        firstName: 'C',
        lastName: 'C',
        subscriptionExpiresAt: new Date(Date.now() - 1000),
      },
      { email: 'd@zylker.example', firstName: 'D', lastName: 'D', source: 'directory' },
    ])
    const list = await listCustomerUsers(prisma(), mona, { ...listQuery, customerId: zylker })
    expect(list.pool).toEqual({ purchased: 5, used: 2, free: 3 })
    expect(list.users.map((u) => [u.email, u.locked])).toEqual([
      ['a@zylker.example', false],
      ['c@zylker.example', false],
      ['d@zylker.example', true],
    ])
    expect(list.users[0]?.subscriptionExpiresAt?.getTime()).toBe(later.getTime())
    expect(list).toMatchObject({ mayManage: true, mayApplySubscriptions: true, maySetPool: false })
  })

  it('shows a customer only to staff associated with it (admins: all)', async () => {
    const { priya, vic, acme } = await seedCustomerUsersWorld(prisma())
    expect(await refusal(listCustomerUsers(prisma(), vic, { ...listQuery, customerId: acme }))).toEqual({
      code: 'staff.notAssociated',
      customers: ['Acme'],
    })
    expect((await listCustomerUsers(prisma(), priya, { ...listQuery, customerId: acme })).total).toBe(0)
    expect(await refusal(listCustomerUsers(prisma(), priya, { ...listQuery, customerId: 999 }))).toEqual({
      code: 'record.gone',
      record: 'customer',
    })
  })
})

describe('Quick add', () => {
  it('adds a manual user, trimmed and lower-cased, audited', async () => {
    const { tess, zylker } = await seedCustomerUsersWorld(prisma())
    const outcome = outcomeAs(
      await addCustomerUser(prisma(), tess, {
        customerId: zylker,
        email: ' Li.Wu@Zylker.Example ',
        firstName: ' Li ',
        lastName: 'Wu',
      }),
      'added',
    )
    expect(outcome.user).toMatchObject({
      email: 'li.wu@zylker.example',
      firstName: 'Li',
      source: 'manual',
      locked: false,
    })
    const [row] = await users(prisma())
    expect(row).toMatchObject({ firstNameKey: 'li', lastNameKey: 'wu', customerId: zylker })
    expect(await auditRows(prisma())).toMatchObject([
      {
        actorSlackId: 'U3',
        action: 'customer-user.add',
        targetType: 'customer-user',
        targetName: 'li.wu@zylker.example',
        customers: ['Zylker'],
      },
    ])
  })

  it('puts bad fields and a duplicate email on their fields and writes nothing', async () => {
    const { tess, zylker, priya, acme } = await seedCustomerUsersWorld(prisma())
    await insertUsers(prisma(), zylker, [
      { email: 'li@zylker.example', firstName: 'Li', lastName: 'Wu', archived: true },
    ])
    const bad = await addCustomerUser(prisma(), tess, {
      customerId: zylker,
      email: 'li@',
      firstName: ' ',
      lastName: 'x',
    })
    expect(problemsOf(bad)).toEqual(['email:customerUser.emailInvalid', 'firstName:customerUser.nameMissing'])
    const taken = await addCustomerUser(prisma(), tess, {
      customerId: zylker,
      email: 'LI@zylker.example',
      firstName: 'Li',
      lastName: 'Other',
    })
    expect(problemsOf(taken)).toEqual(['email:customerUser.emailTaken'])
    const problem = outcomeAs(taken, 'invalid').problems[0]?.problem
    expect(problem && problemMessage(problem)).toBe(
      'Zylker already has a user with the email li@zylker.example.',
    )
    expect(await users(prisma())).toHaveLength(1)
    expect(await auditRows(prisma())).toEqual([])
    // the same email at another customer is another person
    outcomeAs(
      await addCustomerUser(prisma(), priya, {
        customerId: acme,
        email: 'li@zylker.example',
        firstName: 'Li',
        lastName: 'Wu',
      }),
      'added',
    )
  })

  it('gives one of several adds of one email at once the user, the others a field error', async () => {
    const { tess, zylker } = await seedCustomerUsersWorld(prisma())
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        addCustomerUser(prisma(), tess, {
          customerId: zylker,
          email: 'li@zylker.example',
          firstName: 'Li',
          lastName: 'Wu',
        }),
      ),
    )
    expect(outcomes.filter((o) => o.status === 'added')).toHaveLength(1)
    expect(outcomes.filter((o) => o.status === 'invalid').map(problemsOf)).toEqual(
      Array(4).fill(['email:customerUser.emailTaken']),
    )
    expect(await users(prisma())).toHaveLength(1)
  })

  it('refuses viewers, staff of other customers, and a customer that is gone', async () => {
    const { vic, tess, zylker, acme } = await seedCustomerUsersWorld(prisma())
    const input = { email: 'li@zylker.example', firstName: 'Li', lastName: 'Wu' }
    expect(await refusal(addCustomerUser(prisma(), vic, { ...input, customerId: zylker }))).toEqual({
      code: 'staff.forbidden',
      capability: 'manageCustomerUsers',
      needed: 'technician',
      actual: 'viewer',
    })
    expect(await refusal(addCustomerUser(prisma(), tess, { ...input, customerId: acme }))).toMatchObject({
      code: 'staff.notAssociated',
    })
    expect(await refusal(addCustomerUser(prisma(), tess, { ...input, customerId: 4242 }))).toMatchObject({
      code: 'record.gone',
      record: 'customer',
    })
    expect(await users(prisma())).toEqual([])
    expect(await auditRows(prisma())).toEqual([])
  })
})

describe('Edit', () => {
  it('changes email and names (keys too), audits before and after; an unchanged save writes nothing', async () => {
    const { tess, zylker } = await seedCustomerUsersWorld(prisma())
    await insertUsers(prisma(), zylker, [{ email: 'li@zylker.example', firstName: 'Li', lastName: 'Wu' }])
    const [li] = await users(prisma())
    const same = outcomeAs(
      await editCustomerUser(prisma(), tess, li?.id ?? 0, {
        email: 'LI@zylker.example ',
        firstName: 'Li',
        lastName: 'Wu',
      }),
      'edited',
    )
    expect(same.changed).toBe(false)
    expect(await auditRows(prisma())).toEqual([])
    const edited = outcomeAs(
      await editCustomerUser(prisma(), tess, li?.id ?? 0, {
        email: 'li.wu@zylker.example',
        firstName: 'Lee',
        lastName: 'WU',
      }),
      'edited',
    )
    expect(edited).toMatchObject({ changed: true, user: { email: 'li.wu@zylker.example', firstName: 'Lee' } })
    expect((await users(prisma()))[0]).toMatchObject({ firstNameKey: 'lee', lastNameKey: 'wu' })
    expect(await auditRows(prisma())).toMatchObject([
      {
        action: 'customer-user.edit',
        targetName: 'li.wu@zylker.example',
        before: { email: 'li@zylker.example', firstName: 'Li', lastName: 'Wu' },
        after: { email: 'li.wu@zylker.example', firstName: 'Lee', lastName: 'WU' },
      },
    ])
  })

  it('refuses a directory user, another user’s email, bad fields; a deleted user is gone', async () => {
    const { tess, zylker } = await seedCustomerUsersWorld(prisma())
    await insertUsers(prisma(), zylker, [
      { email: 'li@zylker.example', firstName: 'Li', lastName: 'Wu' },
      {
        email: 'dir@zylker.example',
        firstName: 'Di',
        lastName: 'Rectory',
        source: 'directory',
        externalId: 'x1',
      },
    ])
    const [li, dir] = await users(prisma())
    const before = await users(prisma())
    const locked = await editCustomerUser(prisma(), tess, dir?.id ?? 0, {
      email: 'dir@zylker.example',
      firstName: 'Changed',
      lastName: 'Here',
    })
    expect(locked).toMatchObject({ status: 'locked', user: { email: 'dir@zylker.example', locked: true } })
    expect(problemMessage({ code: 'customerUser.locked', email: 'dir@zylker.example' })).toBe(
      'dir@zylker.example is managed by the directory — change it there.',
    )
    const taken = await editCustomerUser(prisma(), tess, li?.id ?? 0, {
      email: 'dir@zylker.example',
      firstName: 'Li',
      lastName: 'Wu',
    })
    expect(problemsOf(taken)).toEqual(['email:customerUser.emailTaken'])
    const bad = await editCustomerUser(prisma(), tess, li?.id ?? 0, {
      email: 'x',
      firstName: 'Li',
      lastName: '',
    })
    expect(problemsOf(bad)).toEqual(['email:customerUser.emailInvalid', 'lastName:customerUser.nameMissing'])
    expect(await users(prisma())).toEqual(before)
    expect(await auditRows(prisma())).toEqual([])
    await prisma().customerUser.delete({ where: { id: li?.id ?? 0 } })
    expect(
      await refusal(
        editCustomerUser(prisma(), tess, li?.id ?? 0, { email: 'a@b.co', firstName: 'A', lastName: 'B' }),
      ),
    ).toEqual({ code: 'record.gone', record: 'customer user' })
  })
})

describe('Archive and Restore', () => {
  it('archives chosen users, refusing directory users by name, counting those already archived', async () => {
    const { tess, zylker, acme } = await seedCustomerUsersWorld(prisma())
    await insertUsers(prisma(), zylker, [
      { email: 'a@zylker.example', firstName: 'A', lastName: 'A' },
      { email: 'b@zylker.example', firstName: 'B', lastName: 'B', archived: true },
      { email: 'd@zylker.example', firstName: 'D', lastName: 'D', source: 'directory' },
    ])
    await insertUsers(prisma(), acme, [{ email: 'x@acme.example', firstName: 'X', lastName: 'X' }])
    const [a, b, d, x] = await users(prisma())
    const outcome = await archiveCustomerUsers(prisma(), tess, zylker, {
      ids: [a?.id ?? 0, b?.id ?? 0, d?.id ?? 0, x?.id ?? 0],
    })
    expect(outcome).toEqual({
      customer: { id: zylker, name: 'Zylker' },
      changed: 1,
      locked: { count: 1, emails: ['d@zylker.example'] },
      alreadyDone: 1,
      gone: 1, // Acme's user is not Zylker's
    })
    expect(archiveMessage(outcome, true)).toBe(
      '1 user of Zylker archived. 1 user already archived. Not archived, managed by the directory — change it there: d@zylker.example. 1 user no longer exists.',
    )
    expect((await users(prisma())).map((u) => `${u.email}:${u.archived}`)).toEqual([
      'a@zylker.example:true',
      'b@zylker.example:true',
      'd@zylker.example:false',
      'x@acme.example:false',
    ])
    expect(await auditRows(prisma())).toMatchObject([
      {
        actorSlackId: 'U3',
        action: 'customer-user.archive',
        targetName: 'a@zylker.example',
        customers: ['Zylker'],
        before: { archived: false },
        after: { archived: true },
      },
    ])
  })

  it('archives and restores all listed (the search over every page), in one go', async () => {
    const { mona, zylker } = await seedCustomerUsersWorld(prisma())
    await insertManyUsers(prisma(), zylker, 500)
    await insertUsers(prisma(), zylker, [
      { email: 'dir1@zylker.example', firstName: 'Dir', lastName: 'L1x', source: 'directory' },
    ])
    const archived = await archiveCustomerUsers(prisma(), mona, zylker, { allListed: { search: 'L1' } })
    // L1, L10–L19, L100–L199: 111 users, and the directory user refused
    expect(archived).toMatchObject({ changed: 111, locked: { count: 1, emails: ['dir1@zylker.example'] } })
    expect(await prisma().customerUser.count({ where: { archived: true } })).toBe(111)
    expect(await prisma().auditLog.count({ where: { action: 'customer-user.archive' } })).toBe(111)
    const listed = await listCustomerUsers(prisma(), mona, { ...listQuery, customerId: zylker, search: 'l1' })
    expect(listed.total).toBe(1)

    const restored = await restoreCustomerUsers(prisma(), mona, zylker, { allListed: { search: 'L19' } })
    expect(restored).toMatchObject({ changed: 11, locked: { count: 0 }, alreadyDone: 0 })
    expect(await prisma().customerUser.count({ where: { archived: true } })).toBe(100)
    const again = await restoreCustomerUsers(prisma(), mona, zylker, { allListed: { search: 'L19' } })
    expect(again.changed).toBe(0)
    expect(await prisma().auditLog.count({ where: { action: 'customer-user.restore' } })).toBe(11)
  })

  it('is for technicians and up, on their customers', async () => {
    const { vic, tess, zylker, acme } = await seedCustomerUsersWorld(prisma())
    await insertUsers(prisma(), acme, [{ email: 'x@acme.example', firstName: 'X', lastName: 'X' }])
    expect(await refusal(archiveCustomerUsers(prisma(), vic, zylker, { allListed: {} }))).toMatchObject({
      code: 'staff.forbidden',
      needed: 'technician',
    })
    expect(await refusal(archiveCustomerUsers(prisma(), tess, acme, { allListed: {} }))).toMatchObject({
      code: 'staff.notAssociated',
    })
    expect(await prisma().customerUser.count({ where: { archived: true } })).toBe(0)
  })
})

describe('snapshot', () => {
  it("keeps a directory user's id through export and import, and names a repeated one", async () => {
    const { zylker } = await seedCustomerUsersWorld(prisma())
    await insertUsers(prisma(), zylker, [
      {
        email: 'dir@zylker.example',
        firstName: 'Di',
        lastName: 'R',
        source: 'directory',
        externalId: 'aad-1',
      },
      { email: 'li@zylker.example', firstName: 'Li', lastName: 'Wu' },
    ])
    const exported = await exportSnapshot(prisma())
    expect(exported.customerUsers).toEqual([
      expect.objectContaining({ email: 'dir@zylker.example', source: 'directory', externalId: 'aad-1' }),
      expect.not.objectContaining({ externalId: expect.anything() }),
    ])
    // (the test staff's Slack ids are short: a snapshot wants real-looking ones)
    const copy = {
      ...exported,
      mspUsers: exported.mspUsers.map((u) => ({ ...u, slackUserId: `U0${u.slackUserId}AB` })),
    }
    const imported = await importSnapshot(prisma(), JSON.parse(JSON.stringify(copy)))
    expect(imported.ok ? [] : imported.problems).toEqual([])
    expect((await users(prisma())).map((u) => [u.email, u.externalId, u.firstNameKey])).toEqual([
      ['dir@zylker.example', 'aad-1', 'di'],
      ['li@zylker.example', null, 'li'],
    ])
    expect((await exportSnapshot(prisma())).customerUsers).toEqual(exported.customerUsers)

    const twice = JSON.parse(JSON.stringify(copy))
    twice.customerUsers[1].externalId = 'aad-1'
    const refused = await importSnapshot(prisma(), twice)
    expect(refused.ok).toBe(false)
    if (!refused.ok)
      expect(refused.problems).toContainEqual({
        path: 'customerUsers[1].externalId',
        problem: { code: 'snapshot.alreadyUsed', value: 'aad-1', by: 'customerUsers[0]' },
      })
  })
})
