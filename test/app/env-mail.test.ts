// SMTP_URL, MAIL_FROM and PUBLIC_URL (DESIGN.md's env table): mail over SMTP only with both set, a bad
// value refused with one line naming it, the public URL defaulting to this port.
import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from '../../src/app/env.ts'
import { secretsOf } from '../../src/app/observability.ts'

describe('mail and public URL settings', () => {
  it('keeps mail in the outbox without SMTP_URL, and links to localhost on the port', () => {
    const env = parseEnv({ PORT: '4100' })
    expect(env.mail).toBeNull()
    expect(env.publicUrl).toBe('http://localhost:4100')
  })

  it('sends over SMTP with SMTP_URL and MAIL_FROM; PUBLIC_URL loses its trailing slash', () => {
    const env = parseEnv({
      SMTP_URL: 'smtps://bot:secret@mail.msp.example:465',
      MAIL_FROM: 'MSP Support <support@msp.example>',
      PUBLIC_URL: 'https://bot.msp.example/',
    })
    expect(env.mail).toEqual({
      smtpUrl: 'smtps://bot:secret@mail.msp.example:465',
      from: 'MSP Support <support@msp.example>',
    })
    expect(env.publicUrl).toBe('https://bot.msp.example')
  })

  it.each([
    [{ SMTP_URL: 'smtp://mail.msp.example' }, 'MAIL_FROM is required when SMTP_URL is set'],
    [{ SMTP_URL: 'http://mail.msp.example', MAIL_FROM: 'a@b.example' }, 'SMTP_URL must be an SMTP URL'],
    [{ SMTP_URL: 'smtp://mail.msp.example', MAIL_FROM: 'support' }, 'MAIL_FROM must be an address'],
    [{ PUBLIC_URL: 'bot.msp.example' }, 'PUBLIC_URL must be an http(s) URL'],
    [{ PUBLIC_URL: 'ftp://bot.msp.example' }, 'PUBLIC_URL must be an http(s) URL'],
  ])('refuses %o with one line', (source, message) => {
    expect(() => parseEnv(source)).toThrow(EnvError)
    expect(() => parseEnv(source)).toThrow(message)
  })

  it('never puts the SMTP password in the error line', () => {
    let line = ''
    try {
      parseEnv({ SMTP_URL: 'smtp://bot:hunter2@mail.msp.example' })
    } catch (error) {
      line = (error as Error).message
    }
    expect(line).toBe('MAIL_FROM is required when SMTP_URL is set')
  })
})

describe('the log', () => {
  it('counts the SMTP password among the secrets it never writes', () => {
    const env = parseEnv({
      SMTP_URL: 'smtp://bot:p%40ss-w0rd@mail.msp.example',
      MAIL_FROM: 'support@msp.example',
    })
    expect(secretsOf(env)).toContain('p@ss-w0rd')
  })
})
