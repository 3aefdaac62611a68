// manifest.yml is valid by Slack's schema and agrees with the code: every command, event, interaction and
// shortcut the app registers is declared (and nothing else), and the bot scopes are exactly those the Web
// API methods the code calls need.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { App } from '@slack/bolt'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { Services } from '../../src/services/index.ts'
import { EVENTS_PATH } from '../../src/slack/app.ts'
import { MSP_COMMAND } from '../../src/slack/listeners/commands/msp.ts'
import { registerListeners } from '../../src/slack/listeners/index.ts'
import { validateManifest } from '../support/manifest.ts'
import { readSpecJson } from '../support/slack-spec/spec-files.ts'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const manifestText = readFileSync(join(root, 'manifest.yml'), 'utf8')

interface Manifest {
  features?: {
    app_home?: { home_tab_enabled?: boolean }
    slash_commands?: Array<{ command: string; url?: string; should_escape?: boolean }>
    shortcuts?: Array<{ callback_id: string; type: string }>
  }
  oauth_config?: { scopes?: { bot?: string[] } }
  settings?: {
    event_subscriptions?: { request_url?: string; bot_events?: string[] }
    interactivity?: { is_enabled?: boolean; request_url?: string; message_menu_options_url?: string }
    socket_mode_enabled?: boolean
  }
}
const manifest = parse(manifestText) as Manifest

/** What registerListeners registers, by Bolt method: the constraint (first argument) of each call. */
type Registrations = Map<string, unknown[]>

/** Runs the app's real registerListeners against a recorder standing in for Bolt's App. */
function registrations(): Registrations {
  const found: Registrations = new Map()
  const recorder = new Proxy(
    {},
    {
      get: (_target, method) => {
        if (typeof method !== 'string' || method === 'then') return undefined
        return (...args: unknown[]) => {
          found.set(method, [...(found.get(method) ?? []), args[0]])
        }
      },
    },
  ) as unknown as App
  registerListeners(recorder, { services: {} as Services, notifyChannel: 'C0NOTIFY' })
  return found
}

/** A constraint's id: a string as is, an object's callback_id/action_id/type, a RegExp as its source. */
function idOf(constraint: unknown): string {
  if (typeof constraint === 'string') return constraint
  if (constraint instanceof RegExp) return `/${constraint.source}/`
  const c = constraint as { callback_id?: unknown; action_id?: unknown; type?: unknown }
  return String(c.callback_id ?? c.action_id ?? c.type)
}

const idsOf = (found: Registrations, method: string) => (found.get(method) ?? []).map(idOf).sort()
const sorted = (values: readonly string[] | undefined) => [...(values ?? [])].sort()

/** Every `.ts` file under src/ (generated code excluded). */
function sourceFiles(): string[] {
  const dir = join(root, 'src')
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.startsWith('generated'))
    .map((f) => join(dir, f))
}

/** Web API methods the code calls as `client.<family>.<method>(`, e.g. chat.postMessage. */
function webApiMethodsUsed(): string[] {
  const methods = new Set<string>()
  for (const file of sourceFiles()) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bclient\s*\.\s*(\w+)\s*\.\s*(\w+)\s*\(/g))
      methods.add(`${m[1]}.${m[2]}`)
  }
  return [...methods].sort()
}

