#!/usr/bin/env node
// The Slack CLI's `get-manifest` hook (slack.json): prints manifest.yml — the one manifest of the app — as
// the JSON the CLI expects, for the development app `slack run` installs: Socket Mode on, so the request
// URLs (which name the production host) are left out, as in Slack's Bolt templates. Speaks the CLI's
// message-boundaries protocol when asked (@slack/cli-hooks' own get-manifest reads only manifest.json).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { getProtocol } from '@slack/cli-hooks/src/protocols.js'
import { parse } from 'yaml'

const MANIFEST = fileURLToPath(new URL('../manifest.yml', import.meta.url))

/** manifest.yml as the development app's manifest: Socket Mode, no request URLs. */
export function socketModeManifest(text = readFileSync(MANIFEST, 'utf8')) {
  const manifest = parse(text)
  const settings = { ...manifest.settings, socket_mode_enabled: true }
  if (settings.event_subscriptions) {
    const { request_url: _url, ...events } = settings.event_subscriptions
    settings.event_subscriptions = events
  }
  if (settings.interactivity) {
    const { request_url: _url, message_menu_options_url: _options, ...interactivity } = settings.interactivity
    settings.interactivity = interactivity
  }
  const features = { ...manifest.features }
  if (features.slash_commands)
    features.slash_commands = features.slash_commands.map(({ url: _url, ...command }) => command)
  return { ...manifest, features, settings }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const protocol = getProtocol(process.argv.slice(1))
  protocol.respond(JSON.stringify(socketModeManifest()))
}
