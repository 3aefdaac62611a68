// `migrate`: applies pending migrations and says which (or that there were none) and where the database is.
// `migrate status`: lists applied and pending migrations without applying any (exit 1 when some are pending).
// While a process holds the embedded database, both ask it through its admin socket: it applied every
// migration when it started, and pending ones (a newer checkout) are applied when it restarts.
import { migrationStatus } from '../../db/migration-status.ts'
import { type HeldDatabase, onDatabase, responseError } from '../admin-client.ts'
import type { CliContext, Command } from '../context.ts'
import { describeDatabase, withDatabase } from '../database.ts'
import { CliError, UsageError } from '../errors.ts'

const plural = (n: number) => `${n} migration${n === 1 ? '' : 's'}`
const list = (names: readonly string[]) => names.map((name) => `  ${name}\n`).join('')

async function applyMigrations(context: CliContext): Promise<number> {
  await withDatabase(context.env, async (db) => {
    const applied = db.appliedMigrations
    const total = await db.prisma.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`
    const count = total[0]?.n ?? 0
    const where = describeDatabase(db)
    if (applied.length === 0) {
      await context.stdout(`The database is up to date (${plural(count)} applied): ${where}\n`)
    } else {
      await context.stdout(`Applied ${plural(applied.length)} to the ${where}:\n${list(applied)}`)
    }
  })
  return 0
}

async function heldStatus(held: HeldDatabase) {
  const { response } = await held.send({ command: 'migrate status' })
  if (!response.ok) throw responseError(response, held.holder)
  if (response.command !== 'migrate status')
    throw new CliError(`unexpected answer to migrate status: ${response.command}`)
  return response
}

async function printStatus(
  context: CliContext,
  status: { applied: string[]; pending: string[]; database: string },
): Promise<number> {
  const { applied, pending, database } = status
  if (pending.length === 0) {
    await context.stdout(`The database is up to date (${plural(applied.length)} applied): ${database}\n`)
    return 0
  }
  await context.stdout(
    `${plural(pending.length)} pending (${applied.length} applied) on the ${database}:\n${list(pending)}`,
  )
  return 1
}

export const migrateCommand: Command = {
  name: 'migrate',
  args: '[status]',
  summary: 'apply pending database migrations (status: list them without applying; exit 1 if any)',
  async run(args, context) {
    const [sub, ...extra] = args
    if (extra.length > 0 || (sub !== undefined && sub !== 'status'))
      throw new UsageError('migrate takes no arguments, or status: migrate [status]')
    if (sub === 'status')
      return onDatabase(
        context.env,
        () =>
          withDatabase(
            context.env,
            async (db) =>
              printStatus(context, { ...(await migrationStatus(db.prisma)), database: describeDatabase(db) }),
            { migrate: false },
          ),
        async (held) => {
          const status = await heldStatus(held)
          await context.stderr(`Asked the running msp-bot (process ${held.holder.pid}).\n`)
          return printStatus(context, status)
        },
      )
    return onDatabase(
      context.env,
      () => applyMigrations(context),
      async (held) => {
        const { applied, pending, database } = await heldStatus(held)
        if (pending.length > 0)
          throw new CliError(
            `${plural(pending.length)} pending on the ${database}, held by the running msp-bot ` +
              `(process ${held.holder.pid}), which applies them when it starts: restart it, or stop it ` +
              `and run migrate.\n${list(pending)}`.trimEnd(),
          )
        await context.stderr(`Asked the running msp-bot (process ${held.holder.pid}).\n`)
        await context.stdout(`The database is up to date (${plural(applied.length)} applied): ${database}\n`)
        return 0
      },
    )
  },
}