/** The scope Slack's Web API spec names for a method ("Requires scope: `chat:write`"); none → []. */
function scopesOf(method: string): string[] {
  const spec = readSpecJson('web-api/openapi-v2.json') as {
    paths: Record<string, Record<string, { parameters?: Array<{ name: string; description?: string }> }>>
  }
  const operation = Object.values(spec.paths[`/${method}`] ?? {})[0]
  if (operation === undefined) throw new Error(`${method} is not in Slack's Web API spec`)
  const token = operation.parameters?.find((p) => p.name === 'token')
  const scope = /Requires scope: `([^`]+)`/.exec(token?.description ?? '')?.[1]
  if (scope === undefined) throw new Error(`the spec names no scope for ${method}`)
  return scope === 'none' ? [] : [scope]
}

/** Scopes the events the app subscribes to need; extend when the app listens to more. */
const EVENT_SCOPES: Record<string, string[]> = {
  app_home_opened: [],
}

describe('manifest.yml', () => {
  it('is valid by Slack’s app manifest schema', () => {
    expect(validateManifest(manifestText)).toEqual([])
  })

  it('sends commands, events and interactions to the path the app serves', () => {
    const urls = [
      ...(manifest.features?.slash_commands ?? []).map((c) => c.url),
      manifest.settings?.event_subscriptions?.request_url,
      manifest.settings?.interactivity?.request_url,
      manifest.settings?.interactivity?.message_menu_options_url,
    ]
    for (const url of urls) {
      expect(url).toBeDefined()
      expect(new URL(String(url)).pathname).toBe(EVENTS_PATH)
    }
  })
})

describe('manifest.yml ↔ code', () => {
  const found = registrations()

  it('registers only listener kinds this test knows how to check', () => {
    const known = ['command', 'event', 'action', 'view', 'options', 'shortcut']
    expect([...found.keys()].filter((method) => !known.includes(method))).toEqual([])
  })

  it('declares exactly the slash commands the app registers', () => {
    const registered = idsOf(found, 'command')
    expect(registered).toContain(MSP_COMMAND)
    expect(sorted((manifest.features?.slash_commands ?? []).map((c) => c.command))).toEqual(registered)
  })

  it('escapes /msp arguments, since `/msp user @someone` expects Slack’s `<@U…|name>`', () => {
    const msp = manifest.features?.slash_commands?.find((c) => c.command === MSP_COMMAND)
    expect(msp?.should_escape).toBe(true)
  })

  it('subscribes to exactly the bot events the app listens to', () => {
    const registered = idsOf(found, 'event')
    expect(registered).toContain('app_home_opened')
    expect(sorted(manifest.settings?.event_subscriptions?.bot_events)).toEqual(registered)
    for (const event of registered) expect(EVENT_SCOPES[event], `scopes of event ${event}`).toBeDefined()
  })

  it('enables the Home tab, which app_home_opened and views.publish are for', () => {
    expect(idsOf(found, 'event')).toContain('app_home_opened')
    expect(webApiMethodsUsed()).toContain('views.publish')
    expect(manifest.features?.app_home?.home_tab_enabled).toBe(true)
  })

  it('enables interactivity for the actions and views, and an options URL for the external selects', () => {
    expect(idsOf(found, 'action').length).toBeGreaterThan(0)
    expect(idsOf(found, 'view').length).toBeGreaterThan(0)
    expect(idsOf(found, 'options').length).toBeGreaterThan(0)
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true)
    expect(manifest.settings?.interactivity?.request_url).toBeDefined()
    expect(manifest.settings?.interactivity?.message_menu_options_url).toBeDefined()
  })

  it('declares exactly the shortcuts the app registers (none today)', () => {
    expect(sorted((manifest.features?.shortcuts ?? []).map((s) => s.callback_id))).toEqual(
      idsOf(found, 'shortcut'),
    )
  })

  it('finds the Web API calls of the code', () => {
    const used = webApiMethodsUsed()
    for (const method of [
      'chat.postMessage',
      'chat.postEphemeral',
      'users.info',
      'views.open',
      'views.publish',
    ])
      expect(used).toContain(method)
  })

  it('declares exactly the bot scopes the code needs, by Slack’s spec of each method it calls', () => {
    const needed = new Set<string>()
    const why = new Map<string, string[]>()
    const need = (scope: string, reason: string) => {
      needed.add(scope)
      why.set(scope, [...(why.get(scope) ?? []), reason])
    }
    for (const method of webApiMethodsUsed()) for (const scope of scopesOf(method)) need(scope, method)
    if ((manifest.features?.slash_commands ?? []).length > 0) need('commands', 'slash commands')
    for (const event of idsOf(found, 'event'))
      for (const scope of EVENT_SCOPES[event] ?? []) need(scope, `event ${event}`)
    // Mapping a Slack user by their profile email needs users:read.email besides users:read.
    const readsEmail = sourceFiles().some((f) => /\bprofile\??\.email\b/.test(readFileSync(f, 'utf8')))
    if (readsEmail) need('users:read.email', 'profile email')
    // files.uploadV2 (the WebClient's helper) calls files.getUploadURLExternal and files.completeUploadExternal,
    // which the 2020 spec lacks; both need files:write.
    const uploads = sourceFiles().some((f) => /\bfilesUploadV2\s*\(/.test(readFileSync(f, 'utf8')))
    if (uploads) need('files:write', 'files.uploadV2')

    const declared = sorted(manifest.oauth_config?.scopes?.bot)
    const missing = [...needed].filter((s) => !declared.includes(s)).map((s) => `${s} (${why.get(s)})`)
    const unused = declared.filter((s) => !needed.has(s))
    expect({ missing, unused }).toEqual({ missing: [], unused: [] })
    expect(declared).toEqual([
      'chat:write',
      'commands',
      'files:read',
      'files:write',
      'users:read',
      'users:read.email',
    ])
  })
})
