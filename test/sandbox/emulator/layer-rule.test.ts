// The sandbox's place in the dependency rule (.dependency-cruiser.cjs): only src/app and src/cli import
// src/sandbox, and the sandbox never imports the Slack edge (it is a generic Slack), the database, app or cli.
import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const repo = resolve(import.meta.dirname, '..', '..', '..')
const depcruise = join(repo, 'node_modules', '.bin', 'depcruise')
const dir = mkdtempSync(join(tmpdir(), 'msp-bot-sandbox-deps-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the sandbox layer rule', () => {
  it('refuses src/slack → src/sandbox and src/sandbox → src/slack or src/db; allows app → sandbox → services', async () => {
    for (const name of ['.dependency-cruiser.cjs', 'tsconfig.json'])
      copyFileSync(join(repo, name), join(dir, name))
    const files: Record<string, string> = {
      'src/db/client.ts': 'export const db = 1\n',
      'src/services/people.ts': 'export const people = 2\n',
      'src/slack/app.ts':
        "import { emulator } from '../sandbox/emulator/emulator.ts'\nexport const app = emulator\n",
      'src/sandbox/emulator/emulator.ts':
        "import { people } from '../../services/people.ts'\nexport const emulator = people\n",
      'src/sandbox/page/page.ts':
        "import { app } from '../../slack/app.ts'\nimport { db } from '../../db/client.ts'\nexport const page = [app, db]\n",
      'src/app/start.ts':
        "import { emulator } from '../sandbox/emulator/emulator.ts'\nexport const start = emulator\n",
    }
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), text)
    }
    const output = await run(depcruise, ['src', '--config', '.dependency-cruiser.cjs'], { cwd: dir }).then(
      ({ stdout }) => ({ code: 0, text: stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        text: `${error.stdout}${error.stderr}`,
      }),
    )
    expect(output.code).not.toBe(0)
    expect(output.text).toMatch(
      /sandbox-only-from-app-and-cli: src\/slack\/app\.ts → src\/sandbox\/emulator\/emulator\.ts/,
    )
    expect(output.text).toMatch(
      /sandbox-is-a-generic-slack: src\/sandbox\/page\/page\.ts → src\/slack\/app\.ts/,
    )
    expect(output.text).toMatch(
      /sandbox-is-a-generic-slack: src\/sandbox\/page\/page\.ts → src\/db\/client\.ts/,
    )
    expect(output.text).not.toContain('src/app/start.ts → src/sandbox')
    expect(output.text).not.toContain('src/sandbox/emulator/emulator.ts → src/services')
  }, 60_000)
})
