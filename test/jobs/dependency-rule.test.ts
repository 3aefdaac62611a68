// The job layer's place in the dependency rule (.dependency-cruiser.cjs): only src/app and src/cli import
// src/jobs; src/jobs imports services, db and domain, never an edge or the words.
import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, expect, it } from 'vitest'

const run = promisify(execFile)
const repo = resolve(import.meta.dirname, '..', '..')
const depcruise = join(repo, 'node_modules', '.bin', 'depcruise')
let dir = ''
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

it('refuses src/jobs from services, slack, db and domain, and edges or words from src/jobs', async () => {
  dir = mkdtempSync(join(tmpdir(), 'msp-bot-jobs-deps-'))
  const files: Record<string, string> = {
    'src/jobs/queue.ts':
      "import { use } from '../services/use.ts'\nimport { word } from '../messages/word.ts'\nimport { reply } from '../slack/reply.ts'\nexport const queue = [use, word, reply]\n",
    'src/services/use.ts': "import { rule } from '../domain/rule.ts'\nexport const use = rule\n",
    'src/services/enqueue.ts': "import { queue } from '../jobs/queue.ts'\nexport const enqueue = queue\n",
    'src/domain/rule.ts': 'export const rule = 1\n',
    'src/domain/later.ts': "import { queue } from '../jobs/queue.ts'\nexport const later = queue\n",
    'src/db/client.ts': "import { queue } from '../jobs/queue.ts'\nexport const db = queue\n",
    'src/messages/word.ts': "export const word = 'w'\n",
    'src/slack/reply.ts': 'export const reply = 1\n',
    'src/slack/button.ts': "import { queue } from '../jobs/queue.ts'\nexport const button = queue\n",
    'src/app/start.ts': "import { queue } from '../jobs/queue.ts'\nexport const start = queue\n",
    'src/cli/main.ts': "import { queue } from '../jobs/queue.ts'\nexport const main = queue\n",
  }
  for (const name of ['.dependency-cruiser.cjs', 'tsconfig.json'])
    copyFileSync(join(repo, name), join(dir, name))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  const output = await run(depcruise, ['src', '--config', '.dependency-cruiser.cjs'], { cwd: dir }).then(
    () => 'passed',
    (error: { stdout: string; stderr: string }) => `${error.stdout}${error.stderr}`,
  )
  for (const from of ['services/enqueue.ts', 'domain/later.ts', 'db/client.ts', 'slack/button.ts'])
    expect(output).toContain(`jobs-only-from-app-and-cli: src/${from} → src/jobs/queue.ts`)
  expect(output).toContain('jobs-use-services-db-and-domain: src/jobs/queue.ts → src/messages/word.ts')
  expect(output).toContain('jobs-use-services-db-and-domain: src/jobs/queue.ts → src/slack/reply.ts')
  for (const allowed of [
    'src/app/start.ts → src/jobs',
    'src/cli/main.ts → src/jobs',
    'src/jobs/queue.ts → src/services',
  ])
    expect(output).not.toContain(allowed)
}, 60_000)
