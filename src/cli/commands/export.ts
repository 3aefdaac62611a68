// `export [file.json]`: writes the whole book as a JSON snapshot, to the file or else to stdout.
import { writeFile } from 'node:fs/promises'
import { exportSnapshot, serializeSnapshot } from '../../services/snapshot/export-snapshot.ts'
import type { Snapshot } from '../../services/snapshot/snapshot-schema.ts'
import { onDatabase, responseError } from '../admin-client.ts'
import type { Command } from '../context.ts'
import { withDatabase } from '../database.ts'
import { CliError, UsageError } from '../errors.ts'

const describe = (s: Snapshot) =>
  `${s.mspUsers.length} MSP users, ${s.customers.length} customers, ${s.groups.length} groups, ` +
  `${s.portalUsers.length} portal users, ${s.customerUsers.length} customer users`

export const exportCommand: Command = {
  name: 'export',
  args: '[file.json]',
  summary: 'write the whole book as a JSON snapshot (to stdout when no file is given)',
  async run(args, context) {
    const [file, ...extra] = args
    if (extra.length > 0) throw new UsageError('export takes at most one file: export [file.json]')
    const text = await onDatabase(
      context.env,
      async () => serializeSnapshot(await withDatabase(context.env, (db) => exportSnapshot(db.prisma))),
      async (held) => {
        const { response, body } = await held.send({ command: 'export' })
        if (!response.ok) throw responseError(response, held.holder)
        await context.stderr(`Exported through the running msp-bot (process ${held.holder.pid}).\n`)
        return body.toString('utf8')
      },
    )
    if (file === undefined) {
      await context.stdout(text)
      return 0
    }
    const snapshot = JSON.parse(text) as Snapshot
    try {
      await writeFile(file, text)
    } catch (error) {
      throw new CliError(
        `${file}: cannot write it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      )
    }
    await context.stdout(`Exported ${describe(snapshot)} to ${file}\n`)
    return 0
  },
}
