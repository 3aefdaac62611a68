// `slack run` (the Slack CLI is not installed here): the hooks of slack.json run as the CLI runs them.
// get-hooks (@slack/cli-hooks) answers the CLI's contract, slack.json overrides get-manifest and start;
// get-manifest prints manifest.yml — the one manifest — as the Socket Mode development app's JSON, valid by
// Slack's schema; start (`npm start`) given only what the CLI gives (SLACK_APP_TOKEN, SLACK_BOT_TOKEN, no
// signing secret) starts the app (`npm start`'s command) in Socket Mode: it connects and answers a command,
// and stops on SIGINT.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ROOT, start } from '../cli/child.ts'
import { type SocketModeServer, startSocketModeServer } from '../slack/socket-mode-server.ts'
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts'
import { validateManifest } from '../support/manifest.ts'
import { TEST_APP_ID, TEST_BOT_TOKEN } from '../support/slack-ids.ts'
import { newTriggerId, slashCommandBody } from '../support/slack-request.ts'

interface HooksFile {
  hooks: Record<string, string>
  config?: { watch?: { app?: { paths?: string[] }; manifest?: { paths?: string[] } } }
}

const slackJson = JSON.parse(readFileSync(join(ROOT, 'slack.json'), 'utf8')) as HooksFile
/** A hook's command run as the CLI runs it: through the shell, in the project folder. */
const runHook = (name: string, args = '') =>
  execFileSync('sh', ['-c', `${slackJson.hooks[name]} ${args}`], { cwd: ROOT, encoding: 'utf8' })

const APP_TOKEN = 'xapp-1-A0MSPBOT-1-slack-run-test'

describe('slack.json', () => {
  it('get-hooks answers the CLI contract; slack.json overrides get-manifest and start', () => {
    const sdk = JSON.parse(runHook('get-hooks')) as HooksFile & {
      runtime: string
      config: Record<string, unknown>
    }
    expect(sdk.runtime).toBe('node')
    expect(sdk.config['protocol-version']).toContain('message-boundaries')
    // the app, not the CLI, holds the Socket Mode connection (SLACK_APP_TOKEN)
    expect(sdk.config['sdk-managed-connection-enabled']).toBe(true)
    const hooks = { ...sdk.hooks, ...slackJson.hooks }
    // one process: a signal to the hook (or to its process group, Ctrl+C) reaches the app itself, once
    expect(hooks.start).toBe('exec sh bin/start.sh')
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
    expect(hooks.start).toBe(pkg.scripts.start) // what `npm start` runs
    expect(hooks['get-manifest']).toBe('node scripts/slack-get-manifest.js')
    expect(hooks.doctor).toContain('slack-cli-doctor')
    expect(slackJson.config?.watch?.manifest?.paths).toEqual(['manifest.yml'])
    expect(slackJson.config?.watch?.app?.paths).toEqual(['src/'])
  })

  it('get-manifest prints manifest.yml for a Socket Mode app, valid by Slack’s schema', () => {
    const printed = runHook('get-manifest', '--protocol=message-boundaries --boundary=B0UNDARY')
    const json = /B0UNDARY(.*)B0UNDARY/s.exec(printed)?.[1] ?? ''
    const manifest = JSON.parse(json)
    expect(validateManifest(json)).toEqual([])
    expect(manifest.settings.socket_mode_enabled).toBe(true)
    expect(json).not.toContain('msp-bot.example') // no request URL: events arrive over the socket
    // everything else is manifest.yml's
    const source = parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8'))
    expect(manifest.oauth_config).toEqual(source.oauth_config)
    expect(manifest.display_information).toEqual(source.display_information)
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(
      source.features.slash_commands.map((c: { command: string }) => c.command),
    )
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      source.settings.event_subscriptions.bot_events,
    )
    expect(manifest.settings.interactivity.is_enabled).toBe(true)
  })

  describe('start, with the environment slack run gives it', () => {
    let fake: FakeSlack | undefined
    let socket: SocketModeServer | undefined
    afterAll(async () => {
      await socket?.close()
      await fake?.close()
    })

    it('starts the app in Socket Mode: it connects, answers /msp help, and stops on SIGINT', async () => {
      fake = await startFakeSlack({ extraTokens: [APP_TOKEN] })
      socket = await startSocketModeServer({ appId: TEST_APP_ID, appToken: APP_TOKEN })
      socket.attach(fake)
      const app = start('sh', ['-c', slackJson.hooks.start ?? ''], {
        env: {
          SLACK_APP_TOKEN: APP_TOKEN,
          SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
          // not set by the CLI; here so the app reaches the fake Slack and keeps nothing on disk
          SLACK_API_URL: fake.apiUrl,
          DATABASE_URL: 'memory://',
          PORT: '0',
        },
      })
      try {
        let connected = false
        const connecting = socket.waitForConnection(1, 90_000).then(() => {
          connected = true
        })
        const ended = app.done.then((run) => {
          if (!connected)
            throw new Error(`the app stopped (${run.code}) before connecting:\n${run.stdout}${run.stderr}`)
        })
        connecting.catch(() => {})
        ended.catch(() => {})
        await Promise.race([connecting, ended])
        expect(connected).toBe(true)
        const payload = Object.fromEntries(
          new URLSearchParams(
            slashCommandBody({
              text: 'help',
              userId: 'U0PRIYA',
              responseUrl: fake.responseUrl(),
              triggerId: newTriggerId(),
            }),
          ),
        )
        const ack = await socket.deliver('slash_commands', payload)
        expect(JSON.stringify(ack.payload)).toContain('/msp')
        expect(app.output()).toContain('connected to Slack in Socket Mode')
      } finally {
        app.child.kill('SIGINT')
      }
      const run = await app.done
      expect(run.code, run.stdout + run.stderr).toBe(0)
      expect(run.stdout).toContain('Stopped: database closed.')
      expect(socket.violations).toEqual([])
      expect(fake.violations).toEqual([])
    }, 120_000)
  })
})
