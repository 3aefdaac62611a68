// The dependency rule (.dependency-cruiser.cjs, run on src/ by `npm run lint:deps` in `npm test`): a planted
// violation fails it, naming both files.
import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const repo = resolve(import.meta.dirname, '..', '..')
const depcruise = join(repo, 'node_modules', '.bin', 'depcruise')

async function cruise(cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(depcruise, ['src', '--config', '.dependency-cruiser.cjs'], { cwd })
    return { code: 0, output: stdout }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, output: `${e.stdout}${e.stderr}` }
  }
}

/** A copy of the rule in a folder of its own, with the given source files. */
function houseWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'msp-bot-deps-'))
  for (const name of ['.dependency-cruiser.cjs', 'tsconfig.json'])
    copyFileSync(join(repo, name), join(dir, name))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

const planted: string[] = []
afterAll(() => {
  for (const dir of planted) rmSync(dir, { recursive: true, force: true })
})

describe('the dependency rule', () => {
  it('fails on an import from src/slack into src/db, and from src/domain into anything outside it, naming both files', async () => {
    const dir = houseWith({
      'src/db/client.ts': 'export const db = 1\n',
      'src/services/plan.ts': "import { rule } from '../domain/rule.ts'\nexport const plan = rule\n",
      'src/domain/rule.ts': "import { db } from '../db/client.ts'\nexport const rule = db\n",
      'src/domain/clock.ts': "import { readFileSync } from 'node:fs'\nexport const clock = readFileSync\n",
      'src/slack/list.ts':
        "import { db } from '../db/client.ts'\nimport { plan } from '../services/plan.ts'\nexport const list = [db, plan]\n",
    })
    planted.push(dir)
    const { code, output } = await cruise(dir)
    expect(code).not.toBe(0)
    expect(output).toMatch(/slack-reaches-data-through-services: src\/slack\/list\.ts → src\/db\/client\.ts/)
    expect(output).toMatch(/domain-is-pure: src\/domain\/rule\.ts → src\/db\/client\.ts/)
    expect(output).toMatch(/domain-is-pure: src\/domain\/clock\.ts → fs/)
    // slack → services and services → domain are allowed
    expect(output).not.toContain('src/slack/list.ts → src/services/plan.ts')
    expect(output).not.toContain('src/services/plan.ts → src/domain/rule.ts')
  }, 60_000)
})
