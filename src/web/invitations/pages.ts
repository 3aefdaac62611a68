// The invitation page's HTML: one small, self-contained document per state (no script, no external asset,
// the style inline and allowed by its hash in the Content-Security-Policy). Every name is HTML-escaped.
import { createHash } from 'node:crypto'

export interface Page {
  status: number
  title: string
  html: string
}

const STYLE = [
  'body{font:1rem/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d1d1f}',
  'main{max-width:34rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:8px;',
  'box-shadow:0 1px 3px rgba(0,0,0,.15)}',
  'h1{font-size:1.5rem;margin-top:0}',
  'button{font:inherit;font-weight:600;padding:.6rem 1.6rem;border:0;border-radius:6px;',
  'background:#0b5cad;color:#fff;cursor:pointer}',
  'button:focus-visible,a:focus-visible{outline:3px solid #f5a623;outline-offset:2px}',
  'a{color:#0b5cad}',
].join('')

/** The page's Content-Security-Policy: nothing but this inline style; forms post only to this origin. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ')

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** HTML-escaped interpolations: html`<p>${name}</p>`; `raw(...)` parts are inserted as they are. */
class Raw {
  constructor(readonly html: string) {}
}
const raw = (html: string) => new Raw(html)
function html(strings: TemplateStringsArray, ...values: (string | Raw)[]): Raw {
  let out = strings[0] ?? ''
  values.forEach((value, i) => {
    out += (value instanceof Raw ? value.html : escapeHtml(value)) + (strings[i + 1] ?? '')
  })
  return raw(out)
}

function document(status: number, title: string, body: Raw): Page {
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`
  return { status, title, html: page.html }
}

/** A link to the portal's sign-in page, opened without a referrer; anything but http(s) stays text. */
function loginLink(loginUrl: string): Raw {
  if (!/^https?:\/\//i.test(loginUrl)) return html`${loginUrl}`
  return html`<a href="${loginUrl}" rel="noreferrer">${loginUrl}</a>`
}

/**
 * The confirm state: names the person and the customer; one Confirm button in a form that posts back to
 * this page's own URL (`action` is the token, relative to /portal/invitations/, so a path prefix in front
 * of the app still works).
 */
export function confirmPage(input: {
  token: string
  csrf: string
  userName: string
  customerName: string
}): Page {
  return document(
    200,
    `Confirm your ${input.customerName} portal account`,
    html`<h1>Confirm your portal account</h1>
<p>Hello ${input.userName}, you have been invited to the customer portal of <strong>${input.customerName}</strong>.</p>
<p>Confirm to activate your account. You can then sign in to the portal.</p>
<form method="post" action="${input.token}">
<input type="hidden" name="csrf" value="${input.csrf}">
<button type="submit">Confirm</button>
</form>`,
  )
}

export function donePage(input: {
  userName?: string
  customerName?: string
  loginUrl?: string | null
}): Page {
  const thanks = input.userName ? html`Thank you, ${input.userName}. ` : raw('')
  const portal = input.customerName ? html`the ${input.customerName} portal` : raw('the portal')
  const where = input.loginUrl
    ? html`<p>Sign in to ${portal} at ${loginLink(input.loginUrl)}.</p>`
    : html`<p>Your MSP will tell you where to sign in to ${portal}.</p>`
  return document(
    200,
    'Portal account confirmed',
    html`<h1>Your portal account is confirmed</h1>
<p>${thanks}Your invitation has been accepted.</p>
${where}`,
  )
}

export function alreadyUsedPage(loginUrl?: string | null): Page {
  const signIn = loginUrl
    ? html`<p>If you confirmed it, sign in to the portal at ${loginLink(loginUrl)}.</p>`
    : raw('')
  return document(
    410,
    'Invitation already used',
    html`<h1>This invitation has already been used</h1>
<p>The portal account it was sent for is already confirmed. An invitation link works only once.</p>
${signIn}
<p>If that was not you, contact your MSP.</p>`,
  )
}

export function revokedPage(): Page {
  return document(
    410,
    'Invitation no longer valid',
    html`<h1>This invitation is no longer valid</h1>
<p>It was replaced by a newer invitation, or withdrawn. Use the link in your most recent invitation email, or ask your MSP to invite you again.</p>`,
  )
}

export function expiredPage(): Page {
  return document(
    410,
    'Invitation expired',
    html`<h1>This invitation has expired</h1>
<p>Invitation links are valid for a limited time. Ask your MSP to send you a new invitation.</p>`,
  )
}

export function notFoundPage(): Page {
  return document(
    404,
    'Invitation not found',
    html`<h1>Invitation not found</h1>
<p>This link does not match any invitation. Check that you opened the whole link from your invitation email.</p>`,
  )
}

/** A POST without this page's form token or from another site: nothing was changed. */
export function refusedPage(token: string): Page {
  return document(
    403,
    'Confirmation refused',
    html`<h1>Confirmation refused</h1>
<p>This confirmation did not come from the invitation page, or the page was too old. Nothing was changed.</p>
<p><a href="${token}">Open the invitation again</a> and press Confirm.</p>`,
  )
}

export function badRequestPage(status: 400 | 405 | 413 | 415, token: string): Page {
  return document(
    status,
    'Request not accepted',
    html`<h1>Request not accepted</h1>
<p>Nothing was changed. <a href="${token}">Open the invitation again</a> and press Confirm.</p>`,
  )
}

export function errorPage(): Page {
  return document(
    500,
    'Something went wrong',
    html`<h1>Something went wrong</h1>
<p>Your invitation could not be handled just now. Please try again in a few minutes.</p>`,
  )
}
