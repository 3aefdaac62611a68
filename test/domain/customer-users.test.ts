import { describe, expect, it } from 'vitest'
import {
  CUSTOMER_USER_NAME_MAX,
  checkCustomerUserFields,
  customerUserEmailSchema,
  customerUserNameKeys,
  freeSubscriptions,
  hasActiveSubscription,
  isLocked,
  planSubscriptions,
  subscriptionExpiry,
  substringPattern,
} from '../../src/domain/customer-users.ts'

describe('customer user fields', () => {
  it('reads an email trimmed and lower-cased, and refuses what is not an address', () => {
    expect(customerUserEmailSchema.parse('  Li.Wu@Zylker.Example ')).toBe('li.wu@zylker.example')
    for (const bad of ['li', 'li@', '@zylker.example', 'li wu@zylker.example', 'li@zylker', ''])
      expect(customerUserEmailSchema.safeParse(bad).success, bad).toBe(false)
    expect(customerUserEmailSchema.safeParse(`${'a'.repeat(250)}@b.co`).success).toBe(false)
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
    expect(checkCustomerUserFields({ email: '', firstName: 'a', lastName: 'b' })).toEqual({
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

  it('runs the term in calendar months', () => {
    expect(subscriptionExpiry(now, 12).toISOString()).toBe('2027-12-03T12:00:00.000Z')
    expect(subscriptionExpiry(new Date('2027-01-31T00:00:00Z'), 1).toISOString()).toBe(
      '2027-02-28T00:00:00.000Z',
    )
  })

  it('applies to all or none', () => {
    expect(freeSubscriptions(10, 3)).toBe(7)
    expect(freeSubscriptions(2, 3)).toBe(0)
    expect(planSubscriptions(3, 3)).toEqual({ apply: true, count: 3 })
    expect(planSubscriptions(5, 3)).toEqual({ apply: false, missing: 2 })
    expect(planSubscriptions(1, 0)).toEqual({ apply: false, missing: 1 })
  })
})
