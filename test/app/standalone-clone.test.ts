// A clone stands alone: the repository's files, placed where no `shared/` folder sits beside them, run
// the tests that read the Slack specs; and nothing in the code or docs points outside the repository.
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { childEnv, ROOT } from '../cli/child.ts'
import { SLACK_SPECS_DIR } from '../support/slack-spec/spec-files.ts'

const tmp = mkdtempSync(join(tmpdir(), 'msp-clone-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** The files git knows (tracked, or new and not ignored): what a clone would hold. */
function repositoryFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT })
    .toString()
    .split('\0')
    .filter((f) => f !== '' && existsSync(join(ROOT, f)))
}

describe('a clone placed where no shared/ folder exists', () => {
  it('reads the Slack specs from inside the repository', () => {
    expect(SLACK_SPECS_DIR).toBe(join(ROOT, 'slack-specs'))
    for (const file of [
      'web-api/openapi-v2.json',
      'web-api/overlay.json',
      'block-kit-limits.json',
      'signing-test-vector.json',
      'manifest/manifest.schema.json',
    ])
      expect(existsSync(join(SLACK_SPECS_DIR, file)), file).toBe(true)
  })

  it('runs the spec-reading tests with the copy alone', () => {
    const clone = join(tmp, 'msp-bot')
    for (const file of repositoryFiles()) {
      mkdirSync(dirname(join(clone, file)), { recursive: true })
      cpSync(join(ROOT, file), join(clone, file))
    }
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'))
    cpSync(join(ROOT, 'src/generated'), join(clone, 'src/generated'), { recursive: true })
    expect(existsSync(join(tmp, 'shared'))).toBe(false)
    expect(existsSync(join(clone, '..', 'shared'))).toBe(false)
    const run = spawnSync(
      process.execPath,
      [
        join(clone, 'node_modules/vitest/vitest.mjs'),
        'run',
        'test/support/slack-spec/limits.test.ts',
        'test/support/manifest.test.ts',
        'test/support/slack-request.test.ts',
        'test/support/slack-spec/block-kit-validator.test.ts',
      ],
      { cwd: clone, env: childEnv({ CI: 'true' }), encoding: 'utf8', timeout: 120_000 },
    )
    expect(`${run.stdout}${run.stderr}`).not.toContain('Slack specs not found')
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0)
    expect(run.stdout).toMatch(/Test Files\s+.*4 passed/)
  }, 150_000)

  it('no code, script or doc points at ../shared or a machine path', () => {
    const offenders = repositoryFiles()
      .filter((f) => /\.(ts|js|json|md|yml|sh)$|^\.ci\//.test(f))
      .filter((f) => !f.startsWith('test/fixtures/') && f !== 'test/app/standalone-clone.test.ts')
      .flatMap((f) =>
        readFileSync(join(ROOT, f), 'utf8')
          .split('\n')
          .map((line, i) => ({ where: `${f}:${i + 1}`, line }))
          .filter(({ line }) => /\.\.\/shared\b|\/work\/(shared|main)\b|SLACK_SPECS_DIR=/.test(line)),
      )
      .map(({ where, line }) => `${where}: ${line.trim()}`)
    expect(offenders).toEqual([])
  })
})
