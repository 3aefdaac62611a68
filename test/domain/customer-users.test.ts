import { addMonths } from 'date-fns'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  CUSTOMER_USER_NAME_MAX,
  checkCustomerUserFields,
  customerUserNameKeys,
  freeSubscriptions,
  hasActiveSubscription,
  isCustomerUserEmail,
  isLocked,
  planSubscriptions,
  subscriptionExpiry,
  substringPattern,
} from '../../src/domain/customer-users.ts'

describe('customer user fields', () => {
  it("checks an email exactly as zod 4's z.email() does, trimmed and lower-cased first", () => {
    const emails = [
      'li@zylker.example',
      'li.wu+tag@mail.zylker.example',
      "o'neil@zylker.co",
      'a_b-c@x-y.io',
      'li',
      'li@',
      '@zylker.example',
      'li wu@zylker.example',
      'li@zylker',
      'li@zylker.c',
      '.li@zylker.example',
      'li.@zylker.example',
      'li..wu@zylker.example',
      'li@-zylker.example',
      'li@zylker..example',
      'li@zylker.example.',
      'ä@zylker.example',
      'li@zylker.123',
      '<li@zylker.example>',
      'li@@zylker.example',
    ]
    const zodEmail = z.email()
    for (const email of emails)
      expect(isCustomerUserEmail(email), email).toBe(zodEmail.safeParse(email).success)
    expect(
      checkCustomerUserFields({ email: '  Li.Wu@Zylker.Example ', firstName: 'Li', lastName: 'Wu' }),
    ).toEqual({
      ok: true,
      user: { email: 'li.wu@zylker.example', firstName: 'Li', lastName: 'Wu' },
    })
    expect(
      checkCustomerUserFields({ email: `${'a'.repeat(250)}@b.co`, firstName: 'a', lastName: 'b' }),
    ).toEqual({
      ok: false,
      issues: [{ field: 'email', issue: 'tooLong' }],
    })
  })

  it('names every bad field once, with why', () => {
    expect(checkCustomerUserFields({ email: ' A@B.CO', firstName: ' Li ', lastName: 'Wu' })).toEqual({
      ok: true,
      user: { email: 'a@b.co', firstName: 'Li', lastName: 'Wu' },
    })
    expect(
      checkCustomerUserFields({
        email: 'nope',
        firstName: '  ',
        lastName: 'x'.repeat(CUSTOMER_USER_NAME_MAX + 1),
      }),
    ).toEqual({
      ok: false,
      issues: [
        { field: 'email', issue: 'invalid' },
        { field: 'firstName', issue: 'missing' },
        { field: 'lastName', issue: 'tooLong' },
      ],
    })
    expect(
      checkCustomerUserFields({ email: ' ', firstName: 'a', lastName: 'x'.repeat(CUSTOMER_USER_NAME_MAX) }),
    ).toEqual({
      ok: false,
      issues: [{ field: 'email', issue: 'missing' }],
    })
  })

  it('keys the names lower-cased for sorting and searching', () => {
    expect(customerUserNameKeys({ firstName: 'Élodie', lastName: 'McDonald' })).toEqual({
      firstNameKey: 'élodie',
      lastNameKey: 'mcdonald',
    })
  })

  it('locks directory users only', () => {
    expect(isLocked({ source: 'directory' })).toBe(true)
    expect(isLocked({ source: 'csv' })).toBe(false)
    expect(isLocked({ source: 'manual' })).toBe(false)
  })

  it('makes a search a LIKE pattern where % _ and \\ match only themselves', () => {
    expect(substringPattern(undefined)).toBeNull()
    expect(substringPattern('   ')).toBeNull()
    expect(substringPattern(' Wu ')).toBe('%wu%')
    expect(substringPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%')
  })
})

describe('subscriptions', () => {
  const now = new Date('2026-12-03T12:00:00Z')

  it('counts a subscription until it expires', () => {
    expect(hasActiveSubscription(null, now)).toBe(false)
    expect(hasActiveSubscription(new Date('2026-12-03T12:00:01Z'), now)).toBe(true)
    expect(hasActiveSubscription(now, now)).toBe(false)
  })

  it('runs the term in calendar months (UTC), as date-fns addMonths does in UTC', () => {
    expect(subscriptionExpiry(now, 12).toISOString()).toBe('2027-12-03T12:00:00.000Z')
    expect(subscriptionExpiry(new Date('2027-01-31T23:59:59.123Z'), 1).toISOString()).toBe(
      '2027-02-28T23:59:59.123Z',
    )
    expect(subscriptionExpiry(new Date('2028-02-29T08:00:00Z'), 12).toISOString()).toBe(
      '2029-02-28T08:00:00.000Z',
    )
    expect(subscriptionExpiry(new Date('2026-12-31T00:00:00Z'), 2).toISOString()).toBe(
      '2027-02-28T00:00:00.000Z',
    )
    if (new Date().getTimezoneOffset() === 0)
      for (const at of ['2026-01-31T10:00:00Z', '2026-03-31T00:00:00Z', '2026-05-15T13:14:15Z'])
        for (const months of [1, 3, 12, 25])
          expect(subscriptionExpiry(new Date(at), months)).toEqual(addMonths(new Date(at), months))
  })

  it('applies to all or none', () => {
    expect(freeSubscriptions(10, 3)).toBe(7)
    expect(freeSubscriptions(2, 3)).toBe(0)
    expect(planSubscriptions(3, 3)).toEqual({ apply: true, count: 3 })
    expect(planSubscriptions(5, 3)).toEqual({ apply: false, missing: 2 })
    expect(planSubscriptions(1, 0)).toEqual({ apply: false, missing: 1 })
  })
})
