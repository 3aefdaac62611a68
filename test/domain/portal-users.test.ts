// The portal user rules: which action applies in which status, roles, emails, the portal's addresses.
import { describe, expect, it } from 'vitest'
import {
  actionApplies,
  actionsFor,
  cnameTarget,
  DEFAULT_PORTAL_ROLE,
  isPortalRole,
  isValidEmail,
  normalizeEmail,
  PORTAL_ROLES,
  PORTAL_USER_ACTIONS,
  PORTAL_USER_STATUSES,
  portalLoginUrl,
  portalRoleLabel,
  portalUserClash,
  statusAfter,
} from '../../src/domain/portal-users.ts'

describe('portal user actions', () => {
  it('offers exactly the actions that apply to each status, in button order', () => {
    expect(actionsFor('enabled')).toEqual(['disable', 'delete'])
    expect(actionsFor('disabled')).toEqual(['enable', 'delete'])
    expect(actionsFor('unconfirmed')).toEqual(['reinvite', 'delete'])
  })

  it('applies an action only where it is offered', () => {
    const applies = PORTAL_USER_STATUSES.flatMap((s) =>
      PORTAL_USER_ACTIONS.filter((a) => actionApplies(a, s)).map((a) => `${s}:${a}`),
    )
    expect(applies.sort()).toEqual(
      [
        'enabled:disable',
        'enabled:delete',
        'disabled:enable',
        'disabled:delete',
        'unconfirmed:reinvite',
        'unconfirmed:delete',
      ].sort(),
    )
  })

  it('names the status each action leaves (none after delete)', () => {
    expect(statusAfter('enable')).toBe('enabled')
    expect(statusAfter('disable')).toBe('disabled')
    expect(statusAfter('reinvite')).toBe('unconfirmed')
    expect(statusAfter('delete')).toBeNull()
  })
})

describe('portal roles', () => {
  it('are the seven Site24x7 end-customer roles, operator ("MSP Customer") by default', () => {
    expect(PORTAL_ROLES.map((r) => r.id)).toEqual([
      'client_portal',
      'admin',
      'operator',
      'read_only',
      'spokesperson',
      'hosting_provider',
      'alert_contact',
    ])
    expect(new Set(PORTAL_ROLES.map((r) => r.label)).size).toBe(7)
    expect(DEFAULT_PORTAL_ROLE).toBe('operator')
    expect(portalRoleLabel('operator')).toBe('Operator (MSP Customer)')
  })

  it('knows its roles and no others', () => {
    expect(isPortalRole('read_only')).toBe(true)
    expect(isPortalRole('Operator')).toBe(false)
    expect(isPortalRole('superadmin')).toBe(false)
    expect(portalRoleLabel('superadmin')).toBe('superadmin')
  })
})

describe('emails', () => {
  it('are trimmed and lower-cased', () => {
    expect(normalizeEmail('  Dana@Zylker.Example ')).toBe('dana@zylker.example')
  })

  it.each(['dana@zylker.example', 'dana.li+portal@mail.zylker.co.uk', 'o_connor@x-y.example'])(
    'accepts %s',
    (email) => {
      expect(isValidEmail(email)).toBe(true)
    },
  )

  it.each([
    '',
    'dana',
    'dana@',
    '@zylker.example',
    'dana@zylker',
    'dana@@zylker.example',
    'da na@zylker.example',
    'dana@zylker..example',
    '.dana@zylker.example',
    'da..na@zylker.example',
    '<dana@zylker.example>',
    'dana@zylker.example,eve@evil.example',
    'dana@-zylker.example',
    'dana@zylker.e1',
    `${'a'.repeat(65)}@zylker.example`,
  ])('refuses %j', (email) => {
    expect(isValidEmail(email)).toBe(false)
  })
})

describe('one portal admin and one user per email', () => {
  const existing = [
    { name: 'Dana', email: 'dana@zylker.example', isAdmin: true },
    { name: 'Eli', email: 'eli@zylker.example', isAdmin: false },
  ]

  it('finds a taken email whatever its case', () => {
    expect(portalUserClash(existing, { email: 'ELI@zylker.example', isAdmin: false })).toEqual({
      emailTaken: true,
      adminTakenBy: null,
    })
  })

  it('refuses a second portal admin, naming the first', () => {
    expect(portalUserClash(existing, { email: 'fay@zylker.example', isAdmin: true })).toEqual({
      emailTaken: false,
      adminTakenBy: 'Dana',
    })
    expect(
      portalUserClash(existing.slice(1), { email: 'fay@zylker.example', isAdmin: true }).adminTakenBy,
    ).toBe(null)
  })
})

describe('the rebranded portal', () => {
  it('is reached at the custom login URL of its domain', () => {
    expect(portalLoginUrl('status.zylker.example')).toBe(
      'https://status.zylker.example/app/login/customer_login_portal',
    )
    expect(portalLoginUrl(null)).toBeNull()
  })

  it('needs a CNAME to the data center’s customer portal host', () => {
    expect(cnameTarget('us')).toBe('customer-sp.site24x7.com')
    expect(cnameTarget('eu')).toBe('customer-sp.site24x7.eu')
  })
})
