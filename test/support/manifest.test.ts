import { describe, expect, it } from 'vitest'
import { validateManifest } from './manifest.ts'

const manifest = `
_metadata:
  major_version: 2
display_information:
  name: msp-bot
features:
  bot_user:
    display_name: msp-bot
  slash_commands:
    - command: /msp
      url: https://msp-bot.example/slack/events
      description: MSP admin
oauth_config:
  scopes:
    bot: [commands, chat:write]
settings:
  interactivity:
    is_enabled: true
    request_url: https://msp-bot.example/slack/events
`

describe('validateManifest', () => {
  it('accepts a valid v2 manifest and the same manifest as v1 / without _metadata', () => {
    expect(validateManifest(manifest)).toEqual([])
    expect(validateManifest(manifest.replace('major_version: 2', 'major_version: 1'))).toEqual([])
    expect(validateManifest(manifest.replace(/_metadata:\n {2}major_version: 2\n/, ''))).toEqual([])
  })

  it('reports schema errors of the declared version', () => {
    expect(validateManifest(manifest.replace('  name: msp-bot', '  nmae: msp-bot'))).toEqual([
      "/display_information must have required property 'name'",
      '/display_information must NOT have additional properties (nmae)',
    ])
    expect(
      validateManifest(manifest.replace('url: https://msp-bot.example', 'url: msp-bot.example')),
    ).toEqual(['/features/slash_commands/0/url must match pattern "^https?:\\/\\/"'])
  })

  it('reports YAML syntax errors', () => {
    expect(validateManifest('display_information: [oops')[0]).toMatch(/^YAML: /)
  })
})
