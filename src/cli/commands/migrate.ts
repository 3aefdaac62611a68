// `migrate`: applies pending migrations and says which (or that there were none) and where the database is.
import type { Command } from '../context.ts'
import { describeDatabase, withDatabase } from '../database.ts'
import { UsageError } from '../errors.ts'

export const migrateCommand: Command = {
  name: 'migrate',
  args: '',
  summary: 'apply pending database migrations',
  async run(args, context) {
    if (args.length > 0) throw new UsageError('migrate takes no arguments')
    await withDatabase(context.env, async (db) => {
      const applied = db.appliedMigrations
      const total = await db.prisma.$queryRaw<Array<{ n: number }>>`
        SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`
      const count = total[0]?.n ?? 0
      const where = describeDatabase(db)
      if (applied.length === 0) {
        await context.stdout(
          `The database is up to date (${count} migration${count === 1 ? '' : 's'} applied): ${where}\n`,
        )
      } else {
        const list = applied.map((name) => `  ${name}\n`).join('')
        await context.stdout(
          `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'} to the ${where}:\n${list}`,
        )
      }
    })
    return 0
  },
}
