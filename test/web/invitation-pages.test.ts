// The invitation page's documents on their own: escaping, the login link, the states' status codes.
import { describe, expect, it } from 'vitest'
import {
  alreadyUsedPage,
  CONTENT_SECURITY_POLICY,
  confirmPage,
  donePage,
  errorPage,
  escapeHtml,
  expiredPage,
  notFoundPage,
  refusedPage,
  revokedPage,
} from '../../src/web/invitations/pages.ts'

describe('invitation pages', () => {
  it('escape every name, in text and in attributes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe(
      '&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;',
    )
    const page = confirmPage({
      token: 'tok-0123456789abcdef',
      csrf: 'c"sr<f',
      userName: '"><script>alert(1)</script>',
      customerName: "O'Brien & <Sons>",
    })
    expect(page.html).not.toContain('<script>')
    expect(page.html).toContain('value="c&#34;sr&#60;f"')
    expect(page.html).toContain('<strong>O&#39;Brien &#38; &#60;Sons&#62;</strong>')
    expect(page.html).toContain('<title>Confirm your O&#39;Brien &#38; &#60;Sons&#62; portal account</title>')
  })

  it('link only an http(s) login URL; any other stays text', () => {
    const https = donePage({ loginUrl: 'https://status.zylker.example/app/login/customer_login_portal' })
    expect(https.html).toContain('<a href="https://status.zylker.example/app/login/customer_login_portal"')
    const script = donePage({ loginUrl: 'javascript:alert(1)' })
    expect(script.html).not.toContain('<a ')
    expect(script.html).toContain('javascript:alert(1)')
    expect(donePage({ loginUrl: null }).html).toContain('Your MSP will tell you where to sign in')
    expect(alreadyUsedPage('data:text/html,x').html).not.toContain('<a ')
  })

  it('answer each state with its status and one h1; the CSP allows nothing but the inline style', () => {
    const pages = [
      [confirmPage({ token: 't', csrf: 'c', userName: 'Dana', customerName: 'Zylker' }), 200],
      [donePage({}), 200],
      [alreadyUsedPage(), 410],
      [revokedPage(), 410],
      [expiredPage(), 410],
      [notFoundPage(), 404],
      [refusedPage('t'), 403],
      [errorPage(), 500],
    ] as const
    for (const [page, status] of pages) {
      expect(page.status, page.title).toBe(status)
      expect(page.html.match(/<h1>/g), page.title).toHaveLength(1)
      expect(page.html).toContain('<html lang="en">')
      expect(page.html).not.toMatch(/<script|<img|<link|<iframe/)
    }
    expect(CONTENT_SECURITY_POLICY).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/,
    )
  })
})
