// `export [file.json]`: writes the whole book as a JSON snapshot, to the file or else to stdout.
// The text goes out in pieces as it is made (services/snapshot/export-snapshot.ts writeSnapshot): it is never
// held whole, nor parsed back.
import { writeFile } from 'node:fs/promises'
import {
  describeSnapshot,
  exportSnapshot,
  exportSnapshotToFile,
  writeSnapshot,
} from '../../services/snapshot/export-snapshot.ts'
import { onDatabase, responseError } from '../admin-client.ts'
import type { Command } from '../context.ts'
import { withDatabase } from '../database.ts'
import { CliError, UsageError } from '../errors.ts'

const cannotWrite = (file: string, error: unknown) =>
  new CliError(`${file}: cannot write it (${(error as NodeJS.ErrnoException).code ?? String(error)})`)

export const exportCommand: Command = {
  name: 'export',
  args: '[file.json]',
  summary: 'write the whole book as a JSON snapshot (to stdout when no file is given)',
  async run(args, context) {
    const [file, ...extra] = args
    if (extra.length > 0) throw new UsageError('export takes at most one file: export [file.json]')
    const summary = await onDatabase(
      context.env,
      () =>
        withDatabase(context.env, async (db) => {
          if (file === undefined) {
            const snapshot = await exportSnapshot(db.prisma)
            await writeSnapshot(snapshot, context.stdout)
            return describeSnapshot(snapshot)
          }
          // the file is opened only once the book is read: an unreadable book leaves no empty file
          return exportSnapshotToFile(db.prisma, file).catch((error: NodeJS.ErrnoException) => {
            throw error.syscall === 'open' || error.syscall === 'write' ? cannotWrite(file, error) : error
          })
        }),
      async (held) => {
        const { response, body } = await held.send({ command: 'export' })
        if (!response.ok) throw responseError(response, held.holder)
        await context.stderr(`Exported through the running msp-bot (process ${held.holder.pid}).\n`)
        if (response.command !== 'export')
          throw new CliError(`unexpected answer to export: ${response.command}`)
        if (file === undefined) await context.stdout(body.toString('utf8'))
        else await writeFile(file, body).catch((error) => Promise.reject(cannotWrite(file, error)))
        return response.summary
      },
    )
    if (file !== undefined) await context.stdout(`Exported ${summary} to ${file}\n`)
    return 0
  },
}
