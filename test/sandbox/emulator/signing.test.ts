// The emulator signs as Slack documents it: its signature of Slack's own example request is Slack's.
import { describe, expect, it } from 'vitest'
import {
  derivedSlackId,
  sandboxCredentials,
  signSlackRequest,
} from '../../../src/sandbox/emulator/sandbox-slack.ts'
import { readSpecJson } from '../../../src/sandbox/emulator/spec/spec-files.ts'

const vector = readSpecJson('signing-test-vector.json') as {
  signing_secret: string
  timestamp: number
  body: string
  expected_signature: string
}

describe('signing', () => {
  it("reproduces Slack's documented v0 signature", () => {
    expect(signSlackRequest(vector.signing_secret, vector.body, vector.timestamp)).toBe(
      vector.expected_signature,
    )
    expect(signSlackRequest(`${vector.signing_secret}x`, vector.body, vector.timestamp)).not.toBe(
      vector.expected_signature,
    )
  })

  it('gives each run its own secret and a bot token Slack would accept the shape of', () => {
    const [a, b] = [sandboxCredentials(), sandboxCredentials()]
    expect(a.signingSecret).not.toBe(b.signingSecret)
    expect(a.botToken).toMatch(/^xoxb-/)
    expect(a.botToken).not.toBe(b.botToken)
  })

  it('derives a stable Slack id from an email, whatever its case', () => {
    expect(derivedSlackId('Sam@MSP.example')).toBe(derivedSlackId('sam@msp.example'))
    expect(derivedSlackId('sam@msp.example')).not.toBe(derivedSlackId('lee@msp.example'))
    expect(derivedSlackId('sam@msp.example')).toMatch(/^U[0-9A-Z]+$/)
  })
})
