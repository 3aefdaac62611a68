// The bot token goes with a download only to Slack.
import { describe, expect, it } from 'vitest'
import { mayCarryToken } from '../../../src/slack/imports/fetch-file.ts'

describe('mayCarryToken', () => {
  const api = 'https://slack.com/api/'
  it('allows Slack’s file hosts over https and the configured API host', () => {
    expect(mayCarryToken('https://files.slack.com/files-pri/T1-F1/download/a.csv', api)).toBe(true)
    expect(mayCarryToken('https://slack.com/files/x', api)).toBe(true)
    expect(mayCarryToken('http://127.0.0.1:4000/files/F1', 'http://127.0.0.1:4000/api/')).toBe(true)
  })
  it('refuses anything else: other hosts, look-alikes, plain http, another port, garbage', () => {
    expect(mayCarryToken('https://evil.example/files/F1', api)).toBe(false)
    expect(mayCarryToken('https://files.slack.com.evil.example/x', api)).toBe(false)
    expect(mayCarryToken('https://evilslack.com/x', api)).toBe(false)
    expect(mayCarryToken('http://files.slack.com/x', api)).toBe(false)
    expect(mayCarryToken('http://127.0.0.1:5000/files/F1', 'http://127.0.0.1:4000/api/')).toBe(false)
    expect(mayCarryToken('not a url', api)).toBe(false)
  })
})
