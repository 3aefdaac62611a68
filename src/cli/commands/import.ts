// `import <file.json>`: replaces the whole book with a snapshot in one transaction.
// The file is checked before the database is opened; a bad one changes nothing and lists every problem.
import { readFile } from 'node:fs/promises'
import { snapshotIssueLines } from '../../messages/snapshot.ts'
import { importValidSnapshot } from '../../services/snapshot/import-snapshot.ts'
import type { SnapshotIssue } from '../../services/snapshot/snapshot-problems.ts'
import { validateSnapshot } from '../../services/snapshot/validate-snapshot.ts'
import { onDatabase, responseError } from '../admin-client.ts'
import type { Command } from '../context.ts'
import { describeDatabase, withDatabase } from '../database.ts'
import { CliError, UsageError } from '../errors.ts'

export async function readJsonFile(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new CliError(
      code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read it (${code ?? error})`,
    )
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new CliError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`)
  }
}

function problemsMessage(file: string, problems: readonly SnapshotIssue[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`
  const lines = snapshotIssueLines(problems)
  return [`${file}: the snapshot has ${count}; nothing was imported.`, ...lines].join('\n')
}

export const importCommand: Command = {
  name: 'import',
  args: '<file.json>',
  summary: 'replace the whole book with a JSON snapshot (one transaction; a bad file changes nothing)',
  async run(args, context) {
    const [file, ...extra] = args
    if (file === undefined || extra.length > 0)
      throw new UsageError('import needs exactly one file: import <file.json>')
    let json: unknown = await readJsonFile(file)
    const validation = await validateSnapshot(json)
    if (!validation.ok) throw new CliError(problemsMessage(file, validation.problems))
    const done = await onDatabase(
      context.env,
      () => {
        json = undefined // the checked snapshot is imported as it is: the file's JSON is not needed again
        return withDatabase(context.env, async (db) => {
          const result = await importValidSnapshot(db.prisma, validation.snapshot)
          return { database: describeDatabase(db), summary: result.summary }
        })
      },
      async (held) => {
        const { response } = await held.send({ command: 'import', args: { snapshot: json } })
        if (!response.ok && 'problems' in response)
          throw new CliError(problemsMessage(file, response.problems))
        if (!response.ok) throw responseError(response, held.holder)
        if (response.command !== 'import')
          throw new CliError(`unexpected answer to import: ${response.command}`)
        await context.stderr(`Imported through the running msp-bot (process ${held.holder.pid}).\n`)
        return { database: response.database, summary: response.summary }
      },
    )
    await context.stdout(`Imported ${file} into the ${done.database}: ${done.summary}\n`)
    return 0
  },
}
