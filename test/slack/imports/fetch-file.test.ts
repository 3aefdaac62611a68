// An upload fetched from Slack: the bot token goes only to Slack; the size is capped.
import { WebClient } from '@slack/web-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchSlackFile, mayCarryToken } from '../../../src/slack/imports/fetch-file.ts'
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.ts'
import { BOT_TOKEN } from '../../support/slack-app.ts'

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

describe('fetchSlackFile against the fake Slack', () => {
  let fake: FakeSlack | undefined
  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: BOT_TOKEN })
  })
  afterAll(async () => {
    await fake?.close()
  })
  const slack = () => {
    if (!fake) throw new Error('not started')
    return fake
  }
  const client = () => new WebClient(BOT_TOKEN, { slackApiUrl: slack().apiUrl, retryConfig: { retries: 0 } })

  it('gives the bytes, downloaded with the bot token', async () => {
    slack().addFile({ id: 'F0OK', name: 'people.csv', content: 'Email\n', mimetype: 'text/csv' })
    const got = await fetchSlackFile(client(), 'F0OK', 1000)
    expect(got.ok && Buffer.from(got.bytes).toString()).toBe('Email\n')
    expect(got.name).toBe('people.csv')
    expect(slack().downloads.at(-1)).toMatchObject({ fileId: 'F0OK', status: 200 })
  })

  it('refuses a file over the cap without downloading it, and names Slack’s errors', async () => {
    slack().addFile({ id: 'F0BIG', name: 'big.csv', content: 'x'.repeat(2000), mimetype: 'text/csv' })
    const before = slack().downloads.length
    expect(await fetchSlackFile(client(), 'F0BIG', 1000)).toEqual({
      ok: false,
      name: 'big.csv',
      problem: { code: 'tooLarge', maxBytes: 1000 },
    })
    expect(slack().downloads.length).toBe(before)
    expect(await fetchSlackFile(client(), 'F0NONE', 1000)).toEqual({
      ok: false,
      name: null,
      problem: { code: 'slack', error: 'file_not_found' },
    })
    expect(slack().violations).toEqual([])
  })
})
